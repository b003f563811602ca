package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ipv6-dns.yaml end to end: AAAA records from a zone, DNS over UDP on IPv6 with dig's
 * IPv6 SERVER line, ss and netstat listing the IPv6 socket, traceroute -6 through the router.
 * tshark (an oracle: MINTERNET_REQUIRE_ORACLES makes its absence a failure) decodes UDP, DNS
 * and ICMPv6 errors over IPv6 with every checksum verified and fields equal to the trace.
 */
class Ipv6DnsExampleTest {
    static final Path EXAMPLE = Path.of("examples/ipv6-dns.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    /** What {@code command} on {@code node} printed (its first run). */
    static List<String> block(String node, String command) {
        return run.block(node, command, 0);
    }

    /** dig's lines from the header to MSG SIZE, with the id, cookie and date masked. */
    static List<String> digBody(List<String> dig) {
        return dig.stream().map(l -> l.replaceAll("id: \\d+", "id: N").replaceAll("COOKIE: [0-9a-f]+", "COOKIE: X")
                .replaceAll("WHEN: .*", "WHEN: D")).toList();
    }

    @Test
    void dig_aaaa_over_ipv4_prints_the_zones_aaaa_record() {
        List<String> dig = digBody(block("a", "dig AAAA b.example.test"));
        assertThat(dig).containsSubsequence(
                "; <<>> DiG 9.18.28 <<>> AAAA b.example.test",
                ";; global options: +cmd",
                ";; Got answer:",
                ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: N",
                ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1",
                ";; QUESTION SECTION:",
                ";b.example.test.\t\t\tIN\tAAAA",
                "",
                ";; ANSWER SECTION:",
                "b.example.test.\t\t300\tIN\tAAAA\t2001:db8:2::20",
                "",
                ";; SERVER: 10.0.2.53#53(10.0.2.53) (UDP)",
                ";; MSG SIZE  rcvd: 99");
    }

    @Test
    void dig_at_an_ipv6_server_asks_over_ipv6_and_prints_its_server_line_as_dig_does() {
        List<String> dig = digBody(block("a", "dig @2001:db8:2::53 b.example.test AAAA"));
        assertThat(dig).containsSubsequence(
                "; <<>> DiG 9.18.28 <<>> @2001:db8:2::53 b.example.test AAAA",
                "; (1 server found)",
                ";; global options: +cmd",
                ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: N",
                "b.example.test.\t\t300\tIN\tAAAA\t2001:db8:2::20",
                ";; SERVER: 2001:db8:2::53#53(2001:db8:2::53) (UDP)",
                ";; WHEN: D",
                ";; MSG SIZE  rcvd: 99");
        List<String> dump = block("ns", "tcpdump -n -i eth0 -c 4 ip6");
        // tcpdump decodes DNS on port 53: "ID+ [1au] AAAA? NAME (LEN)", the answer "ID* 1/0/1 AAAA ADDRESS (LEN)"
        assertThat(dump.get(4)).matches(".* IP6 " + java.util.regex.Pattern.quote(addressOfA() + "." + port(dump.get(4)))
                + " > 2001:db8:2::53\\.53: [0-9]+\\+ \\[1au\\] AAAA\\? b\\.example\\.test\\. \\(55\\)");
        assertThat(dump.get(5)).matches(".* IP6 2001:db8:2::53\\.53 > " + java.util.regex.Pattern.quote(addressOfA() + "."
                + port(dump.get(4))) + ": [0-9]+\\*- 1/0/1 AAAA 2001:db8:2::20 \\(99\\)");
        // the server answered an IPv6 client, from the address it was asked at
        List<TraceEvent> serve = run.events(e -> e.is(DnsEvents.SERVE_AUTHORITATIVE) && e.node().equals("ns"));
        assertThat(serve.get(1).get(DnsEvents.CLIENT)).isEqualTo(addressOfA());
        assertThat(run.events(e -> e.is(Ip6Events.SEND) && e.node().equals("ns")
                && e.get(Ip6Events.NEXT).equals("udp")).get(0).get(Ip6Events.SRC)).isEqualTo("2001:db8:2::53");
    }

    /** The client's port in a tcpdump line "IP6 addr.port > ...". */
    static String port(String line) {
        return line.replaceAll(".* IP6 [0-9a-f:]+\\.(\\d+) > .*", "$1");
    }

    @Test
    void ss_and_netstat_list_the_ipv6_socket_as_the_real_tools_print_it() {
        assertThat(block("ns", "ss -uln")).containsExactly(
                "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "UNCONN 0      0            0.0.0.0:53        0.0.0.0:*          ",
                "UNCONN 0      0               [::]:53           [::]:*          ");
        assertThat(block("ns", "netstat -uln")).containsExactly(
                "Active Internet connections (only servers)",
                "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
                "udp        0      0 0.0.0.0:53              0.0.0.0:*                          ",
                "udp6       0      0 :::53                   :::*                               ");
    }

    @Test
    void traceroute_6_shows_the_router_then_the_destination() {
        List<String> tr = block("a", "traceroute -6 b");
        assertThat(tr).hasSize(3);
        assertThat(tr.get(0)).isEqualTo("traceroute to b (2001:db8:2::20), 30 hops max, 80 byte packets");
        assertThat(tr.get(1)).matches(" 1  r \\(2001:db8:1::1\\)  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms");
        assertThat(tr.get(2)).matches(" 2  b \\(2001:db8:2::20\\)  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms");
        // b's UDP dropped the probes from hop 2 on (port 33434 + 3), each answered by port unreachable
        List<TraceEvent> drops = run.events(e -> e.is(UdpEvents.DROP) && e.node().equals("b"));
        assertThat(drops.get(0).get(UdpEvents.DPORT)).isEqualTo(33437L);
        assertThat(drops).allSatisfy(e -> assertThat(e.get(UdpEvents.SRC)).isEqualTo(addressOfA()));
    }

    @Test
    void tshark_decodes_udp_dns_and_icmpv6_errors_over_ipv6_with_checksums_verified() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ipv6 && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
        }
        Path a = run.dir().resolve("a-eth0.pcap");
        List<Map<String, String>> dns = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES, "ipv6 && dns",
                "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport", "udp.length", "udp.checksum.status", "dns.qry.name",
                "dns.qry.type", "dns.aaaa", "dns.flags.response");
        assertThat(dns).hasSize(2);
        // fields equal to the trace: the query's ports and length as udp send traced them
        TraceEvent send = run.events(e -> e.is(UdpEvents.SEND) && e.node().equals("a") && e.get(UdpEvents.DST).equals("2001:db8:2::53")).get(0);
        Map<String, String> q = dns.get(0);
        assertThat(q).containsEntry("ipv6.dst", "2001:db8:2::53").containsEntry("udp.dstport", "53")
                .containsEntry("udp.srcport", Long.toString(send.get(UdpEvents.SPORT)))
                .containsEntry("udp.length", Long.toString(send.get(UdpEvents.LEN) + 8))
                .containsEntry("udp.checksum.status", "1").containsEntry("dns.qry.name", "b.example.test")
                .containsEntry("dns.qry.type", "28").containsEntry("dns.flags.response", "0");
        assertThat(dns.get(1)).containsEntry("ipv6.src", "2001:db8:2::53").containsEntry("udp.srcport", "53")
                .containsEntry("udp.checksum.status", "1").containsEntry("dns.aaaa", "2001:db8:2::20")
                .containsEntry("dns.flags.response", "1");
        // traceroute -6: UDP probes from one port to 33434 and up; time exceeded from r (hop limit 1),
        // port unreachable from b, each quoting the probe with its UDP checksum verified
        List<Map<String, String>> probes = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES, "ipv6 && udp.dstport >= 33434 && udp.dstport < 33534 && !icmpv6",
                "udp.dstport", "ipv6.hlim", "udp.length", "udp.checksum.status");
        assertThat(probes).hasSizeGreaterThanOrEqualTo(6);
        assertThat(probes.get(0)).containsEntry("udp.dstport", "33434").containsEntry("ipv6.hlim", "1")
                .containsEntry("udp.length", "40").containsEntry("udp.checksum.status", "1");
        List<Map<String, String>> errors = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES, "icmpv6.type < 128",
                "ipv6.src", "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status", "udp.dstport", "udp.checksum.status");
        assertThat(errors).anySatisfy(r -> assertThat(r).containsEntry("ipv6.src", "2001:db8:1::1," + addressOfA())
                .containsEntry("icmpv6.type", "3").containsEntry("icmpv6.code", "0").containsEntry("icmpv6.checksum.status", "1")
                .containsEntry("udp.checksum.status", "1"));
        assertThat(errors).anySatisfy(r -> assertThat(r).containsEntry("ipv6.src", "2001:db8:2::20," + addressOfA())
                .containsEntry("icmpv6.type", "1").containsEntry("icmpv6.code", "4").containsEntry("icmpv6.checksum.status", "1")
                .containsEntry("udp.checksum.status", "1"));
    }

    /** a's SLAAC address: 2001:db8:1::/64 + the modified EUI-64 of its MAC address. */
    static String addressOfA() {
        long mac = run.world().node("a").ip().interfaces().get(0).mac();
        return new dev.minternet.wire.Ip6(dev.minternet.wire.Ip6.parse("2001:db8:1::").hi(),
                dev.minternet.wire.Ip6.eui64(mac)).toString();
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
