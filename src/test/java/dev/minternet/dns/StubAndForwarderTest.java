package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The stub's and the forwarder's retry orders, driven on a scripted network. */
class StubAndForwarderTest {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");
    final World w = new World(1, Instant.EPOCH);
    final Map<Integer, Function<Message, Message>> servers = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    final Upstream script = (q, server, name, timeoutNs, tcp, cb) -> {
        asked.add(w.sim().now() / Durations.MS + "ms " + Ip4.str(server));
        Function<Message, Message> s = servers.get(server);
        if (s == null) {
            w.sim().schedule(timeoutNs, () -> cb.done(null, timeoutNs, 0));
        } else {
            Message r = s.apply(q);
            w.sim().schedule(Durations.MS, () -> cb.done(r, Durations.MS, r.toWire().length));
        }
    };

    static Function<Message, Message> answering(int rcode) {
        return q -> {
            Message r = Dns.replyTo(q);
            r.getHeader().setRcode(rcode);
            if (rcode == Rcode.NOERROR) {
                r.addRecord(Dns.aRecord(q.getQuestion().getName(), 60, Ip4.parse("192.0.2.80")), Section.ANSWER);
            }
            return r;
        };
    }

    @Test
    void the_stub_tries_each_nameserver_in_turn_for_each_attempt_as_glibc_does() {
        Node n = w.addHost("laptop");
        StubResolver stub = new StubResolver(n, List.of(A, B), 2 * Durations.S, 2, Map.of(), script);
        List<StubResolver.Answer> out = new ArrayList<>();
        stub.lookup("www.example.com", Type.A, out::add);
        w.sim().run();
        assertThat(asked).containsExactly("0ms 10.0.0.1", "2000ms 10.0.0.2", "4000ms 10.0.0.1", "6000ms 10.0.0.2");
        assertThat(out.get(0).rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(out.get(0).source()).isEqualTo("timeout");
    }

    @Test
    void the_stub_takes_nxdomain_as_an_answer_and_servfail_as_a_reason_to_ask_the_next() {
        Node n = w.addHost("laptop");
        servers.put(A, answering(Rcode.SERVFAIL));
        servers.put(B, answering(Rcode.NXDOMAIN));
        StubResolver stub = new StubResolver(n, List.of(A, B), 2 * Durations.S, 2, Map.of(), script);
        List<StubResolver.Answer> out = new ArrayList<>();
        stub.lookup("nosuch.example.com", Type.A, out::add);
        w.sim().run();
        assertThat(asked).containsExactly("0ms 10.0.0.1", "1ms 10.0.0.2");
        assertThat(out.get(0).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(out.get(0).ok()).isFalse();
    }

    @Test
    void the_forwarder_moves_to_its_next_upstream_and_then_answers_from_its_cache() {
        Node n = w.addHost("home");
        servers.put(B, answering(Rcode.NOERROR));
        Forwarder f = new Forwarder(n, List.of(A, B), script);
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Message q = DnsClient.newQuery(Name.fromConstantString("www.example.com."), Type.A, true, false);
            f.listener().accept(q.toWire(), Ip4.parse("192.168.1.10"), 40000, DnsListener.Transport.UDP,
                    b -> replies.add(Dns.parse(b)));
            w.sim().run();
        }
        assertThat(asked).containsExactly("0ms 10.0.0.1", "2000ms 10.0.0.2");
        assertThat(replies).hasSize(2).allMatch(m -> m.getSection(Section.ANSWER).size() == 1);
        assertThat(f.forwarded()).isEqualTo(2);
        assertThat(f.cache().hits()).isEqualTo(1);
    }
}
