package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.Mp6.Prefix6;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MP-BGP for IPv6 unicast: the codec (OPEN's AFI 2 capability, MP_REACH_NLRI with 16- and
 * 32-byte next hops, MP_UNREACH_NLRI), and examples/bgp-ipv6.yaml end to end: IPv6 routes across
 * three ASes, ping -6 before and after the withdrawal, vtysh, tshark, determinism.
 */
class Bgp6Test {
    static final Path EXAMPLE = Path.of("examples/bgp-ipv6.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Prefix6 p6(String s) {
        Ip6.Cidr c = Ip6.Cidr.parse(s);
        return new Prefix6(c.address(), c.length());
    }

    @Test
    void an_open_announces_ipv6_unicast_only_when_asked() throws Exception {
        BgpMessage.Open with = (BgpMessage.Open) BgpMessage.decode(BgpMessage.open(65001, 90, Ip4.parse("1.1.1.1"), true));
        assertThat(with.ipv4Unicast()).isTrue();
        assertThat(with.ipv6Unicast()).isTrue();
        BgpMessage.Open without = (BgpMessage.Open) BgpMessage.decode(BgpMessage.open(65001, 90, Ip4.parse("1.1.1.1")));
        assertThat(without.ipv6Unicast()).isFalse();
    }

    @Test
    void mp_reach_and_mp_unreach_round_trip() throws Exception {
        Attrs a = new Attrs(BgpMessage.ORIGIN_IGP, new int[] {65001}, 0, -1, -1, new int[0]);
        List<Prefix6> nlri = List.of(p6("2001:db8:100::/48"), p6("2001:db8:1:2::/63"), p6("::/0"));
        Ip6 nh = Ip6.parse("2001:db8:12::1");
        Ip6 ll = Ip6.parse("fe80::1");
        byte[] m = Mp6.announce(a, nh, ll, nlri);
        assertThat(BgpMessage.checkHeader(m, 0)).isEqualTo(m.length);
        BgpMessage.Update u = (BgpMessage.Update) BgpMessage.decode(m);
        assertThat(u.nlri()).isEmpty();
        assertThat(u.attrs().pathString()).isEqualTo("65001");
        Mp6.Update6 u6 = Mp6.decode(m);
        assertThat(u6.nlri()).isEqualTo(nlri);
        assertThat(u6.nextHop()).isEqualTo(nh);
        assertThat(u6.linkLocal()).isEqualTo(ll);
        assertThat(Mp6.decode(Mp6.announce(a, nh, null, nlri)).linkLocal()).isNull();
        byte[] w = Mp6.withdraw(List.of(p6("2001:db8:300::/48")));
        assertThat(BgpMessage.checkHeader(w, 0)).isEqualTo(w.length);
        assertThat(Mp6.decode(w).withdrawn()).containsExactly(p6("2001:db8:300::/48"));
        assertThat(Mp6.decode(w).nlri()).isEmpty();
    }

    @Test
    void a_bad_next_hop_length_is_an_optional_attribute_error() {
        Attrs a = new Attrs(BgpMessage.ORIGIN_IGP, new int[] {65001}, 0, -1, -1, new int[0]);
        byte[] m = Mp6.announce(a, Ip6.parse("2001:db8::1"), null, List.of(p6("2001:db8::/32")));
        // MP_REACH_NLRI is last: flags, type, length, AFI(2), SAFI, next hop length
        int at = m.length - (3 + 4 + 16 + 1 + 5) + 3 + 3;
        assertThat(m[at]).isEqualTo((byte) 16);
        m[at] = 12;
        try {
            Mp6.decode(m);
            throw new AssertionError("accepted a 12-byte IPv6 next hop");
        } catch (BgpMessage.BgpError e) {
            assertThat(e.code + "/" + e.subcode).isEqualTo("3/9");
        }
    }

    @Test
    void an_mp_reach_without_origin_and_as_path_is_refused() {
        java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
        BgpMessage.attr(a, 0x80, Mp6.ATTR_MP_REACH, Mp6.reach(Ip6.parse("2001:db8::1"), null, List.of(p6("2001:db8::/32"))));
        byte[] m = BgpMessage.updateWithAttributes(a.toByteArray());
        try {
            Mp6.decode(m);
            throw new AssertionError("accepted an MP_REACH_NLRI without ORIGIN");
        } catch (BgpMessage.BgpError e) {
            assertThat(e.code + "/" + e.subcode + " " + e.getMessage()).isEqualTo("3/3 missing well-known attribute ORIGIN");
        }
    }

