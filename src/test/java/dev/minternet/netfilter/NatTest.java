package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpEvents;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home router masquerades two inside networks behind 198.51.100.2 (RFC 4787/5382/5508
 * behaviour); a server and another host sit on the far side.
 */
class NatTest {
    static final String WORLD = """
            name: nat
            seed: 3
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - {name: tablet, kind: host}
              - name: home
                kind: router
                nat:
                  outside: eth2
                  forward: [{proto: udp, port: 6000, to: 192.168.1.10:6000}]
              - {name: isp, kind: router}
              - {name: server, kind: host}
              - {name: other, kind: host}
            links:
              - {a: laptop 192.168.1.10/24, b: home:eth0 192.168.1.1/24, delay: 1ms}
              - {a: tablet 192.168.2.20/24, b: home:eth1 192.168.2.1/24, delay: 1ms}
              - {name: access, a: home:eth2 198.51.100.2/30, b: isp:eth0 198.51.100.1/30, delay: 5ms}
              - {a: isp:eth1 203.0.113.1/24, b: server 203.0.113.10/24, delay: 10ms}
              - {a: isp:eth2 192.0.2.1/24, b: other 192.0.2.10/24, delay: 10ms}
            timeline:
            """;

    static Runs.Result run(String timeline) {
        return Runs.run(WORLD + timeline);
    }

