package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 on raw point-to-point links, scenario by scenario: an IPv6-only world, an unnumbered link
 * (link-local addresses only, routes via link-local next hops), hop limits and the addresses
 * ICMPv6 errors leave from.
 */
class Ipv6LinksTest {
    /** h1 -- r1 -- r2 -- h2, IPv6 only; r1--r2 unnumbered (fe80::1 and fe80::2 only). */
    private static final String UNNUMBERED = """
            name: unnumbered
            nodes:
              - {name: h1, kind: host, routes: ["default via 2001:db8:1::1"]}
              - {name: r1, kind: router, routes: ["2001:db8:2::/64 via fe80::2 dev eth1"]}
              - {name: r2, kind: router, routes: ["2001:db8:1::/64 via fe80::1 dev eth0"]}
              - {name: h2, kind: host, routes: ["default via 2001:db8:2::1"]}
            links:
              - {a: h1 2001:db8:1::10/64, b: r1 2001:db8:1::1/64, delay: 1ms}
              - {a: r1 fe80::1/64, b: r2 fe80::2/64, delay: 2ms}
              - {a: r2 2001:db8:2::1/64, b: h2 2001:db8:2::20/64, delay: 1ms}
            timeline:
              - {at: 1s, on: h1, run: traceroute -6 2001:db8:2::20}
              - {at: 3s, on: h1, run: ping -6 -c 1 -t 1 2001:db8:2::20}
              - {at: 4s, on: h1, run: ping -6 -c 1 2001:db8:9::1}
              - {at: 5s, on: r1, run: ip -6 addr}
              - {at: 5s, on: r1, run: ip addr}
            """;

    @Test
    void an_unnumbered_link_forwards_along_link_local_next_hops_and_errors_leave_from_a_global_address() {
        Runs.Result run = Runs.run(UNNUMBERED);
        List<String> tr = run.block("h1", "traceroute -6 2001:db8:2::20", 0);
        assertThat(tr.get(1)).startsWith(" 1  r1 (2001:db8:1::1)  ");
        // r2's interface back to h1 has only fe80::2: the error leaves from r2's global address (RFC 6724 rule 2)
        assertThat(tr.get(2)).startsWith(" 2  r2 (2001:db8:2::1)  ");
        assertThat(tr.get(3)).startsWith(" 3  h2 (2001:db8:2::20)  ");
        assertThat(run.block("h1", "ping -6 -c 1 -t 1 2001:db8:2::20", 0).get(1))
                .isEqualTo("From 2001:db8:1::1 icmp_seq=1 Time exceeded: Hop limit");
        assertThat(run.block("h1", "ping -6 -c 1 2001:db8:9::1", 0).get(1))
                .isEqualTo("From 2001:db8:1::1 icmp_seq=1 Destination unreachable: No route");
        String stable = "    inet6 " + run.world().node("r1").ip6().linkLocal(run.world().node("r1").ip().iface("eth0"))
                + "/64 scope link stable-privacy ";
        assertThat(run.block("r1", "ip -6 addr", 0)).containsExactly(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000",
                "    inet6 ::1/128 scope host ",
                "       valid_lft forever preferred_lft forever",
                "2: eth0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 state UP qlen 100",
                "    inet6 2001:db8:1::1/64 scope global ",
                "       valid_lft forever preferred_lft forever",
                stable,
                "       valid_lft forever preferred_lft forever",
                "3: eth1: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 state UP qlen 100",
                "    inet6 fe80::1/64 scope link ",
                "       valid_lft forever preferred_lft forever");
        // ip addr: both families; an IPv6-only interface has no inet line
        assertThat(run.block("r1", "ip addr", 0)).containsExactly(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
                "    inet 127.0.0.1/8 scope host lo",
                "       valid_lft forever preferred_lft forever",
                "    inet6 ::1/128 scope host ",
                "       valid_lft forever preferred_lft forever",
                "2: eth0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo state UP group default qlen 100",
                "    link/none ",
                "    inet6 2001:db8:1::1/64 scope global ",
                "       valid_lft forever preferred_lft forever",
                stable,
                "       valid_lft forever preferred_lft forever",
                "3: eth1: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo state UP group default qlen 100",
                "    link/none ",
                "    inet6 fe80::1/64 scope link ",
                "       valid_lft forever preferred_lft forever");
        // no neighbour discovery and no DAD on a raw link: no NS or NA was ever sent
        assertThat(run.events(e -> e.is(Ip6Events.SEND) && e.get(Ip6Events.TYPE).startsWith("neighbor"))).isEmpty();
        assertThat(run.events(Ip6Events.NEIGH_STATE)).isEmpty();
    }

    @Test
    void hop_limit_is_decremented_by_each_router_and_a_raw_link_carries_both_versions() {
        Runs.Result run = Runs.run("""
                name: dual
                nodes:
                  - {name: a, kind: host, routes: [default via 10.0.1.1, default via 2001:db8:1::1]}
                  - {name: r, kind: router}
                  - {name: b, kind: host, routes: [default via 10.0.2.1, default via 2001:db8:2::1]}
                links:
                  - {a: a 10.0.1.10/24 2001:db8:1::10/64, b: r 10.0.1.1/24 2001:db8:1::1/64}
                  - {a: r 10.0.2.1/24 2001:db8:2::1/64, b: b 10.0.2.20/24 2001:db8:2::20/64}
                timeline:
                  - {at: 1s, on: a, run: ping -6 -c 1 2001:db8:2::20}
                  - {at: 3s, on: a, run: ping -c 1 10.0.2.20}
                """);
        assertThat(run.block("a", "ping -6 -c 1 2001:db8:2::20", 0).get(1)).startsWith(
                "64 bytes from 2001:db8:2::20: icmp_seq=1 ttl=63 ");
        assertThat(run.block("a", "ping -c 1 10.0.2.20", 0).get(1)).startsWith("64 bytes from 10.0.2.20: icmp_seq=1 ttl=63 ");
        assertThat(run.events(e -> e.is(Ip6Events.FORWARD) && e.node().equals("r"))).hasSize(2);
    }
}