    @Test
    void routes_cross_three_ases_and_the_withdrawal_removes_them() {
        assertThat(run.terminal("r2")).containsSequence(
                "   Network          Next Hop            Metric LocPrf Weight Path",
                "*> 2001:db8:100::/48");
        // FRR puts a network of 17 characters or more, and a next hop of 16 or more, on its own line
        assertThat(run.terminal("r2")).containsSequence("*> 2001:db8:200::/48",
                " ".repeat(20) + "::" + " ".repeat(14) + "         0         32768 i",
                "*> 2001:db8:300::/48");
        assertThat(run.terminal("r2")).contains(" ".repeat(36) + "         0    200      0 300 i");
        assertThat(run.terminal("r2")).anyMatch(l -> l.matches(" {20}fe80::[0-9a-f:]+"));
        assertThat(run.terminal("r2")).anyMatch(l -> l.matches("10\\.0\\.23\\.2 +4 +300 .* 00:00:19 {12}1 {8}2 N/A"));
        List<String> r1 = run.terminal("r1");
        List<String> before = run.block("r1", "ip -6 route", 0);
        List<String> after = run.block("r1", "ip -6 route", 1);
        assertThat(before).anyMatch(l -> l.matches("2001:db8:300::/48 via fe80::\\S+ dev eth0 proto bgp metric 20 pref medium"));
        assertThat(after).noneMatch(l -> l.startsWith("2001:db8:300::/48"));
        assertThat(after).anyMatch(l -> l.startsWith("2001:db8:200::/48 via fe80::"));
        assertThat(r1).isNotEmpty();
        List<String> ping1 = run.block("h1", "ping -6 -c 2 2001:db8:300:1::10", 0);
        assertThat(ping1).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
        List<String> ping2 = run.block("h1", "ping -6 -c 2 2001:db8:300:1::10", 1);
        assertThat(ping2).contains("From 2001:db8:100:1::1 icmp_seq=1 Destination unreachable: No route");
        assertThat(run.terminal("h1")).anyMatch(l -> l.startsWith(" 2  2001:db8:12::2 "))
                .anyMatch(l -> l.startsWith(" 3  2001:db8:23::2 "));
        var withdrawal = run.events(e -> e.is(BgpEvents.WITHDRAW_IN) && e.node().equals("r1"));
        assertThat(withdrawal).hasSize(1);
        assertThat(withdrawal.get(0).get(BgpEvents.PREFIX)).isEqualTo("2001:db8:300::/48");
    }

    @Test
    void tshark_decodes_the_capability_and_the_mp_attributes() throws Exception {
        Oracles.tshark();
        Path x12 = run.dir().resolve("r1-eth0.pcap");
        try (Stream<Path> s = Files.list(run.dir())) {
            for (Path p : s.filter(x -> x.toString().endsWith(".pcap")).sorted().toList()) {
                assertThat(Tshark.count(p, Tshark.MALFORMED_FILTER + " || bgp.length.invalid || bgp.prefix_length.invalid"))
                        .as(p.toString()).isZero();
            }
        }
        assertThat(Tshark.fields(x12, "bgp.type == 1", "bgp.cap.mp.afi", "bgp.cap.mp.safi"))
                .extracting(r -> r.get("bgp.cap.mp.afi") + "/" + r.get("bgp.cap.mp.safi")).containsOnly("1,2/1,1");
        List<Map<String, String>> reach = Tshark.fields(x12, "bgp.mp_reach_nlri_ipv6_prefix", "ip.src",
                "bgp.mp_reach_nlri_ipv6_prefix", "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6",
                "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6.link_local");
        assertThat(reach).extracting(r -> r.get("ip.src") + " " + r.get("bgp.mp_reach_nlri_ipv6_prefix") + " "
                + r.get("bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6")).containsExactly(
                "10.0.12.1 2001:db8:100:: 2001:db8:12::1",
                "10.0.12.2 2001:db8:200:: 2001:db8:12::2",
                "10.0.12.2 2001:db8:300:: 2001:db8:12::2"); // r3's /48 waited for r2's MRAI toward r1 (5 s)
        List<Double> at = Tshark.fields(x12, "bgp.mp_reach_nlri_ipv6_prefix && ip.src == 10.0.12.2", "frame.time_relative")
                .stream().map(r -> Double.parseDouble(r.get("frame.time_relative"))).toList();
        // the MRAI runs from the first UPDATE's hand-over to TCP, which may send it a little later
        assertThat(at.get(1) - at.get(0)).as("the MRAI between r2's two IPv6 UPDATEs").isGreaterThan(4.5);
        assertThat(reach).allSatisfy(r -> assertThat(r.get("bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6.link_local"))
                .startsWith("fe80::"));
        assertThat(Tshark.fields(x12, "bgp.mp_unreach_nlri_ipv6_prefix", "ip.src", "bgp.mp_unreach_nlri_ipv6_prefix"))
                .extracting(r -> r.get("ip.src") + " " + r.get("bgp.mp_unreach_nlri_ipv6_prefix"))
                .containsExactly("10.0.12.2 2001:db8:300::");
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
