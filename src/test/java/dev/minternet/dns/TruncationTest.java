package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * RFC 1035 4.2.1 and RFC 6891 6.2.5: a UDP answer larger than 512 bytes (or the client's EDNS
 * size) is truncated with TC set; over TCP it is whole.
 */
class TruncationTest {
    static List<byte[]> ask(DnsListener.Transport t, boolean edns) throws Exception {
        World w = new World(1, Instant.EPOCH);
        Node n = w.addHost("ns1");
        AuthoritativeServer s = new AuthoritativeServer(n).addZone(ZoneTest.zone(ZoneTest.TEXT + """
                big IN TXT "%s"
                big IN TXT "%s"
                big IN TXT "%s"
                """.formatted("a".repeat(250), "b".repeat(250), "c".repeat(250))));
        Message q = DnsClient.newQuery(Name.fromConstantString("big.example.com."), Type.TXT, false, edns);
        List<byte[]> replies = new ArrayList<>();
        s.listener().accept(q.toWire(), 0x0a000001, 40000, t, replies::add);
        return replies;
    }

    @Test
    void without_edns_a_large_answer_is_truncated_to_512_bytes_with_tc() throws Exception {
        byte[] r = ask(DnsListener.Transport.UDP, false).get(0);
        assertThat(r.length).isLessThanOrEqualTo(512);
        Message m = new Message(r);
        assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    }

    @Test
    void with_edns_the_answer_fits_in_1232_bytes() throws Exception {
        Message m = new Message(ask(DnsListener.Transport.UDP, true).get(0));
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(1)).hasSize(3);
        assertThat(m.getOPT().getPayloadSize()).isEqualTo(Dns.EDNS_PAYLOAD);
    }

    @Test
    void over_tcp_the_answer_is_whole() throws Exception {
        Message m = new Message(ask(DnsListener.Transport.TCP, false).get(0));
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(1)).hasSize(3);
    }
}
