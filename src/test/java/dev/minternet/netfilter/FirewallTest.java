package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IcmpEvents;
import dev.minternet.ip.IpEvents;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server behind its own stateful firewall (default deny inbound), and a router that filters
 * what it forwards: allow, deny and reject by direction, protocol, address and port; replies of
 * tracked flows pass; every rule counts what it matched.
 */
class FirewallTest {
    static final String WORLD = """
            name: fw
            seed: 5
            routing: global
            nodes:
              - {name: client, kind: host}
              - name: router
                kind: router
                firewall:
                  rules:
                    - {action: deny, direction: forward, proto: udp, port: 9999}
              - name: server
                kind: host
                firewall:
                  policy: {in: deny}
                  rules:
                    - {action: allow, direction: in, proto: udp, port: 5000-5001}
                    - {action: reject, direction: in, proto: udp, port: 7}
                    - {action: deny, direction: in, proto: udp, port: 9}
                    - {action: allow, direction: in, proto: icmp, from: 10.0.0.0/24}
                    - {action: deny, direction: out, proto: udp, port: 53}
            links:
              - {a: client 10.0.0.2/24, b: router 10.0.0.1/24, delay: 1ms}
              - {a: router 10.0.1.1/24, b: server 10.0.1.2/24, delay: 1ms}
            timeline:
            """;

    static Runs.Result run(String timeline) {
        return Runs.run(WORLD + timeline);
    }

    static Firewall firewall(Runs.Result r, String node) {
        return Netfilter.of(r.world().node(node).ip()).firewall();
    }

