package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ping -6 and ping6 in iputils' IPv6 words, ip -6 route and tcpdump's icmp6 filter, on two LANs
 * joined by r (sw2's cables carry {@code MTU} bytes).
 */
class Ping6Test {
    static String world(int mtu, String timeline) {
        return """
                name: t
                seed: 4
                duration: 20s
                nodes:
                  - {name: a, kind: host, slaac: true}
                  - {name: b, kind: host}
                  - {name: r, kind: router}
                lans:
                  - switch: sw1
                    slaac: r
                    ports: [r 10.0.1.1/24 ipv6 2001:db8:1::1/64, a 10.0.1.10/24]
                  - switch: sw2
                    slaac: r
                    mtu: %d
                    ports: [r 10.0.2.1/24 ipv6 2001:db8:2::1/64, b 10.0.2.20/24 ipv6 2001:db8:2::20/64]
                timeline:
                """.formatted(mtu) + timeline;
    }

    @Test
    void hop_limit_1_ends_at_the_router_with_time_exceeded() {
        List<String> out = Runs.run(world(1500, "  - {at: 5s, on: a, run: ping -6 -c 1 -t 1 2001:db8:2::20}\n"))
                .terminal("a");
        assertThat(out).containsExactly("PING 2001:db8:2::20(2001:db8:2::20) 56 data bytes",
                "From 2001:db8:1::1 icmp_seq=1 Time exceeded: Hop limit", "",
                "--- 2001:db8:2::20 ping statistics ---",
                "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms", "");
    }

    @Test
    void no_route_and_address_unreachable() {
        List<String> out = Runs.run(world(1500, """
                  - {at: 5s, on: a, run: ping6 -c 1 2001:db8:9::1}
                  - {at: 8s, on: a, run: ping -c 1 2001:db8:2::99}
                """)).terminal("a");
        assertThat(out).contains("From 2001:db8:1::1 icmp_seq=1 Destination unreachable: No route",
                "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: Address unreachable");
    }

    @Test
    void a_router_sends_packet_too_big_rather_than_fragment() {
        List<String> out = Runs.run(world(1280, "  - {at: 5s, on: a, run: ping -6 -c 1 -s 1300 2001:db8:2::20}\n"))
                .terminal("a");
        assertThat(out).contains("PING 2001:db8:2::20(2001:db8:2::20) 1300 data bytes",
                "From 2001:db8:1::1 icmp_seq=1 Packet too big: mtu=1280");
    }

    @Test
    void a_node_name_stands_for_its_global_address_and_replies_name_it() {
        List<String> out = Runs.run(world(1500, "  - {at: 5s, on: a, run: ping6 -c 1 b}\n")).terminal("a");
        assertThat(out.get(0)).isEqualTo("PING b(b (2001:db8:2::20)) 56 data bytes");
        assertThat(out.get(1)).matches("64 bytes from b \\(2001:db8:2::20\\): icmp_seq=1 ttl=63 time=\\d+\\.\\d+ ms");
    }

    @Test
    void ip_6_route_on_the_router_and_tcpdump_icmp6() {
        Runs.Result r = Runs.run(world(1500, """
                  - {at: 5s, on: r, run: ip -6 route}
                  - {at: 5s, on: b, run: tcpdump -n -i eth0 -c 2 icmp6}
                  - {at: 6s, on: a, run: ping -6 -c 1 2001:db8:2::1}
                """));
        assertThat(r.terminal("r")).containsExactly(
                "2001:db8:1::/64 dev eth0 proto kernel metric 256 pref medium",
                "2001:db8:2::/64 dev eth1 proto kernel metric 256 pref medium",
                "fe80::/64 dev eth0 proto kernel metric 256 pref medium",
                "fe80::/64 dev eth1 proto kernel metric 256 pref medium");
        // the router answers its own address on the far LAN; b hears nothing of that, its
        // tcpdump sees only r's periodic advertisement (ICMPv6, no ARP)
        assertThat(r.terminal("b").get(2)).contains("ICMP6, router advertisement, length 64");
        assertThat(r.terminal("a")).contains("64 bytes from 2001:db8:2::1: icmp_seq=1 ttl=64 time=0.008 ms");
    }
}
