package dev.minternet.dns;

import dev.minternet.transport.StreamSocket;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * DNS over a byte stream (RFC 1035 4.2.2, RFC 7766): messages framed by {@link TcpFraming} on a
 * {@link StreamSocket}, the seam TCP implements. The server side feeds each query to a
 * {@link DnsListener} as a TCP query (no 512-byte limit, no truncation) and writes the framed
 * reply back; the client side sends one query and hands back the first reply.
 *
 * <p>What remains once TCP is on main: {@code DnsListener.start} also listens on TCP port 53 and
 * calls {@link #serve} for each accepted connection, and a {@link DnsClient.StreamTransport}
 * that connects to {@code server:53} and calls {@link #exchange} is installed with
 * {@link DnsClient#setStreamTransport}; the resolver, forwarder, stub and dig then retry
 * truncated answers over TCP, and {@code dig +tcp} works.
 */
final class DnsStream {
    private DnsStream() {
    }

    /** Writes whole frames, keeping what the send buffer did not take for {@code onWritable}. */
    private static final class Writer {
        final StreamSocket socket;
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        int offset;

        Writer(StreamSocket socket) {
            this.socket = socket;
        }

        void write(byte[] frame) {
            pending.add(frame);
            flush();
        }

        void flush() {
            while (!pending.isEmpty()) {
                byte[] f = pending.peek();
                int n = socket.send(f, offset, f.length - offset);
                offset += n;
                if (offset < f.length) {
                    return;
                }
                pending.poll();
                offset = 0;
            }
        }
    }

    /** Serves DNS queries arriving on an accepted connection (RFC 7766 6.2: several may come in a row). */
    public static void serve(DnsListener listener, StreamSocket s) {
        TcpFraming.Decoder decoder = new TcpFraming.Decoder();
        Writer w = new Writer(s);
        s.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket sock, byte[] data) {
                for (byte[] msg : decoder.feed(data)) {
                    // a connection over IPv6 names its asker by the IPv6 address (ACLs, RRL, the trace)
                    String peer = sock.remoteHost();
                    dev.minternet.wire.Ip6 peer6 = peer.indexOf(':') >= 0 ? dev.minternet.wire.Ip6.parse(peer) : null;
                    listener.accept(msg, peer6 != null ? 0 : sock.remoteAddress(), peer6, sock.remotePort(),
                            DnsListener.Transport.TCP, wire -> w.write(TcpFraming.frame(wire)));
                }
            }

            @Override
            public void onWritable(StreamSocket sock) {
                w.flush();
            }

            @Override
            public void onPeerClosed(StreamSocket sock) {
                sock.close(); // RFC 7766 6.2.3: the client is done; so are we.
            }
        });
    }

    /** Sends {@code query} on a connected socket; {@code reply} gets the first reply's bytes, or null. */
    public static void exchange(StreamSocket s, byte[] query, Consumer<byte[]> reply) {
        TcpFraming.Decoder decoder = new TcpFraming.Decoder();
        Writer w = new Writer(s);
        boolean[] done = {false};
        s.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket sock, byte[] data) {
                for (byte[] msg : decoder.feed(data)) {
                    if (!done[0]) {
                        done[0] = true;
                        sock.close();
                        reply.accept(msg);
                    }
                }
            }

            @Override
            public void onWritable(StreamSocket sock) {
                w.flush();
            }

            @Override
            public void onPeerClosed(StreamSocket sock) {
                // RFC 7766 6.2.4: the server may close before answering; that query failed.
                if (!done[0]) {
                    done[0] = true;
                    sock.close();
                    reply.accept(null);
                }
            }

            @Override
            public void onClosed(StreamSocket sock, String error) {
                if (!done[0]) {
                    done[0] = true;
                    reply.accept(null);
                }
            }
        });
        w.write(TcpFraming.frame(query));
    }
}
