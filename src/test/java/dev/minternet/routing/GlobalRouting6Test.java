package dev.minternet.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code routing: global} for IPv6: the shortest-path oracle installs IPv6 routes over the links
 * with IPv6 at both ends (next hop: the neighbour's link-local address), IPv4 routes over the
 * links with IPv4, and both recompute when a link fails.
 */
class GlobalRouting6Test {
    /**
     * h1 - r1 - r2 = r3 - h3, and a dearer direct r1 - r3 (cost 30). r2 = r3 is IPv6 only and
     * unnumbered (link-local addresses only), so IPv4 from h1 to h3 must take r1 - r3, IPv6 r1 - r2 - r3.
     * h4 on r2 has IPv4 only; h6 on r2 has IPv6 only and a static default route of its own.
     */
    static final String WORLD = """
            name: global6
            routing: global
            duration: 30s
            nodes:
              - {name: h1, kind: host}
              - {name: r1, kind: router}
              - {name: r2, kind: router}
              - {name: r3, kind: router}
              - {name: h3, kind: host}
              - {name: h4, kind: host}
              - {name: h6, kind: host, routes: ["default via 2001:db8:6::1"]}
            links:
              - {a: h1 10.0.1.10/24 2001:db8:1::10/64, b: r1 10.0.1.1/24 2001:db8:1::1/64, delay: 1ms}
              - {a: r1 10.0.12.1/30 2001:db8:12::1/64, b: r2 10.0.12.2/30 2001:db8:12::2/64, delay: 5ms}
              - {a: r2 fe80::2/64, b: r3 fe80::3/64, delay: 5ms}
              - {a: r1 10.0.13.1/24 2001:db8:13::1/64, b: r3 10.0.13.3/24 2001:db8:13::3/64, delay: 20ms, cost: 30}
              - {a: r3 10.0.3.1/24 2001:db8:3::1/64, b: h3 10.0.3.10/24 2001:db8:3::10/64, delay: 1ms}
              - {a: r2 10.0.4.1/24, b: h4 10.0.4.10/24, delay: 1ms}
              - {a: r2 2001:db8:6::1/64, b: h6 2001:db8:6::10/64, delay: 1ms}
            timeline:
              - {at: 1s, on: r1, run: "ip -6 route"}
              - {at: 1s, on: h1, run: "ip -6 route"}
              - {at: 1s, on: h6, run: "ip -6 route"}
              - {at: 2s, on: h1, run: "ping -6 -c 2 2001:db8:3::10"}
              - {at: 4s, on: h1, run: "traceroute -6 -n 2001:db8:3::10"}
              - {at: 6s, on: h1, run: "traceroute -n 10.0.3.10"}
              - {at: 8s, on: h6, run: "ping -6 -c 1 2001:db8:1::10"}
              - {at: 10s, fail-link: r1--r2}
              - {at: 11s, on: h1, run: "traceroute -6 -n 2001:db8:3::10"}
              - {at: 12s, on: r1, run: "ip -6 route"}
              - {at: 15s, restore-link: r1--r2}
              - {at: 16s, on: h1, run: "traceroute -6 -n 2001:db8:3::10"}
            """;

    @Test
    void ipv6_routes_follow_the_shortest_ipv6_path_through_link_local_next_hops() {
        Runs.Result r = Runs.run(WORLD);
        String r2 = r.world().node("r2").ip6().linkLocal(r.world().node("r2").ip().iface("eth0")).toString();
        String r3 = r.world().node("r3").ip6().linkLocal(r.world().node("r3").ip().iface("eth1")).toString();
        String r1 = r.world().node("r1").ip6().linkLocal(r.world().node("r1").ip().iface("eth0")).toString();
        List<String> table = r.block("r1", "ip -6 route", 0);
        // h3's /64: r1 - r2 - r3 (cost 2: two links of cost 1) rather than the direct link of cost 30
        assertThat(table).contains("2001:db8:3::/64 via " + r2 + " dev eth1 proto global metric 2 pref medium");
        assertThat(table).contains("2001:db8:6::/64 via " + r2 + " dev eth1 proto global metric 1 pref medium");
        // r1's own connected prefixes stay the kernel's; the IPv4-only h4 LAN has no IPv6 route
        assertThat(table).contains("2001:db8:13::/64 dev eth2 proto kernel metric 256 pref medium");
        assertThat(table).noneMatch(l -> l.startsWith("2001:db8:13::/64 via") || l.startsWith("2001:db8:1::/64 via"));
        assertThat(r.block("h1", "ip -6 route", 0)).contains("default via " + r1 + " dev eth0 proto global metric 0 pref medium");
        // h6 keeps its own default route
        assertThat(r.block("h6", "ip -6 route", 0)).noneMatch(l -> l.contains("proto global"));

        String h1 = String.join("\n", r.terminal("h1"));
        assertThat(h1).contains("2 packets transmitted, 2 received, 0% packet loss");
        String[] traces = h1.split("traceroute to ");
        assertThat(traces).hasSize(5);
        assertThat(traces[1]).contains(" 1  2001:db8:1::1  ").contains(" 2  2001:db8:12::2  ")
                .contains(" 3  2001:db8:3::1  ").contains(" 4  2001:db8:3::10  "); // r3 answers from a global address
        // IPv4 cannot cross the IPv6-only link: the direct r1 - r3 link
        assertThat(traces[2]).contains(" 1  10.0.1.1  ").contains(" 2  10.0.13.3  ").contains(" 3  10.0.3.10  ");
        assertThat(String.join("\n", r.terminal("h6"))).contains("1 packets transmitted, 1 received");
        // r1 - r2 fails: IPv6 takes the direct link; back when it returns
        assertThat(traces[3]).contains(" 2  2001:db8:13::3  ").contains(" 3  2001:db8:3::10  ");
        assertThat(r.block("r1", "ip -6 route", 1)).contains("2001:db8:3::/64 via " + r3
                + " dev eth2 proto global metric 30 pref medium");
        assertThat(traces[4]).contains(" 2  2001:db8:12::2  ");
    }

    @Test
    void a_world_without_ipv6_gets_no_ipv6_layer() {
        Runs.Result r = Runs.run(GlobalRoutingTest.DIAMOND + """
                  - {at: 1s, on: a, run: "ping -c 1 b"}
                """);
        assertThat(r.world().nodes()).noneMatch(n -> n.hasIp6());
        assertThat(String.join("\n", r.terminal("a"))).contains("1 packets transmitted, 1 received");
    }
}
