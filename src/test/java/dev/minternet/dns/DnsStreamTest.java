package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.transport.StreamPipe;
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
    /**
     * An in-memory connection (1 ns one way) delivering pieces of at most {@code chunk} bytes,
     * with a send buffer of {@code space} bytes: a large write must come back on onWritable.
     */
    static StreamPipe pipe(World w, int clientAddr, int serverAddr, int chunk, int space) {
        return StreamPipe.create(w.sim(), new StreamPipe.Config(1, 0, space, chunk), "client", clientAddr, 40000, "ns",
                serverAddr, 53);
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
            StreamPipe p = pipe(w, 0x0a000001, 0x0a000035, chunk, 300);
            StreamSocket client = p.client();
            DnsStream.serve(server.listener(), p.server());
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
        StreamPipe p = pipe(w, 1, 2, 100, 1000);
        StreamSocket client = p.client();
        p.server().setHandler(new StreamSocket.Handler() {
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
