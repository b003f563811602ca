package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stateful rule ({@code -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT}) is a rule like
 * any other: first in each chain by default, moved by writing it elsewhere, dropped with {@code
 * stateful: false}; and a router whose OUTPUT chain drops its own ICMP errors is a silent hop for
 * traceroute, as on Linux.
 */
class StatefulRuleTest {
    /** client - router - server; {@code %s} is the router's and the server's extra fields. */
    private static String world(String router, String server, String timeline) {
        return """
                name: stateful
                seed: 7
                routing: global
                nodes:
                  - {name: client, kind: host}
                  - name: router
                    kind: router
                %s
                  - name: server
                    kind: host
                %s
                links:
                  - {a: client 10.0.0.2/24, b: router 10.0.0.1/24, delay: 1ms}
                  - {a: router 10.0.1.1/24, b: server 10.0.1.2/24, delay: 1ms}
                timeline:
                """.formatted(router, server) + timeline;
    }

    private static Firewall firewall(Runs.Result r, String node) {
        return Netfilter.of(r.world().node(node).ip()).firewall();
    }

    /** The server talks to the client's UDP echo and pings the router, behind "deny in from the client's LAN". */
    private static final String TALK = """
              - {at: 0s, on: client, run: "nc -u -l -e cat 4000"}
              - {at: 1s, on: server, run: "nc -u -w 1 -m outbound client 4000"}
              - {at: 3s, on: server, run: "ping -c 1 -W 1 10.0.1.1"}
              - {at: 5s, on: server, run: "iptables -L -v -n"}
              - {at: 5s, on: server, run: "iptables -S"}
            """;

