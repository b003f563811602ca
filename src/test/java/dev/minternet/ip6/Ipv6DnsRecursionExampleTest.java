package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ipv6-dns-recursion.yaml end to end: a recursive resolver walks root, TLD and
 * authoritative servers that have only IPv6 addresses (AAAA glue), a stub whose first name server
 * is IPv6, dig +tcp, +trace and -x over IPv6, failover from a dropped IPv4 address to the same
 * server's IPv6 address, and a host without IPv6 moving on to its IPv4 name server at once.
 * tshark (an oracle: MINTERNET_REQUIRE_ORACLES makes its absence a failure) decodes every
 * capture cleanly, DNS over UDP and TCP on IPv6 with checksums verified.
 */
class Ipv6DnsRecursionExampleTest {
    static final Path EXAMPLE = Path.of("examples/ipv6-dns-recursion.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    static List<String> block(String node, String command) {
        return run.block(node, command, 0);
    }

    /** The resolver's upstream queries between {@code from} and {@code to} seconds, as "server qname qtype transport". */
    static List<String> resolverQueries(double from, double to) {
        return run.events(e -> e.is(DnsEvents.QUERY) && e.node().equals("resolver") && e.time() >= from * 1e9 && e.time() < to * 1e9)
                .stream().map(e -> e.get(DnsEvents.SERVER) + " " + e.get(DnsEvents.QNAME) + " " + e.get(DnsEvents.QTYPE)
                        + " " + e.get(DnsEvents.TRANSPORT)).toList();
    }

    @Test
    void the_resolver_walks_root_tld_and_authoritative_over_ipv6_only() {
        assertThat(resolverQueries(3, 4)).containsExactly(
                "2001:503:ba3e::2:30 www.example.test AAAA udp",   // a.root-servers.net, from the hints
                "2001:db8:7::53 www.example.test AAAA udp",        // a.nic.test, from the root's AAAA glue
                "2001:db8:8::53 www.example.test AAAA udp");       // ns.example.test, from test's AAAA glue
        List<String> dig = block("pc", "dig www.example.test AAAA");
        assertThat(dig).contains(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: " + id(dig),
                "www.example.test.\t300\tIN\tAAAA\t2001:db8:8::80",
                ";; SERVER: 2001:db8:53::53#53(2001:db8:53::53) (UDP)");
    }

    static String id(List<String> dig) {
        return dig.stream().filter(l -> l.contains("id: ")).findFirst().orElseThrow().replaceAll(".*id: ", "");
    }

    @Test
    void dig_over_tcp_on_ipv6_gets_the_answer_over_tcp() {
        List<String> dig = block("pc", "dig +tcp @2001:db8:53::53 www.example.test AAAA");
        assertThat(dig).contains("www.example.test.\t298\tIN\tAAAA\t2001:db8:8::80",
                ";; SERVER: 2001:db8:53::53#53(2001:db8:53::53) (TCP)");
        TraceEvent served = run.events(e -> e.is(DnsEvents.SERVE) && e.node().equals("resolver")
                && e.time() >= 5e9 && e.time() < 6e9).get(0);
        assertThat(served.get(DnsEvents.CLIENT)).isEqualTo("2001:db8:53::10");
    }

    @Test
    void dig_trace_from_an_ipv6_server_follows_aaaa_glue() {
        List<String> trace = block("pc", "dig +trace @2001:db8:53::53 www.example.test AAAA");
        assertThat(trace).containsSubsequence(
                ".\t\t\t518400\tIN\tNS\ta.root-servers.net.",
                ";; Received 59 bytes from 2001:db8:53::53#53(2001:db8:53::53) in 10 ms",
                "test.\t\t\t172800\tIN\tNS\ta.nic.test.",
                ";; Received 93 bytes from 2001:503:ba3e::2:30#53(a.root-servers.net) in 10 ms",
                "example.test.\t\t172800\tIN\tNS\tns.example.test.",
                ";; Received 90 bytes from 2001:db8:7::53#53(a.nic.test) in 20 ms",
                "www.example.test.\t300\tIN\tAAAA\t2001:db8:8::80",
                ";; Received 73 bytes from 2001:db8:8::53#53(ns.example.test) in 30 ms");
    }