    @Test
    void udp_through_nat_the_server_sees_only_the_public_address() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l -v -e cat 5000"}
                  - {at: 1s, on: laptop, run: "nc -u -p 40000 -w 1 -m hello server 5000"}
                """);
        assertThat(r.terminal("server")).contains("Connection received on 198.51.100.2 40000", "hello");
        assertThat(r.terminal("laptop")).contains("hello");
        assertThat(r.events(e -> e.node().equals("server") && e.is(IpEvents.RECEIVE)))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get(IpEvents.SRC)).isEqualTo("198.51.100.2"));
        List<TraceEvent> nat = r.events(NatEvents.TRANSLATE);
        assertThat(nat).extracting(e -> e.get(NatEvents.BEFORE) + " => " + e.get(NatEvents.AFTER)).containsExactly(
                "udp 192.168.1.10:40000 -> 203.0.113.10:5000 => udp 198.51.100.2:40000 -> 203.0.113.10:5000",
                "udp 203.0.113.10:5000 -> 198.51.100.2:40000 => udp 203.0.113.10:5000 -> 192.168.1.10:40000");
    }

    @Test
    void ping_through_nat_translates_the_echo_identifier_both_ways() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "ping -c 3 server"}
                """);
        assertThat(r.terminal("laptop")).contains("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        assertThat(r.events(NatEvents.TRANSLATE)).hasSize(6)
                .allSatisfy(e -> assertThat(e.get(NatEvents.BEFORE)).startsWith("icmp"));
        assertThat(r.events(NatEvents.MAPPING)).hasSize(1);
    }

    @Test
    void a_time_exceeded_about_a_translated_echo_request_reaches_ping_with_its_identifier_restored() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "ping -c 1 -t 2 -n server"}
                """);
        assertThat(r.terminal("laptop")).anySatisfy(l -> assertThat(l).startsWith("From 198.51.100.1 icmp_seq=1 Time to live exceeded"));
        assertThat(r.events(NatEvents.TRANSLATE_ICMP_ERROR)).singleElement()
                .satisfies(e -> assertThat(e.get(NatEvents.AFTER)).startsWith("198.51.100.1 -> 192.168.1.10 quoting icmp 192.168.1.10:"));
    }

    @Test
    void traceroute_through_nat_works_hop_by_hop() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "traceroute -n -q 1 server"}
                """);
        List<String> t = r.terminal("laptop");
        assertThat(t.get(1)).startsWith(" 1  192.168.1.1 ");
        assertThat(t.get(2)).startsWith(" 2  198.51.100.1 ");
        assertThat(t.get(3)).startsWith(" 3  203.0.113.10 ");
        assertThat(t).hasSize(4);
        assertThat(r.events(NatEvents.TRANSLATE_ICMP_ERROR)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get(NatEvents.AFTER)).contains("-> 192.168.1.10 quoting udp 192.168.1.10:"));
    }

    @Test
    void a_mapping_is_endpoint_independent_and_a_taken_port_gets_a_seeded_one() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l -v 5000"}
                  - {at: 0s, on: other, run: "nc -u -l -v 5000"}
                  - {at: 1s, on: laptop, run: "nc -u -p 40000 -w 1 -m first server 5000"}
                  - {at: 3s, on: laptop, run: "nc -u -p 40000 -w 1 -m second other 5000"}
                  - {at: 5s, on: tablet, run: "nc -u -p 40000 -w 1 -m third server 5000"}
                """);
        // RFC 4787 REQ-1: the same inside endpoint keeps its outside port toward any destination.
        assertThat(r.terminal("server")).contains("Connection received on 198.51.100.2 40000");
        assertThat(r.terminal("other")).contains("Connection received on 198.51.100.2 40000");
        assertThat(r.events(NatEvents.MAPPING_REUSE)).hasSize(1);
        // Another inside host with the same port cannot have 40000: it gets a port drawn in 1024-65535.
        List<String> third = r.terminal("server").stream().filter(l -> l.startsWith("Connection received")).toList();
        assertThat(third).hasSize(2);
        int port = Integer.parseInt(third.get(1).substring(third.get(1).lastIndexOf(' ') + 1));
        assertThat(port).isNotEqualTo(40000).isBetween(1024, 65535);
        // and the draw is the same in every run with this seed
        assertThat(run("""
                  - {at: 0s, on: server, run: "nc -u -l -v 5000"}
                  - {at: 1s, on: laptop, run: "nc -u -p 40000 -w 1 -m first server 5000"}
                  - {at: 5s, on: tablet, run: "nc -u -p 40000 -w 1 -m third server 5000"}
                """).terminal("server")).contains("Connection received on 198.51.100.2 " + port);
    }

    @Test
    void a_udp_mapping_lives_five_minutes_after_its_last_packet_then_expires() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "nc -u -p 40000 -w 1 -m open server 7000"}
                  - {at: 3s, on: laptop, run: "nc -u -l 40000"}
                  - {at: 200s, on: server, run: "nc -u -p 7000 -w 1 -m 'still mapped' 198.51.100.2 40000"}
                  - {at: 499s, on: server, run: "nc -u -p 7000 -w 1 -m 'refreshed at 200s' 198.51.100.2 40000"}
                  - {at: 800s, on: server, run: "nc -u -p 7000 -w 1 -m 'too late' 198.51.100.2 40000"}
                """);
        assertThat(r.terminal("laptop")).contains("still mapped", "refreshed at 200s").doesNotContain("too late");
        // 800 s is more than Timeouts.NAT_UDP (300 s) after the last packet (499 s): the flow is gone,
        // the datagram is for the router itself, which has no such port.
        assertThat(r.terminal("server")).contains("nc: read(net): Connection refused");
        assertThat(r.events(e -> e.node().equals("home") && e.is(ConntrackEvents.DESTROY)
                && e.get(ConntrackEvents.REASON).equals("timeout"))).anySatisfy(e -> assertThat(e.time()).isBetween(800_000_000_000L, 801_000_000_000L));
    }

    @Test
    void a_port_forward_reaches_the_inside_host_and_its_answer_leaves_from_the_public_address() {
        Runs.Result r = run("""
                  - {at: 0s, on: laptop, run: "nc -u -l -v -e cat 6000"}
                  - {at: 1s, on: server, run: "nc -u -p 7777 -w 1 -m knock 198.51.100.2 6000"}
                """);
        assertThat(r.terminal("laptop")).contains("Connection received on 203.0.113.10 7777", "knock");
        assertThat(r.terminal("server")).contains("knock");
        assertThat(r.events(NatEvents.PORT_FORWARD)).hasSize(1);
    }

    @Test
    void unsolicited_inbound_traffic_to_an_inside_address_is_dropped() {
        Runs.Result r = run("""
                  - {at: 0s, on: laptop, run: "nc -u -l -v -e cat 6001"}
                  - {at: 1s, on: server, run: "nc -u -w 1 -m hello 192.168.1.10 6001"}
                """);
        assertThat(r.terminal("laptop")).containsExactly("Bound on 0.0.0.0 6001");
        assertThat(r.events(NatEvents.DROP, NatEvents.DROP_UNSOLICITED, NatEvents.DROP_UNTRANSLATED)).singleElement()
                .satisfies(e -> assertThat(e.is(NatEvents.DROP_UNSOLICITED)).isTrue());
    }

    @Test
    void captures_on_both_sides_show_the_translation_and_tshark_finds_them_clean(@TempDir Path dir) throws Exception {
        Oracles.tshark();
        Runs.Result r = Runs.run(ScenarioLoader.parse("t.yaml", WORLD + """
                  - {at: 0s, on: server, run: "nc -u -l -e cat 5000"}
                  - {at: 1s, on: laptop, run: "ping -c 2 server"}
                  - {at: 4s, on: laptop, run: "traceroute -n -q 1 server"}
                  - {at: 8s, on: laptop, run: "nc -u -p 40000 -w 1 -m hello server 5000"}
                  - {at: 10s, on: tablet, run: "nc -u -p 40000 -w 1 -m 'closed port' server 7"}
                """), dir, true);
        assertThat(r.terminal("laptop")).contains("hello");
        Path inside = dir.resolve("home-eth0.pcap");
        Path outside = dir.resolve("home-eth2.pcap");
        Tshark.assertClean(inside);
        Tshark.assertClean(outside);
        Tshark.assertClean(dir.resolve("home-eth1.pcap"));
        Tshark.assertClean(dir.resolve("server-eth0.pcap"));
        // Outside, every address is public, quoted headers included.
        for (Map<String, String> p : Tshark.fields(outside, null, "ip.src", "ip.dst")) {
            assertThat(p.get("ip.src") + "," + p.get("ip.dst")).doesNotContain("192.168.");
        }
        assertThat(Tshark.count(outside, "udp.srcport == 40000 && ip.src == 198.51.100.2")).isEqualTo(1);
        assertThat(Tshark.count(inside, "udp.srcport == 40000 && ip.src == 192.168.1.10")).isEqualTo(1);
        // The port unreachable about the tablet's datagram quotes its private address on the inside.
        assertThat(Tshark.count(dir.resolve("home-eth1.pcap"),
                "icmp.type == 3 && icmp.code == 3 && ip.dst == 192.168.2.20 && udp.srcport == 40000")).isEqualTo(1);
        assertThat(Tshark.count(outside, "icmp.type == 3 && icmp.code == 3 && ip.dst == 198.51.100.2")).isGreaterThan(1);
    }

    @Test
    void behind_two_nats_traceroute_and_udp_still_work_and_the_server_sees_the_outer_address() {
        Runs.Result r = Runs.run("""
                name: double-nat
                routing: global
                nodes:
                  - {name: laptop, kind: host}
                  - {name: home, kind: router, nat: {outside: eth1}}
                  - {name: cgn, kind: router, nat: {outside: eth1}}
                  - {name: server, kind: host}
                links:
                  - {a: laptop 192.168.1.10/24, b: home:eth0 192.168.1.1/24, delay: 1ms}
                  - {a: home:eth1 100.64.0.2/24, b: cgn:eth0 100.64.0.1/24, delay: 2ms}
                  - {a: cgn:eth1 198.51.100.2/30, b: server 198.51.100.1/30, delay: 5ms}
                timeline:
                  - {at: 0s, on: server, run: "nc -u -l -v -e cat 5000"}
                  - {at: 1s, on: laptop, run: "traceroute -n -q 1 server"}
                  - {at: 4s, on: laptop, run: "nc -u -p 40000 -w 1 -m 'two NATs' server 5000"}
                """);
        List<String> t = r.terminal("laptop");
        assertThat(t.get(1)).startsWith(" 1  192.168.1.1 ");
        assertThat(t.get(2)).startsWith(" 2  100.64.0.1 ");
        assertThat(t.get(3)).startsWith(" 3  198.51.100.1 ");
        assertThat(t).contains("two NATs");
        assertThat(r.terminal("server")).contains("Connection received on 198.51.100.2 40000");
    }

    @Test
    void conntrack_and_iptables_list_the_flow_and_the_nat_rules() {
        Runs.Result r = run("""
                  - {at: 0s, on: server, run: "nc -u -l -e cat 5000"}
                  - {at: 1s, on: laptop, run: "nc -u -p 40000 -w 1 -m hi server 5000"}
                  - {at: 3s, on: home, run: "conntrack -L"}
                  - {at: 3s, on: home, run: "iptables -t nat -L -v -n"}
                """);
        assertThat(r.terminal("home")).containsExactly(
                "udp      17 298 src=192.168.1.10 dst=203.0.113.10 sport=40000 dport=5000 src=203.0.113.10"
                        + " dst=198.51.100.2 sport=5000 dport=40000 [ASSURED] mark=0 use=1",
                "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.",
                "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)",
                " pkts bytes target     prot opt in     out     source               destination",
                "    0     0 DNAT       udp  --  eth2   *       0.0.0.0/0            198.51.100.2         udp dpt:6000"
                        + " to:192.168.1.10:6000",
                "",
                "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)",
                " pkts bytes target     prot opt in     out     source               destination",
                "    1    31 MASQUERADE all  --  *      eth2    0.0.0.0/0            0.0.0.0/0");
    }

    @Test
    void a_home_router_with_nat_and_a_default_deny_forward_policy() {
        String firewall = "    firewall:\n"
                + "      policy: {forward: deny}\n"
                + "      rules:\n"
                + "        - {action: allow, direction: forward, from: 192.168.1.0/24}\n"
                + "        - {action: allow, direction: forward, proto: udp, port: 6000, to: 192.168.1.10}\n";
        Runs.Result r = Runs.run(WORLD.replace("  - {name: isp, kind: router}\n", firewall + "  - {name: isp, kind: router}\n") + """
                  - {at: 0s, on: server, run: "nc -u -l -e cat 5000"}
                  - {at: 0s, on: laptop, run: "nc -u -l -v -e cat 6000"}
                  - {at: 1s, on: laptop, run: "nc -u -w 1 -m 'from the laptop' server 5000"}
                  - {at: 3s, on: tablet, run: "nc -u -w 1 -m 'from the tablet' server 5000"}
                  - {at: 5s, on: server, run: "nc -u -w 1 -m forwarded 198.51.100.2 6000"}
                """);
        assertThat(r.terminal("laptop")).contains("from the laptop", "forwarded");
        assertThat(r.terminal("tablet")).isEmpty(); // 192.168.2.0/24 may not go out
        assertThat(r.terminal("server")).contains("forwarded");
        Firewall fw = Netfilter.of(r.world().node("home").ip()).firewall();
        assertThat(fw.ruleCounter(0).packets()).isEqualTo(1);
        assertThat(fw.ruleCounter(1).packets()).as("matched after DNAT, as in Linux's FORWARD chain").isEqualTo(1);
        assertThat(fw.policyCounter(FirewallConfig.Direction.FORWARD).packets()).isEqualTo(1);
    }

    @Test
    void inside_hosts_reach_each_other_through_the_public_address_hairpinning() {
        Runs.Result r = run("""
                  - {at: 0s, on: laptop, run: "nc -u -l -v -e cat 6000"}
                  - {at: 1s, on: tablet, run: "nc -u -p 41000 -w 1 -m 'via the forward' 198.51.100.2 6000"}
                  - {at: 3s, on: server, run: "nc -u -l 5000"}
                  - {at: 4s, on: tablet, run: "nc -u -p 42000 -w 5 -m 'open a mapping' server 5000"}
                  - {at: 6s, on: laptop, run: "nc -u -p 6001 -w 1 -m 'via the mapping' 198.51.100.2 42000"}
                """);
        // RFC 4787 REQ-9: each sees the other under its outside address and port.
        assertThat(r.terminal("laptop")).contains("Connection received on 198.51.100.2 41000", "via the forward");
        assertThat(r.terminal("tablet")).contains("via the forward");
        assertThat(r.events(e -> e.node().equals("tablet") && e.is(UdpEvents.RECEIVE)
                && e.num(UdpEvents.DPORT) == 42000)).singleElement().satisfies(e -> {
                    assertThat(e.get(UdpEvents.SRC)).isEqualTo("198.51.100.2");
                    assertThat(e.num(UdpEvents.SPORT)).isEqualTo(6001);
                });
        assertThat(r.events(NatEvents.HAIRPIN)).hasSize(2);
    }
}
