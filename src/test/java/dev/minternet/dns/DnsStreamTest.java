package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.transport.StreamSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** DNS over a stream (RFC 7766), on an in-memory pipe standing in for TCP. */
class DnsStreamTest {
    /** One end of an in-memory pipe: bytes sent arrive at the peer one simulator step later, in chunks of {@code chunk}. */
    static final class PipeEnd implements StreamSocket {
        final World w;
        final int addr;
        final int port;
        final int chunk;
        final int space;
        PipeEnd peer;
        Handler handler;
        boolean closed;

        PipeEnd(World w, int addr, int port, int chunk, int space) {
            this.w = w;
            this.addr = addr;
            this.port = port;
            this.chunk = chunk;
            this.space = space;
        }

        @Override
        public void setHandler(Handler h) {
            handler = h;
        }

        @Override
        public int send(byte[] data, int off, int len) {
            int n = Math.min(len, space); // a small send buffer: the writer must come back on onWritable
            for (int i = 0; i < n; i += chunk) {
                byte[] part = java.util.Arrays.copyOfRange(data, off + i, off + Math.min(n, i + chunk));
                w.sim().schedule(1, () -> {
                    if (!peer.closed) {
                        peer.handler.onData(peer, part);
                    }
                });
            }
            if (n < len) {
                w.sim().schedule(2, () -> handler.onWritable(this));
            }
            return n;
        }

        @Override
        public int sendBufferSpace() {
            return space;
        }

        @Override
        public void shutdownOutput() {
            w.sim().schedule(1, () -> peer.handler.onPeerClosed(peer));
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                w.sim().schedule(1, () -> {
                    if (!peer.closed) {
                        peer.handler.onPeerClosed(peer);
                    }
                });
            }
        }

        @Override
        public void abort() {
            close();
        }

        @Override
        public int localAddress() {
            return addr;
        }

        @Override
        public int localPort() {
            return port;
        }

        @Override
        public int remoteAddress() {
            return peer.addr;
        }

        @Override
        public int remotePort() {
            return peer.port;
        }

        @Override
        public String nodeName() {
            return "pipe";
        }
    }

    @Test
    void a_large_answer_comes_whole_over_a_stream_in_any_segmentation() throws Exception {
        for (int chunk : new int[] {1, 7, 100, 2000}) {
            World w = new World(1, Instant.EPOCH);
            Node n = w.addHost("ns1");
            AuthoritativeServer server = new AuthoritativeServer(n).addZone(ZoneTest.zone(ZoneTest.TEXT + """
                    big IN TXT "%s"
                    big IN TXT "%s"
                    big IN TXT "%s"
                    """.formatted("a".repeat(250), "b".repeat(250), "c".repeat(250))));
            PipeEnd client = new PipeEnd(w, 0x0a000001, 40000, chunk, 300);
            PipeEnd srv = new PipeEnd(w, 0x0a000035, 53, chunk, 300);
            client.peer = srv;
            srv.peer = client;
            DnsStream.serve(server.listener(), srv);
            List<byte[]> replies = new ArrayList<>();
            Message q = DnsClient.newQuery(Name.fromConstantString("big.example.com."), Type.TXT, false, false);
            DnsStream.exchange(client, q.toWire(), replies::add);
            w.sim().run();
            assertThat(replies).hasSize(1);
            Message m = new Message(replies.get(0));
            assertThat(replies.get(0).length).isGreaterThan(Dns.UDP_LIMIT);
            assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(m.getSection(1)).hasSize(3);
            assertThat(server.listener().queries()).isEqualTo(1);
        }
    }

    @Test
    void a_server_that_closes_before_replying_gives_null() {
        World w = new World(1, Instant.EPOCH);
        PipeEnd client = new PipeEnd(w, 1, 40000, 100, 1000);
        PipeEnd srv = new PipeEnd(w, 2, 53, 100, 1000);
        client.peer = srv;
        srv.peer = client;
        srv.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket s, byte[] data) {
                s.close();
            }
        });
        List<byte[]> replies = new ArrayList<>();
        DnsStream.exchange(client, new byte[] {1, 2, 3}, replies::add);
        w.sim().run();
        assertThat(replies).containsExactly((byte[]) null);
    }
}