    @Test
    void dig_x_of_an_ipv6_address_asks_its_ip6_arpa_name() {
        List<String> dig = block("pc", "dig -x 2001:db8:8::53");
        assertThat(dig).contains(";3.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. IN PTR",
                "3.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. 300 IN PTR ns.example.test.");
    }

    @Test
    void a_timeout_on_a_servers_ipv4_address_fails_over_to_its_ipv6_address_and_stays_there() {
        assertThat(resolverQueries(9, 10)).containsExactly(
                "2001:db8:7::53 www.other.test A udp",
                "10.0.9.53 www.other.test A udp",          // no history: IPv4 first; ns2's firewall drops it
                "2001:db8:9::53 www.other.test A udp");    // after the 800 ms timeout, the other family
        TraceEvent timeout = run.events(e -> e.is(DnsEvents.TIMEOUT) && e.node().equals("resolver")).get(0);
        assertThat(timeout.get(DnsEvents.SERVER)).isEqualTo("10.0.9.53");
        assertThat(block("pc", "dig www.other.test")).contains("www.other.test.\t\t300\tIN\tA\t10.0.9.80",
                ";; Query time: 860 msec");
        // later queries go to the address with the lower smoothed RTT: IPv6
        assertThat(resolverQueries(12, 13)).containsExactly("2001:db8:9::53 mail.other.test A udp");
    }

    @Test
    void a_stub_without_ipv6_skips_its_ipv6_name_server_at_once_and_asks_the_next() {
        // ping asks A, then AAAA, each the same way: the A question's
        List<TraceEvent> stub = run.events(e -> (e.is(DnsEvents.QUERY) || e.is(DnsEvents.FAILURE)) && e.node().equals("v4only")
                && e.get(DnsEvents.QTYPE).equals("A"));
        assertThat(stub).extracting(e -> (e.is(DnsEvents.QUERY) ? "query " : "failure ") + e.get(DnsEvents.SERVER)).containsExactly(
                "query 2001:db8:53::53", "failure 2001:db8:53::53", "query 10.0.1.53");
        assertThat(stub.get(1).get(DnsEvents.REASON)).isEqualTo("no-route");
        assertThat(stub.get(2).time()).isEqualTo(stub.get(0).time()); // no timeout waited: sendto failed
        assertThat(block("v4only", "ping -c 1 pc.example.test").get(0))
                .isEqualTo("PING pc.example.test (10.0.1.10) 56(84) bytes of data.");
    }

    @Test
    void tshark_decodes_dns_over_udp_and_tcp_on_ipv6_cleanly() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
        }
        Path root = run.dir().resolve("root-eth0.pcap");
        List<Map<String, String>> dns = Tshark.fieldsWith(root, Tshark.CHECKSUM_PREFERENCES, "dns && dns.flags.response == 1",
                "ipv6.src", "udp.checksum.status", "dns.qry.name", "dns.ns", "dns.aaaa");
        assertThat(dns.get(0)).containsEntry("ipv6.src", "2001:503:ba3e::2:30").containsEntry("udp.checksum.status", "1")
                .containsEntry("dns.qry.name", "www.example.test").containsEntry("dns.ns", "a.nic.test")
                .containsEntry("dns.aaaa", "2001:db8:7::53");
        Path pc = run.dir().resolve("pc-eth0.pcap");
        List<Map<String, String>> tcp = Tshark.fieldsWith(pc, Tshark.CHECKSUM_PREFERENCES, "tcp && dns",
                "ipv6.dst", "tcp.checksum.status", "dns.qry.name", "dns.flags.response");
        assertThat(tcp).hasSize(2);
        assertThat(tcp.get(0)).containsEntry("ipv6.dst", "2001:db8:53::53").containsEntry("tcp.checksum.status", "1")
                .containsEntry("dns.qry.name", "www.example.test").containsEntry("dns.flags.response", "0");
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