    @Test
    void by_default_the_stateful_rule_comes_first_so_replies_pass_a_later_deny() {
        Runs.Result r = Runs.run(world("", """
                    firewall:
                      policy: {in: deny}
                      rules:
                        - {action: deny, direction: in, from: 10.0.0.0/24}
                """, TALK));
        List<String> t = r.terminal("server");
        assertThat(t).contains("outbound", "1 packets transmitted, 1 received, 0% packet loss, time 0ms");
        assertThat(t).containsSubsequence(
                "Chain INPUT (policy DROP 0 packets, 0 bytes)",
                " pkts bytes target     prot opt in     out     source               destination",
                "    2   121 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED",
                "    0     0 DROP       all  --  *      *       10.0.0.0/24          0.0.0.0/0",
                "-P INPUT DROP",
                "-P FORWARD ACCEPT",
                "-P OUTPUT ACCEPT",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A INPUT -s 10.0.0.0/24 -j DROP",
                "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        assertThat(firewall(r, "server").ruleCounter(0).packets()).isZero();
    }

    @Test
    void moved_below_a_deny_the_stateful_rule_no_longer_saves_the_replies_that_deny_matches() {
        Runs.Result r = Runs.run(world("", """
                    firewall:
                      policy: {in: deny}
                      rules:
                        - {action: deny, direction: in, from: 10.0.0.0/24}
                        - {action: allow, direction: in, ctstate: [established, related]}
                """, TALK));
        List<String> t = r.terminal("server");
        assertThat(t).doesNotContain("outbound");
        assertThat(t).as("the router is outside 10.0.0.0/24: its echo reply reaches the moved rule")
                .contains("1 packets transmitted, 1 received, 0% packet loss, time 0ms");
        assertThat(t).containsSubsequence(
                "Chain INPUT (policy DROP 0 packets, 0 bytes)",
                " pkts bytes target     prot opt in     out     source               destination",
                "    1    37 DROP       all  --  *      *       10.0.0.0/24          0.0.0.0/0",
                "    1    84 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED",
                "",
                "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)",
                " pkts bytes target     prot opt in     out     source               destination",
                "    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED",
                "-A INPUT -s 10.0.0.0/24 -j DROP",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        Firewall fw = firewall(r, "server");
        assertThat(fw.chain(Direction.IN)).extracting(Firewall.Entry::number).containsExactly(1, 2);
        assertThat(fw.establishedCounter(Direction.IN).packets()).as("no implicit rule in INPUT").isZero();
        assertThat(fw.ruleCounter(1).packets()).isEqualTo(1);
        assertThat(r.events(e -> e.node().equals("server") && e.is(FirewallEvents.VERDICT)
                && e.get(FirewallEvents.CHAIN).equals(Direction.IN.chain())))
                .singleElement().satisfies(e -> {
                    assertThat(e.get(FirewallEvents.RULE)).isEqualTo("1");
                    assertThat(e.get(FirewallEvents.CTSTATE)).isEqualTo(CtState.ESTABLISHED.name());
                });
    }

    @Test
    void dropped_the_stateful_rule_leaves_replies_to_the_policy() {
        Runs.Result r = Runs.run(world("", """
                    firewall:
                      policy: {in: deny}
                      stateful: false
                """, """
                  - {at: 1s, on: server, run: "ping -c 1 -W 1 client"}
                  - {at: 3s, on: server, run: "iptables -L"}
                """));
        List<String> t = r.terminal("server");
        assertThat(t).anySatisfy(l -> assertThat(l).startsWith("1 packets transmitted, 0 received, 100% packet loss"));
        assertThat(t).containsSubsequence("Chain INPUT (policy DROP)",
                "target     prot opt source               destination", "", "Chain FORWARD (policy ACCEPT)");
        assertThat(t).noneSatisfy(l -> assertThat(l).contains("ctstate"));
        assertThat(firewall(r, "server").policyCounter(Direction.IN).packets()).isEqualTo(1);
    }

    /** A router that drops what it sends itself: its Time Exceeded errors are RELATED packets of OUTPUT. */
    private static final String SILENT_ROUTER = """
                firewall:
                  policy: {in: deny, out: deny}
            """;

    @Test
    void a_router_without_the_stateful_rule_and_a_drop_policy_is_a_silent_hop() {
        Runs.Result r = Runs.run(world(SILENT_ROUTER + "      stateful: [forward]\n", "", """
                  - {at: 1s, on: client, run: "traceroute -n 10.0.1.2"}
                  - {at: 30s, on: router, run: "iptables -L -v"}
                """));
        List<String> t = r.terminal("client");
        assertThat(t.get(0)).isEqualTo("traceroute to 10.0.1.2 (10.0.1.2), 30 hops max, 60 byte packets");
        assertThat(t.get(1)).isEqualTo(" 1  * * *");
        assertThat(t.get(2)).startsWith(" 2  10.0.1.2  ");
        assertThat(t).hasSize(3);
        assertThat(firewall(r, "router").policyCounter(Direction.OUT).packets()).as("three Time Exceeded, dropped")
                .isEqualTo(3);
        // 16 probes in flight: 3 expire at the router, 13 are forwarded (NEW, the policy) and answered
        // by the server's port unreachable errors (RELATED, the FORWARD chain's stateful rule)
        assertThat(r.terminal("router")).containsSubsequence(
                "Chain INPUT (policy DROP 0 packets, 0 bytes)",
                "Chain FORWARD (policy ACCEPT 13 packets, 780 bytes)",
                "   13  1144 ACCEPT     all  --  any    any     anywhere             anywhere             ctstate RELATED,ESTABLISHED",
                "Chain OUTPUT (policy DROP 3 packets, 264 bytes)");
    }

    @Test
    void with_the_stateful_rule_the_same_router_still_answers_traceroute() {
        Runs.Result r = Runs.run(world(SILENT_ROUTER, "", """
                  - {at: 1s, on: client, run: "traceroute -n 10.0.1.2"}
                """));
        List<String> t = r.terminal("client");
        assertThat(t.get(1)).startsWith(" 1  10.0.0.1  ");
        assertThat(t.get(2)).startsWith(" 2  10.0.1.2  ");
        assertThat(firewall(r, "router").establishedCounter(Direction.OUT).packets()).isEqualTo(3);
    }

    @Test
    void the_silent_hop_example_prints_stars_for_the_quiet_router(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.load(Path.of("examples/silent-hop.yaml")), dir, false);
        assertThat(r.terminal("laptop")).containsExactly(
                "traceroute to server (10.3.0.10), 30 hops max, 60 byte packets",
                " 1  10.1.0.1  2.001 ms  2.002 ms  2.003 ms",
                " 2  * * *",
                " 3  10.3.0.10  16.006 ms  16.007 ms  16.008 ms");
        assertThat(r.terminal("server")).containsSubsequence(
                "-A INPUT -p udp -m udp --dport 33434:33534 -j ACCEPT",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    }
}
