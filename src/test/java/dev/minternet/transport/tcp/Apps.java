package dev.minternet.transport.tcp;

import dev.minternet.sim.Simulator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Small applications for integration tests: a bulk sender and a digesting sink. */
final class Apps {
    private Apps() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends {@code total} bytes (pseudo-random, or zeros) as fast as the socket takes them, then closes. */
    static final class BulkSender implements TcpHandler {
        final long total;
        final boolean zeros;
        final SplittableRandom random;
        final MessageDigest digest = sha256();
        final byte[] chunk = new byte[16 * 1024];
        int chunkPos = chunk.length;
        long sent;
        boolean closed;
        TcpError error;
        long finishedAt = -1;
        TcpConnection conn;

        BulkSender(long total, boolean zeros, long seed) {
            this.total = total;
            this.zeros = zeros;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void onConnected(TcpConnection c) {
            conn = c;
            fill(c);
        }

        @Override
        public void onWritable(TcpConnection c) {
            fill(c);
        }

        void fill(TcpConnection c) {
            while (sent < total) {
                int want = (int) Math.min(total - sent, 64 * 1024);
                int n;
                if (zeros) {
                    n = c.sendZeros(want);
                } else {
                    if (chunkPos == chunk.length) {
                        random.nextBytes(chunk);
                        chunkPos = 0;
                    }
                    int len = Math.min(want, chunk.length - chunkPos);
                    n = c.send(chunk, chunkPos, len);
                    if (n > 0) {
                        digest.update(chunk, chunkPos, n);
                        chunkPos += n;
                    }
                }
                if (n <= 0) {
                    return;
                }
                sent += n;
            }
            if (!closed) {
                closed = true;
                c.close();
            }
        }

        @Override
        public void onClosed(TcpConnection c, TcpError e) {
            error = e;
            finishedAt = 0;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** Reads everything, digests it, closes when the peer does. */
    static class Sink implements TcpHandler {
        final MessageDigest digest = sha256();
        final byte[] buf = new byte[64 * 1024];
        final boolean digesting;
        long received;
        boolean eof;
        long eofAt = -1;
        TcpError error;
        final Simulator sim;

        Sink(Simulator sim, boolean digesting) {
            this.sim = sim;
            this.digesting = digesting;
        }

        @Override
        public void onReadable(TcpConnection c) {
            while (c.available() > 0) {
                if (digesting) {
                    int n = c.read(buf, 0, buf.length);
                    digest.update(buf, 0, n);
                    received += n;
                } else {
                    received += c.skip(c.available());
                }
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            onReadable(c);
            eof = true;
            eofAt = sim.now();
            c.close();
        }

        @Override
        public void onClosed(TcpConnection c, TcpError e) {
            error = e;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
