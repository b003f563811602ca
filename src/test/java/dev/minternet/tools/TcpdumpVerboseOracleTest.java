package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tcpdump -v, line for line the real tcpdump -v reading every capture of an example: the IPv4 and
 * IPv6 headers' fields, TCP, UDP and ICMPv6 checksums checked, the datagram an ICMP error quotes,
 * neighbour discovery's flags and options, every line of HTTP, DNS answers with their names,
 * ARP's types, spanning tree's timers, OSPFv2's hellos, descriptions, requests, updates with their
 * LSAs and acknowledgments, OSPFv3's hellos and descriptions, BGP's OPEN, UPDATE (IPv4 and
 * multiprotocol IPv6, route reflection's attributes), KEEPALIVE and NOTIFICATION, DHCP's fields and
 * options, IPv6 fragments' identifications.
 */
class TcpdumpVerboseOracleTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ospf.yaml|Router LSA Options: [none]|Neighbor List:|[|ospf2]",
        "ospf-areas.yaml|Summary LSA (3)|topology default (0) metric|Options [External]",
        "ospf-nssa.yaml|NSSA LSA (7)|type 2, metric|Options [NSSA]",
        "ospfv3.yaml|Options [V6, External, Router]|Interface-ID|DD-Sequence 0x",
        "ipv6-slaac.yaml|[icmp6 sum ok] ICMP6, router advertisement, length|prefix info option (3), length 32 (4)|Flags [onlink, auto]",
        "lan-switching.yaml|message-age 0.00s, max-age 20.00s|ARP, Ethernet (len 6), IPv4 (len 4), Request who-has|root-pathcost",
        "datacenter.yaml|, length: |\tHost: |cksum 0x",
        "silent-hop.yaml|ICMP time exceeded in-transit, length|\tIP (tos 0x0, ttl 1,|flags [none], proto UDP (17)",
        "ipv6-fragments.yaml|next-header Fragment (44)|frag (0x|ICMP6, echo reply, id",
        "bgp.yaml|Update Message (2), length: |AS Path (2), length: |Updated routes:",
        "bgp-ipv6.yaml|Multi-Protocol Reach NLRI (14)|nh-length: 32, no SNPA|Multi-Protocol Unreach NLRI (15)",
        "bgp-route-reflector.yaml|Cluster List (10)|Originator ID (9)|32-Bit AS Number (65), length: 4",
        "dhcp.yaml|Vendor-rfc1048 Extensions|DHCP-Message (53), length 1: Discover|Parameter-Request (55), length",
    })
    void everyCaptureOfTheExample_isTheRealTcpdumpVsText(String example, String a, String b, String c) throws Exception {
        compare(example, List.of("-n", "-v"), a, b, c);
    }

    /**
     * -vv: every TCP segment's sequence number, IPv4's UDP checksum, DNS's questions in answers and
     * its authority and additional sections (EDNS cookies and client subnets), OSPFv2's LSAs in hex,
     * OSPFv3's neighbours, LSA headers, requests and LSAs, BGP's attributes and capabilities in hex,
     * neighbour discovery's options in hex, DHCP's flags word.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dns.yaml| ar: . OPT UDPsize=1232 [COOKIE | q: A? |[udp sum ok] ",
        "cdn-client-subnet.yaml|OPT UDPsize=1232 [ECS |[udp sum ok] |ar: ",
        "ospf.yaml|\t    0x0000:  |Router LSA (1)|[udp sum ok] UDP, length 32",
        "ospfv3.yaml|Intra-Area Prefix LSA (9), Area Local Scope|Link-local address fe80::|Neighbor List:",
        "bgp-ipv6.yaml|Multi-Protocol Reach NLRI (14)|\t\t0x0000:  |\t    0x0000:  ",
        "ipv6-slaac.yaml|prefix info option (3), length 32 (4)|\t    0x0000:  |[icmp6 sum ok]",
        "dhcp.yaml|Flags [none] (0x0000)|Vendor-rfc1048 Extensions|[udp sum ok] ",
    })
    void everyCaptureOfTheExample_isTheRealTcpdumpVvText(String example, String a, String b, String c) throws Exception {
        compare(example, List.of("-n", "-vv"), a, b, c);
    }

    /** -vvv: each DNS record's TTL (unsigned_relts_print: 1d2h3m4s), DHCP's pad and end options. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dns.yaml|] A |] NS |] SOA ",
        "dhcp.yaml|PAD (0), length 0, occurs |END (255), length 0|Flags [none] (0x0000)",
    })
    void everyCaptureOfTheExample_isTheRealTcpdumpVvvText(String example, String a, String b, String c) throws Exception {
        compare(example, List.of("-n", "-vvv"), a, b, c);
    }

    private void compare(String example, List<String> argv, String a, String b, String c) throws Exception {
        Path pcaps = dir.resolve("pcaps");
        Runs.example(Path.of("examples", example), pcaps);
        List<Path> files;
        try (Stream<Path> s = Files.list(pcaps)) {
            files = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        StringBuilder all = new StringBuilder();
        for (Path pcap : files) {
            String ours = TcpdumpDefaultWorldOracleTest.ours(pcap, argv);
            assertThat(ours).as(pcap.getFileName().toString()).isEqualTo(TcpdumpDefaultWorldOracleTest.real(pcap, argv));
            all.append(ours);
        }
        for (String expected : List.of(a, b, c)) {
            String e = expected.replace("\\t", "\t");
            assertThat(all.toString()).as(e).contains(e);
        }
    }
}
