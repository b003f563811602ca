package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.wire.Ip6;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ipv6-routers.yaml end to end: IPv6 on point-to-point links (three raw, one Ethernet),
 * static IPv6 routes (one via a link-local next hop), ping -6 and traceroute -6 across three
 * routers, and a link failure answered by destination unreachable from the right address. One run
 * with every interface captured; tshark decodes the raw links' captures as LINKTYPE_RAW with IPv4
 * and IPv6 side by side and the Ethernet link's with NDP, nothing malformed.
 */
class Ipv6RoutersExampleTest {
    static final Path EXAMPLE = Path.of("examples/ipv6-routers.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Ip6 linkLocal(String node, String iface) {
        Node n = run.world().node(node);
        return n.ip6().linkLocal(n.ip().iface(iface));
    }

    @Test
    void a_raw_link_gets_a_stable_link_local_address_and_an_ethernet_link_the_one_the_scenario_gives() throws Exception {
        Ip6 raw = linkLocal("r2", "eth0");
        assertThat(raw.isLinkLocal()).isTrue();
        assertThat(raw.hi()).isEqualTo(Ip6.LINK_LOCAL_HI);
        assertThat(linkLocal("r2", "eth1")).isEqualTo(Ip6.parse("fe80::2"));
        // the same seed gives the same addresses in another build of the world; each raw interface its own
        var again = WorldBuilder.build(ScenarioLoader.load(EXAMPLE));
        Node r2 = again.node("r2");
        assertThat(r2.ip6().linkLocal(r2.ip().iface("eth0"))).isEqualTo(raw);
        TreeSet<Ip6> all = new TreeSet<>();
        for (String[] e : new String[][] {{"h1", "eth0"}, {"r1", "eth0"}, {"r1", "eth1"}, {"r2", "eth0"}, {"r3", "eth1"},
                {"h2", "eth0"}}) {
            all.add(linkLocal(e[0], e[1]));
        }
        assertThat(all).hasSize(6);
        // an interface's link-local address, as routing protocols ask for it
        NetInterface eth0 = run.world().node("r2").ip().iface("eth0");
        assertThat(run.world().node("r2").ip6().iface(eth0).linkLocalAddress()).isEqualTo(raw);
        assertThat(run.world().node("r2").ip6().iface(eth0).pointToPoint()).isTrue();
    }

    @Test
    void ip_6_addr_and_route_print_as_iproute2() {
        assertThat(run.block("r2", "ip -6 addr", 0)).containsExactly(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000",
                "    inet6 ::1/128 scope host ",
                "       valid_lft forever preferred_lft forever",
                "2: eth0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 state UP qlen 100",
                "    inet6 2001:db8:12::2/64 scope global ",
                "       valid_lft forever preferred_lft forever",
                "    inet6 " + linkLocal("r2", "eth0") + "/64 scope link stable-privacy ",
                "       valid_lft forever preferred_lft forever",
                "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 100",
                "    inet6 2001:db8:23::2/64 scope global tentative ",
                "       valid_lft forever preferred_lft forever",
                "    inet6 fe80::2/64 scope link tentative ",
                "       valid_lft forever preferred_lft forever");
        assertThat(run.block("r2", "ip -6 route", 0)).containsExactly(
                "2001:db8:1::/64 via 2001:db8:12::1 dev eth0 proto static metric 1024 pref medium",
                "2001:db8:3::/64 via fe80::3 dev eth1 proto static metric 1024 pref medium",
                "2001:db8:12::/64 dev eth0 proto kernel metric 256 pref medium",
                "2001:db8:23::/64 dev eth1 proto kernel metric 256 pref medium",
                "fe80::/64 dev eth0 proto kernel metric 256 pref medium",
                "fe80::/64 dev eth1 proto kernel metric 256 pref medium");
        // the link-local next hop was resolved by neighbour discovery on the Ethernet link
        assertThat(run.block("r2", "ip -6 neigh", 0)).containsExactly("fe80::3 dev eth1 lladdr "
                + dev.minternet.wire.Mac.str(run.world().node("r3").ip().iface("eth0").mac()) + " router REACHABLE ");
    }

    @Test
    void ping_6_crosses_three_routers_and_the_first_echo_pays_neighbour_discovery() {
        List<String> ping = run.block("h1", "ping -6 -c 3 2001:db8:3::20", 0);
        List<Double> rtts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            assertThat(ping.get(i)).matches("64 bytes from 2001:db8:3::20: icmp_seq=" + i + " ttl=61 time=\\d+\\.\\d+ ms");
            rtts.add(Double.parseDouble(ping.get(i).replaceAll(".*time=([0-9.]+) ms", "$1")));
        }
        // 2 x (1 + 5 + 5 + 1) ms of propagation, plus a round trip on r2--r3 (10 ms) for the NS/NA
        assertThat(rtts.get(1)).isBetween(24.0, 24.2);
        assertThat(rtts.get(0) - rtts.get(1)).isBetween(10.0, 10.1);
        assertThat(ping.get(6)).isEqualTo("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        // tcpdump on r1's raw link prints the IPv6 datagrams as tcpdump -n does
        List<String> dump = run.block("r1", "tcpdump -n -i eth1 -c 2 icmp6", 0);
        assertThat(dump.get(1)).isEqualTo("listening on eth1, link-type RAW (Raw IP), snapshot length 262144 bytes");
        assertThat(dump.get(2)).matches("\\S+ IP6 2001:db8:1::20 > 2001:db8:3::20: ICMP6, echo request, id \\d+, seq 1, length 64");
        assertThat(dump.get(3)).matches("\\S+ IP6 2001:db8:3::20 > 2001:db8:1::20: ICMP6, echo reply, id \\d+, seq 1, length 64");
    }