    @Test
    void an_allowed_port_passes_and_its_reply_passes_back_as_established() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l -v -e cat 5001"}
                  - {at: 1s, on: client, run: "nc -u -w 1 -m hi server 5001"}
                  - {at: 2s, on: client, run: "nc -u -w 1 -m again server 5001"}
                """);
        assertThat(r.terminal("client")).containsExactly("hi", "again");
        Firewall fw = firewall(r, "server");
        assertThat(fw.ruleCounter(0).packets()).as("one first packet per flow").isEqualTo(2);
        assertThat(fw.establishedCounter(Direction.OUT).packets()).as("the echoes are replies").isEqualTo(2);
        assertThat(fw.policyCounter(Direction.IN).packets()).isZero();
    }

    @Test
    void a_deny_rule_makes_the_datagram_vanish() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l -v 9"}
                  - {at: 1s, on: client, run: "nc -u -w 1 -m anyone server 9"}
                """);
        assertThat(r.terminal("server")).containsExactly("Bound on 0.0.0.0 9");
        assertThat(r.terminal("client")).isEmpty();
        assertThat(r.events(IcmpEvents.SEND_ERROR)).isEmpty();
        assertThat(firewall(r, "server").ruleCounter(2).packets()).isEqualTo(1);
        TraceEvent v = r.events(e -> e.node().equals("server") && e.is(FirewallEvents.VERDICT)).get(0);
        assertThat(v.get(FirewallEvents.TARGET)).isEqualTo("DROP");
        assertThat(v.get(FirewallEvents.RULE)).isEqualTo("3");
        assertThat(v.get(FirewallEvents.MATCH)).isEqualTo("deny in udp port 9");
        assertThat(v.get(FirewallEvents.PACKET)).isEqualTo("udp 10.0.0.2:" + v.get(FirewallEvents.PACKET).split("[: ]")[2] + " -> 10.0.1.2:9");
    }

    @Test
    void a_reject_rule_answers_port_unreachable() {
        Runs.Result r = run("""
                  - {at: 1s, on: client, run: "nc -u -w 1 -m knock server 7"}
                """);
        assertThat(r.terminal("client")).containsExactly("nc: read(net): Connection refused");
        assertThat(firewall(r, "server").ruleCounter(1).packets()).isEqualTo(1);
    }

    @Test
    void the_default_policy_drops_what_no_rule_allows() {
        Runs.Result r = run("""
                  - {at: 1s, on: client, run: "nc -u -w 1 -m hello server 8080"}
                """);
        assertThat(r.terminal("client")).isEmpty();
        Firewall fw = firewall(r, "server");
        assertThat(fw.policyCounter(Direction.IN).packets()).isEqualTo(1);
        assertThat(r.events(e -> e.node().equals("server") && e.is(FirewallEvents.VERDICT)).get(0).get(FirewallEvents.RULE))
                .isEqualTo("policy");
    }

    @Test
    void flows_the_server_starts_get_their_replies_despite_default_deny_inbound() {
        Runs.Result r = run("""
                  - {at: 0s, on: client, run: "nc -u -l -e cat 4000"}
                  - {at: 1s, on: server, run: "nc -u -w 1 -m outbound client 4000"}
                  - {at: 3s, on: server, run: "ping -c 1 client"}
                  - {at: 5s, on: server, run: "traceroute -n -q 1 client"}
                """);
        assertThat(r.terminal("server")).contains("outbound", "1 packets transmitted, 1 received, 0% packet loss, time 0ms");
        assertThat(r.terminal("server")).anySatisfy(l -> assertThat(l).startsWith(" 1  10.0.1.1 "))
                .anySatisfy(l -> assertThat(l).startsWith(" 2  10.0.0.2 "));
        Firewall fw = firewall(r, "server");
        assertThat(fw.policyCounter(Direction.IN).packets()).isZero();
        assertThat(fw.establishedCounter(Direction.IN).packets()).as("echo, echo reply, time exceeded, port unreachable")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void icmp_is_allowed_only_from_the_named_prefix() {
        Runs.Result r = run("""
                  - {at: 1s, on: client, run: "ping -c 1 server"}
                  - {at: 3s, on: router, run: "ping -c 1 -W 1 10.0.1.2"}
                """);
        assertThat(r.terminal("client")).contains("1 packets transmitted, 1 received, 0% packet loss, time 0ms");
        // the router pings from 10.0.1.1, outside 10.0.0.0/24: the policy drops it
        assertThat(r.terminal("router")).anySatisfy(l -> assertThat(l).startsWith("1 packets transmitted, 0 received, 100% packet loss"));
    }

    @Test
    void an_out_rule_stops_the_nodes_own_packets() {
        Runs.Result r = run("""
                  - {at: 1s, on: server, run: "nc -u -w 1 -m query client 53"}
                """);
        assertThat(firewall(r, "server").ruleCounter(4).packets()).isEqualTo(1);
        assertThat(r.events(e -> e.node().equals("server") && e.is(IpEvents.DROP)))
                .singleElement().satisfies(e -> assertThat(e.get(IpEvents.REASON)).isEqualTo("filtered-output"));
        assertThat(r.events(e -> e.node().equals("router") && e.is(IpEvents.FORWARD)))
                .isEmpty();
    }

    @Test
    void a_router_filters_what_it_forwards() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l 9999"}
                  - {at: 1s, on: client, run: "nc -u -w 1 -m through server 9999"}
                """);
        assertThat(r.terminal("server")).isEmpty();
        assertThat(firewall(r, "router").ruleCounter(0).packets()).isEqualTo(1);
        assertThat(r.events(e -> e.node().equals("router") && e.is(IpEvents.DROP) && "filtered-forward".equals(e.get(IpEvents.REASON))))
                .hasSize(1);
    }

    @Test
    void iptables_lists_rules_with_their_counters() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l -e cat 5000"}
                  - {at: 1s, on: client, run: "nc -u -w 1 -m hi server 5000"}
                  - {at: 2s, on: client, run: "nc -u -w 1 -m x server 9"}
                  - {at: 4s, on: server, run: "iptables -L -v -n"}
                  - {at: 4s, on: server, run: "iptables -L"}
                """);
        List<String> t = r.terminal("server");
        assertThat(t).containsSubsequence(
                "Chain INPUT (policy DROP 0 packets, 0 bytes)",
                " pkts bytes target     prot opt in     out     source               destination",
                "    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED",
                "    1    31 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:5000:5001",
                "    0     0 REJECT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:7 reject-with icmp-port-unreachable",
                "    1    30 DROP       udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:9",
                "    0     0 ACCEPT     icmp --  *      *       10.0.0.0/24          0.0.0.0/0",
                "",
                "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)",
                "",
                "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)",
                "    1    31 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED",
                "    0     0 DROP       udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53",
                "Chain INPUT (policy DROP)",
                "target     prot opt source               destination",
                "ACCEPT     all  --  anywhere             anywhere             ctstate RELATED,ESTABLISHED");
    }
}
