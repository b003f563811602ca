package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip6.Ip6Events;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A router's ip6tables rules and IPv6 fragments: the router gathers the fragments it forwards
 * (Linux's nf_defrag_ipv6 before conntrack), so the FORWARD chain judges the whole echo request
 * (ICMPv6, allowed) rather than fragments whose next header is 44 (which the deny policy would
 * drop), and the reply comes back as an established flow; the fragments go on as they came.
 */
class Firewall6FragmentsTest {
    static final String YAML = """
            name: firewall6-fragments
            seed: 16
            duration: 20s
            nodes:
              - {name: a, kind: host, routes: ["::/0 via 2001:db8:1::1"]}
              - {name: www, kind: host, routes: ["::/0 via 2001:db8:2::1"]}
              - name: r
                kind: router
                firewall:
                  policy: {forward: deny}
                  rules:
                    - {action: allow, direction: forward, proto: icmp, to: "2001:db8:2::/64"}
            links:
              - {a: r ipv6 2001:db8:1::1/64, b: a ipv6 2001:db8:1::10/64, delay: 1ms}
              - {a: r ipv6 2001:db8:2::1/64, b: www ipv6 2001:db8:2::80/64, delay: 1ms}
            timeline:
              - {at: 1s, on: a, run: "ping -6 -c 2 -s 3000 2001:db8:2::80"}
            """;

    static Runs.Result run;

    @BeforeAll
    static void play() {
        run = Runs.run(YAML);
    }

    @Test
    void the_forward_chain_judges_the_whole_datagram_and_the_replies_come_back() {
        List<String> ping = run.block("a", "ping -6 -c 2 -s 3000 2001:db8:2::80", 0);
        assertThat(ping.get(1)).startsWith("3008 bytes from 2001:db8:2::80: icmp_seq=1 ttl=63 time=");
        assertThat(ping).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
        List<TraceEvent> verdicts = run.events(e -> e.is(FirewallEvents.VERDICT) && e.node().equals("r"));
        // the first request's whole datagram is NEW and accepted by rule 1; the rest is the established flow (untraced)
        assertThat(verdicts).hasSize(1).allSatisfy(v -> {
            assertThat(v.get(FirewallEvents.TARGET)).isEqualTo("ACCEPT");
            assertThat(v.get(FirewallEvents.RULE)).isEqualTo("1");
            assertThat(v.get(FirewallEvents.CTSTATE)).isEqualTo("NEW");
            assertThat(v.get(FirewallEvents.PACKET)).startsWith("icmp6 [2001:db8:1::10]");
        });
        // both directions gathered at r, each datagram once; 12 fragments forwarded unchanged
        assertThat(run.events(e -> e.is(Ip6Events.REASSEMBLED) && e.node().equals("r"))).hasSize(4);
        assertThat(run.events(e -> e.is(Ip6Events.FORWARD) && e.node().equals("r"))).hasSize(12);
        assertThat(run.events(e -> e.is(Ip6Events.FRAGMENT) && e.node().equals("r"))).isEmpty();
    }
}