    @Test
    void traceroute_6_names_each_router_by_the_address_of_its_interface_back_to_the_source() {
        List<String> tr = run.block("h1", "traceroute -6 2001:db8:3::20", 0);
        assertThat(tr.get(0)).isEqualTo("traceroute to 2001:db8:3::20 (2001:db8:3::20), 30 hops max, 80 byte packets");
        assertThat(tr.get(1)).startsWith(" 1  r1 (2001:db8:1::1)  ");
        assertThat(tr.get(2)).startsWith(" 2  r2 (2001:db8:12::2)  ");
        assertThat(tr.get(3)).startsWith(" 3  r3 (2001:db8:23::3)  ");
        assertThat(tr.get(4)).startsWith(" 4  h2 (2001:db8:3::20)  ");
        assertThat(tr).hasSize(5);
        List<String> tr4 = run.block("h1", "traceroute 10.0.3.20", 0);
        assertThat(tr4.get(2)).startsWith(" 2  r2 (10.0.12.2)  ");
        assertThat(tr4).hasSize(5);
    }

    @Test
    void a_failed_link_makes_the_first_router_answer_no_route_and_its_routes_linkdown() {
        List<String> ping = run.block("h1", "ping -6 -c 7 2001:db8:3::20", 0);
        assertThat(ping.get(1)).startsWith("64 bytes from 2001:db8:3::20: icmp_seq=1 ttl=61");
        assertThat(ping.get(3)).isEqualTo("From 2001:db8:1::1 icmp_seq=3 Destination unreachable: No route");
        assertThat(ping.get(5)).isEqualTo("From 2001:db8:1::1 icmp_seq=5 Destination unreachable: No route");
        assertThat(ping.get(7)).startsWith("64 bytes from 2001:db8:3::20: icmp_seq=7 ttl=61");
        assertThat(ping.get(10)).isEqualTo("7 packets transmitted, 4 received, +3 errors, 42.8571% packet loss, time 6000ms");
        assertThat(run.block("r1", "ip -6 route", 0)).contains(
                "2001:db8:3::/64 via 2001:db8:12::2 dev eth1 proto static metric 1024 linkdown pref medium",
                "2001:db8:1::/64 dev eth0 proto kernel metric 256 pref medium");
        assertThat(run.events(e -> e.is(Ip6Events.ICMP_ERROR) && e.node().equals("r1"))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void tshark_decodes_raw_links_as_raw_ip_with_ipv6_and_the_ethernet_link_with_ndp() throws Exception {
        Oracles.tshark();
        List<Path> all = run.pcaps();
        assertThat(all).hasSize(8);
        for (Path p : all) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ipv6 && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
            for (Map<String, String> row : Tshark.fields(p, "icmpv6", "icmpv6.checksum.status", "frame.protocols")) {
                assertThat(row.get("icmpv6.checksum.status")).as(p + " " + row).startsWith("1");
            }
        }
        Path raw = run.dir().resolve("r1-eth1.pcap");
        List<Map<String, String>> rows = Tshark.fields(raw, "", "frame.protocols");
        assertThat(rows).extracting(r -> r.get("frame.protocols")).allMatch(s -> s.startsWith("raw:ip"));
        assertThat(rows).extracting(r -> r.get("frame.protocols")).anyMatch(s -> s.startsWith("raw:ipv6:icmpv6"))
                .anyMatch(s -> s.startsWith("raw:ip:"));
        assertThat(Tshark.fields(run.dir().resolve("r2-eth1.pcap"), "icmpv6.type == 135", "eth.type"))
                .isNotEmpty().allMatch(r -> r.get("eth.type").equals("0x86dd"));
        // the errors reached h1 from the address of each router's interface back to h1 (and h2's port unreachable)
        TreeSet<String> errorSources = new TreeSet<>();
        for (Map<String, String> r : Tshark.fields(run.dir().resolve("h1-eth0.pcap"), "icmpv6.type == 1 || icmpv6.type == 3",
                "ipv6.src")) {
            errorSources.add(r.get("ipv6.src").split(",")[0]);
        }
        assertThat(errorSources).containsExactly("2001:db8:12::2", "2001:db8:1::1", "2001:db8:23::3", "2001:db8:3::20");
    }
}
