package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ipv6-slaac.yaml end to end: a forms its address by SLAAC from r's advertisement, pings
 * b on the other LAN with ping -6, and the first ping pays neighbour discovery at the router. One
 * run with every interface captured; tshark (an oracle: MINTERNET_REQUIRE_ORACLES makes its
 * absence a failure) decodes IPv6, ICMPv6 and NDP with nothing malformed and every checksum good.
 */
class Ipv6SlaacExampleTest {
    static final Path EXAMPLE = Path.of("examples/ipv6-slaac.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    static String eui64(String node) {
        long mac = run.world().node(node).ip().interfaces().get(0).mac();
        return new dev.minternet.wire.Ip6(0, dev.minternet.wire.Ip6.eui64(mac)).toString().substring(2);
    }

    @Test
    void at_half_a_second_the_link_local_address_is_still_tentative() {
        assertThat(run.block("a", "ip -6 addr", 0)).containsExactly(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000",
                "    inet6 ::1/128 scope host ",
                "       valid_lft forever preferred_lft forever",
                "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 100",
                "    inet6 fe80::" + eui64("a") + "/64 scope link tentative ",
                "       valid_lft forever preferred_lft forever");
    }

    @Test
    void at_five_seconds_a_has_its_slaac_address_and_a_default_route_via_the_routers_link_local_address() {
        List<String> addr = run.block("a", "ip -6 addr", 1).subList(3, 8); // after lo's three lines
        assertThat(addr.get(0)).isEqualTo("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 100");
        assertThat(addr.get(1)).isEqualTo("    inet6 2001:db8:1:0:" + eui64("a") + "/64 scope global dynamic ");
        assertThat(addr.get(2)).matches("       valid_lft 25919\\d\\dsec preferred_lft 6047\\d\\dsec");
        assertThat(addr.get(3)).isEqualTo("    inet6 fe80::" + eui64("a") + "/64 scope link ");
        List<String> route = run.block("a", "ip -6 route", 0);
        assertThat(route).hasSize(3);
        assertThat(route.get(0)).matches("2001:db8:1::/64 dev eth0 proto kernel metric 256 expires 25919\\d\\dsec pref medium");
        assertThat(route.get(1)).isEqualTo("fe80::/64 dev eth0 proto kernel metric 256 pref medium");
        assertThat(route.get(2)).isEqualTo("default via fe80::" + eui64("r") + " dev eth0 proto ra metric 1024 expires 1796sec"
                + " hoplimit 64 pref medium");
    }

    @Test
    void ping_6_prints_as_iputils_and_the_first_echo_pays_neighbour_discovery() {
        List<String> ping = run.block("a", "ping -6 -c 3 2001:db8:2::20", 0);
        assertThat(ping.get(0)).isEqualTo("PING 2001:db8:2::20(2001:db8:2::20) 56 data bytes");
        List<Double> rtts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            assertThat(ping.get(i)).matches("64 bytes from 2001:db8:2::20: icmp_seq=" + i + " ttl=63 time=\\d+\\.\\d+ ms");
            rtts.add(Double.parseDouble(ping.get(i).replaceAll(".*time=([0-9.]+) ms", "$1")));
        }
        assertThat(rtts.get(0)).isGreaterThan(rtts.get(1));
        assertThat(rtts.get(1)).isEqualTo(rtts.get(2));
        assertThat(ping.get(5)).isEqualTo("--- 2001:db8:2::20 ping statistics ---");
        assertThat(ping.get(6)).isEqualTo("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        assertThat(run.block("r", "ip -6 neigh", 0)).containsExactly(
                "2001:db8:1:0:" + eui64("a") + " dev eth0 lladdr " + dev.minternet.wire.Mac.str(
                        run.world().node("a").ip().interfaces().get(0).mac()) + " REACHABLE ",
                "2001:db8:2::20 dev eth1 lladdr " + dev.minternet.wire.Mac.str(
                        run.world().node("b").ip().interfaces().get(0).mac()) + " REACHABLE ");
        // tcpdump on b saw the router's solicitation for b before the first echo request
        List<String> dump = run.block("b", "tcpdump -n -i eth0 -c 6 ip6", 0);
        assertThat(dump.get(2)).endsWith("IP6 2001:db8:2::1 > ff02::1:ff00:20: ICMP6, neighbor solicitation, who has 2001:db8:2::20, length 32");
        assertThat(dump.get(3)).endsWith("IP6 2001:db8:2::20 > 2001:db8:2::1: ICMP6, neighbor advertisement, tgt is 2001:db8:2::20, length 32");
        assertThat(dump.get(4)).contains("ICMP6, echo request, id ").endsWith(", seq 1, length 64");
    }

    @Test
    void the_trace_tells_dad_ra_and_slaac() {
        assertThat(run.events(e -> e.is(Ip6Events.RA_SEND) && e.node().equals("r"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(run.events(e -> e.is(Ip6Events.ADDRESS) && e.node().equals("a") && e.get(Ip6Events.HOW).equals("slaac"))
                .stream().map(e -> e.get(Ip6Events.STATE)).toList()).containsExactly("tentative", "preferred");
        assertThat(run.events(Ip6Events.DAD_CONFLICT)).isEmpty();
    }

    @Test
    void tshark_decodes_ipv6_icmpv6_and_ndp_with_nothing_malformed() throws Exception {
        Oracles.tshark();
        TreeSet<String> types = new TreeSet<>();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ipv6 && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
            for (Map<String, String> row : Tshark.fields(p, "icmpv6", "icmpv6.type", "ipv6.hlim", "icmpv6.checksum.status",
                    "ipv6.version", "ipv6.flow")) {
                types.add(row.get("icmpv6.type"));
                assertThat(row.get("icmpv6.checksum.status")).as(p + " " + row).isEqualTo("1");
                assertThat(row.get("ipv6.version")).isEqualTo("6");
                assertThat(Long.decode(row.get("ipv6.flow"))).isZero();
                int type = Integer.parseInt(row.get("icmpv6.type"));
                if (type >= 133 && type <= 136) {
                    assertThat(row.get("ipv6.hlim")).as("NDP is sent with hop limit 255").isEqualTo("255");
                }
            }
        }
        assertThat(types).contains("128", "129", "134", "135", "136");
        Path a = run.dir().resolve("a-eth0.pcap");
        List<Map<String, String>> ra = Tshark.fields(a, "icmpv6.type == 134", "icmpv6.opt.prefix", "icmpv6.opt.mtu",
                "icmpv6.nd.ra.router_lifetime", "icmpv6.opt.linkaddr");
        assertThat(ra).isNotEmpty();
        assertThat(ra.get(0)).containsEntry("icmpv6.opt.prefix", "2001:db8:1::").containsEntry("icmpv6.opt.mtu", "1500")
                .containsEntry("icmpv6.nd.ra.router_lifetime", "1800")
                .containsEntry("icmpv6.opt.linkaddr", dev.minternet.wire.Mac.str(run.world().node("r").ip().iface("eth0").mac()));
        // the DAD probes: from ::, to the solicited-node group, at 33:33:ff:xx:xx:xx
        List<Map<String, String>> dad = Tshark.fields(a, "icmpv6.type == 135 && ipv6.src == ::", "ipv6.dst", "eth.dst");
        assertThat(dad).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("ipv6.dst")).startsWith("ff02::1:ff");
            assertThat(r.get("eth.dst")).startsWith("33:33:ff:");
        });
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
