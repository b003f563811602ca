package dev.minternet.services;

import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-only: an in-memory connection between two {@link StreamSocket} ends. Bytes sent on one end
 * reach the other {@code delayNs} later through the simulator, in order. With a chunking stream,
 * every send is cut into pieces of 1..maxChunk bytes (seeded, so reproducible) delivered as
 * separate {@code onData} calls, which exercises partial-message parsing. A finite send buffer
 * makes {@code send} accept fewer bytes than offered until deliveries free space
 * ({@code onWritable}). A tap sees every accepted send, for captures.
 *
 * <p>Closing: {@code shutdownOutput}/{@code close} deliver the peer's onPeerClosed after the
 * delay; once both directions are shut, both ends hear onClosed(null). {@code abort} gives the
 * peer onClosed("connection reset by peer") after the delay.
 */
public final class SimPipe {
    /** Sees each accepted send: when, from which end, which bytes. */
    @FunctionalInterface
    public interface Tap {
        void sent(long timeNs, End from, byte[] data);
    }

    private final Simulator sim;
    private final long delayNs;
    private final SplittableRandom chunker;
    private final int maxChunk;
    private final int sendBuffer;
    private final End client;
    private final End server;
    private Tap tap;

    public SimPipe(Simulator sim, long delayNs, SplittableRandom chunker, int maxChunk, int sendBuffer) {
        this.sim = sim;
        this.delayNs = delayNs;
        this.chunker = chunker;
        this.maxChunk = maxChunk;
        this.sendBuffer = sendBuffer;
        this.client = new End("client", 0x0a000001, 40000);
        this.server = new End("server", 0x0a000002, 5432);
        client.peer = server;
        server.peer = client;
    }

    /** A pipe delivering whole sends after {@code delayNs}, unlimited buffer. */
    public SimPipe(Simulator sim, long delayNs) {
        this(sim, delayNs, null, 0, Integer.MAX_VALUE);
    }

    public End client() {
        return client;
    }

    public End server() {
        return server;
    }

    /** The network kills the connection (e.g. a middlebox sends RST both ways): both ends hear onClosed now. */
    public void reset() {
        for (End e : new End[] {client, server}) {
            e.closed = true;
            e.outputShut = true;
        }
        client.notifyClosed(client, "connection reset by peer");
        server.notifyClosed(server, "connection reset by peer");
    }

    public SimPipe tap(Tap t) {
        this.tap = t;
        return this;
    }

    public final class End implements StreamSocket {
        private final String name;
        private final int address;
        private final int port;
        End peer;
        private Handler handler;
        private final List<byte[]> early = new ArrayList<>();
        private int inFlight;
        private boolean blocked;
        private boolean outputShut;
        private boolean inputShut;
        private boolean closed;
        private boolean closedNotified;

        End(String name, int address, int port) {
            this.name = name;
            this.address = address;
            this.port = port;
        }

        public String name() {
            return name;
        }

        @Override
        public void setHandler(Handler h) {
            this.handler = h;
            for (byte[] b : early) {
                h.onData(this, b);
            }
            early.clear();
        }

        @Override
        public int send(byte[] data, int off, int len) {
            if (outputShut || closed) {
                throw new IllegalStateException(name + ": send after close");
            }
            int n = Math.min(len, sendBufferSpace());
            if (n < len) {
                blocked = true;
            }
            if (n == 0) {
                return 0;
            }
            byte[] copy = Arrays.copyOfRange(data, off, off + n);
            if (tap != null) {
                tap.sent(sim.now(), this, copy);
            }
            inFlight += n;
            int p = 0;
            while (p < n) {
                int k = chunker == null ? n - p : Math.min(n - p, 1 + chunker.nextInt(maxChunk));
                byte[] chunk = Arrays.copyOfRange(copy, p, p + k);
                sim.schedule(delayNs, () -> deliver(chunk));
                p += k;
            }
            return n;
        }

        private void deliver(byte[] chunk) {
            inFlight -= chunk.length;
            if (!peer.closed) {
                if (peer.handler == null) {
                    peer.early.add(chunk);
                } else {
                    peer.handler.onData(peer, chunk);
                }
            }
            if (blocked && !closed && handler != null) {
                blocked = false;
                handler.onWritable(this);
            }
        }

        @Override
        public int sendBufferSpace() {
            return sendBuffer == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, sendBuffer - inFlight);
        }

        @Override
        public void shutdownOutput() {
            if (outputShut) {
                return;
            }
            outputShut = true;
            sim.schedule(delayNs, () -> {
                peer.inputShut = true;
                if (!peer.closed && peer.handler != null) {
                    peer.handler.onPeerClosed(peer);
                }
                if (peer.outputShut) {
                    notifyClosed(peer, null);
                    notifyClosed(this, null);
                }
            });
        }

        @Override
        public void close() {
            shutdownOutput();
            closed = true;
        }

        @Override
        public void abort() {
            if (closed && outputShut) {
                return;
            }
            closed = true;
            outputShut = true;
            closedNotified = true;
            sim.schedule(delayNs, () -> notifyClosed(peer, "connection reset by peer"));
        }

        private void notifyClosed(End e, String error) {
            if (!e.closedNotified) {
                e.closedNotified = true;
                if (e.handler != null) {
                    e.handler.onClosed(e, error);
                }
            }
        }

        public boolean isClosed() {
            return closed;
        }

        public boolean isInputShut() {
            return inputShut;
        }

        @Override
        public int localAddress() {
            return address;
        }

        @Override
        public int localPort() {
            return port;
        }

        @Override
        public int remoteAddress() {
            return peer.address;
        }

        @Override
        public int remotePort() {
            return peer.port;
        }

        @Override
        public String nodeName() {
            return name;
        }
    }
}
