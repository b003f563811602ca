package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.endpoint.HappyEyeballs;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/happy-eyeballs.yaml end to end: TCP, TLS and HTTP over IPv6 (curl to a dual-stack
 * server picks IPv6), Happy Eyeballs falling back to IPv4 past a black-holed IPv6 address after
 * curl's 200 ms, curl -4 and -6, ss and netstat with IPv6 sockets, and tshark (an oracle)
 * decoding the TCP handshake and the HTTP GET over IPv6 with the TCP checksum verified.
 */
class HappyEyeballsExampleTest {
    static final Path EXAMPLE = Path.of("examples/happy-eyeballs.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    static List<String> block(String node, String command) {
        return run.block(node, command, 0);
    }

    /** a's SLAAC address: 2001:db8:1::/64 + the modified EUI-64 of its MAC address. */
    static String addressOfA() {
        long mac = run.world().node("a").ip().interfaces().get(0).mac();
        return new dev.minternet.wire.Ip6(dev.minternet.wire.Ip6.parse("2001:db8:1::").hi(),
                dev.minternet.wire.Ip6.eui64(mac)).toString();
    }

    /** The simulated time (ns) of the first output line of {@code node} equal to {@code text}. */
    static long timeOf(String node, String text) {
        for (String line : run.output()) {
            String[] f = line.trim().split("\\s+", 3);
            if (f.length == 3 && f[1].equals(node) && line.endsWith(" | " + text)) {
                return Math.round(Double.parseDouble(f[0]) * 1e9);
            }
        }
        throw new AssertionError("no line " + text);
    }

    /** a's SYNs (no ACK) to {@code dst}, in order. */
    static List<TraceEvent> syns(String dst) {
        return run.events(e -> e.is(TcpEvents.SEND) && e.node().equals("a") && e.get(TcpEvents.DST).equals(dst)
                && e.get(TcpEvents.FLAGS).equals("SYN"));
    }

    @Test
    void given_a_working_ipv6_path_curl_connects_over_ipv6_first_and_runs_tls_and_http2_over_it() {
        List<String> curl = block("a", "curl -v -k -o /dev/null -s https://www.example.test/");
        assertThat(curl).containsSubsequence(
                "* Host www.example.test:443 was resolved.",
                "* IPv6: 2001:db8:2::80",
                "* IPv4: 10.0.2.80",
                "*   Trying [2001:db8:2::80]:443...",
                "* Connected to www.example.test (2001:db8:2::80) port 443",
                "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / ED25519",
                "* ALPN: server accepted h2",
                "< HTTP/2 200 ");
        // the IPv4 attempt never started: IPv6 connected within the delay
        assertThat(curl).noneMatch(l -> l.startsWith("*   Trying 10."));
        assertThat(syns("10.0.2.80").stream().filter(e -> e.time() < 8_000_000_000L)).isEmpty();
        // the server's segments leave from its IPv6 address
        assertThat(run.events(e -> e.is(TcpEvents.SEND) && e.node().equals("www") && e.get(TcpEvents.SRC).equals("2001:db8:2::80")))
                .isNotEmpty();
    }

    @Test
    void given_a_black_holed_ipv6_address_curl_starts_ipv4_after_its_200_ms_and_ipv4_wins() {
        List<String> curl = block("a", "curl -v -s -o /dev/null http://stale.example.test/");
        assertThat(curl).containsSubsequence(
                "* IPv6: 2001:db8:2::dead",
                "* IPv4: 10.0.2.80",
                "*   Trying [2001:db8:2::dead]:80...",
                "*   Trying 10.0.2.80:80...",
                "* Connected to stale.example.test (10.0.2.80) port 80",
                "< HTTP/1.1 200 OK");
        // expected times: the IPv4 SYN leaves exactly curl's happy eyeballs timeout after the IPv6 SYN
        TraceEvent syn6 = syns("2001:db8:2::dead").get(0);
        TraceEvent syn4 = syns("10.0.2.80").stream().filter(e -> e.time() > syn6.time()).findFirst().orElseThrow();
        assertThat(syn4.time() - syn6.time()).isEqualTo(HappyEyeballs.CURL_DELAY_NS).isEqualTo(200_000_000L);
        assertThat(timeOf("a", "*   Trying 10.0.2.80:80...") - timeOf("a", "*   Trying [2001:db8:2::dead]:80..."))
                .isEqualTo(200_000_000L);
        // connected one round trip later: the SYN,ACK from www arrives at a
        TraceEvent synAck = run.events(e -> e.is(TcpEvents.RECEIVE) && e.node().equals("a") && e.get(TcpEvents.FLAGS).equals("SYN,ACK")
                && e.get(TcpEvents.DPORT).equals(syn4.get(TcpEvents.SPORT))).get(0);
        assertThat(timeOf("a", "* Connected to stale.example.test (10.0.2.80) port 80")).isBetween(synAck.time() - 1000, synAck.time() + 1000);
        // the IPv6 SYN was never answered
        assertThat(syns("2001:db8:2::dead")).hasSize(1);
    }

    @Test
    void curl_4_and_6_use_one_family() {
        assertThat(block("a", "curl -4 -s -o /dev/null -w '%{remote_ip}\\n' http://www.example.test/")).containsExactly("10.0.2.80");
        assertThat(block("a", "curl -6 -s -o /dev/null -w '%{remote_ip}\\n' http://www.example.test/")).containsExactly("2001:db8:2::80");
        assertThat(block("a", "curl -6 http://10.0.2.80/")).containsExactly("curl: (7) Couldn't connect to server");
        assertThat(block("a", "curl -4 http://[2001:db8:2::80]/")).containsExactly("curl: (7) Couldn't connect to server");
    }

    @Test
    void a_closed_port_over_ipv6_is_refused_with_a_reset() {
        List<String> curl = block("a", "curl -v -o /dev/null -s http://[2001:db8:2::80]:81/");
        assertThat(curl).hasSize(2);
        assertThat(curl.get(0)).isEqualTo("*   Trying [2001:db8:2::80]:81...");
        assertThat(curl.get(1)).matches("\\* connect to 2001:db8:2::80 port 81 from " + addressOfA().replace(".", "\\.")
                + " port \\d+ failed: Connection refused");
    }

    @Test
    void ss_and_netstat_print_ipv6_connections_and_dual_stack_listeners_as_linux_does() {
        List<String> ss = block("www", "ss -tn");
        assertThat(ss.get(0)).isEqualTo("State Recv-Q Send-Q    Local Address:Port                       Peer Address:Port Process");
        assertThat(ss.get(1)).matches("ESTAB 0 +\\d+ +\\[2001:db8:2::80\\]:443 +\\[" + addressOfA() + "\\]:\\d+ +");
        List<String> netstat = block("www", "netstat -tn");
        // net-tools cuts the address so that address and port fit 22 characters
        assertThat(netstat.get(2)).matches("tcp6 +0 +\\d+ 2001:db8:2::80:443 +" + addressOfA().substring(0, 17) + ":\\d{5} ESTABLISHED");
        assertThat(block("www", "ss -tln")).containsExactly(
                "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "LISTEN 0      128                *:80              *:*          ",
                "LISTEN 0      128                *:443             *:*          ");
        assertThat(block("www", "netstat -tln")).containsExactly(
                "Active Internet connections (only servers)",
                "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
                "tcp6       0      0 :::80                   :::*                    LISTEN     ",
                "tcp6       0      0 :::443                  :::*                    LISTEN     ");
    }

    @Test
    void tshark_decodes_the_handshake_and_the_http_get_over_ipv6_with_tcp_checksums_verified() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
        }
        Path a = run.dir().resolve("a-eth0.pcap");
        // curl -6 http://www.example.test/: SYN, SYN,ACK, ACK, then the GET, each TCP checksum good
        List<Map<String, String>> segs = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES, "ipv6 && tcp.port == 80 && ipv6.addr == 2001:db8:2::80",
                "ipv6.src", "ipv6.dst", "ipv6.nxt", "tcp.flags.str", "tcp.checksum.status", "tcp.options.mss_val", "http.request.method",
                "http.request.uri", "http.response.code");
        assertThat(segs).allSatisfy(r -> assertThat(r).containsEntry("tcp.checksum.status", "1").containsEntry("ipv6.nxt", "6"));
        assertThat(segs.get(0)).containsEntry("ipv6.src", addressOfA()).containsEntry("ipv6.dst", "2001:db8:2::80")
                .containsEntry("tcp.options.mss_val", "1440");
        assertThat(segs.get(0).get("tcp.flags.str")).contains("S").doesNotContain("A");
        assertThat(segs.get(1)).containsEntry("ipv6.src", "2001:db8:2::80").containsEntry("tcp.options.mss_val", "1440");
        assertThat(segs).anySatisfy(r -> assertThat(r).containsEntry("http.request.method", "GET").containsEntry("http.request.uri", "/"));
        assertThat(segs).anySatisfy(r -> assertThat(r).containsEntry("http.response.code", "200"));
        // fields equal to the trace: the ports of a's first SYN to the server over IPv6
        TraceEvent syn = syns("2001:db8:2::80").stream().filter(e -> e.get(TcpEvents.DPORT) == 80).findFirst().orElseThrow();
        List<Map<String, String>> first = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES,
                "ipv6 && tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 80 && ipv6.dst == 2001:db8:2::80", "tcp.srcport");
        assertThat(first.get(0)).containsEntry("tcp.srcport", Long.toString(syn.get(TcpEvents.SPORT)));
    }

    @Test
    void the_browser_waits_the_rfcs_250_ms_before_ipv4_and_the_narration_says_which_family_won_and_why() {
        dev.minternet.cli.CliTest.Outcome stale = dev.minternet.cli.CliTest.exec("visit", "--world", EXAMPLE.toString(), "--from", "a",
                "--at", "6s", "--explain", "http://stale.example.test/");
        assertThat(stale.code()).as(stale.err()).isZero();
        // the lookup ends at 6.040537 s; the IPv4 SYN leaves 250 ms later (RFC 8305 section 8)
        assertThat(stale.out()).containsSubsequence(
                "DNS lookup: stale.example.test -> 10.0.2.80",
                "TCP connection to 10.0.2.80:80",
                "Happy Eyeballs (RFC 8305) tried them a connection attempt delay of 250 ms apart, and IPv4 won: IPv6 to "
                        + "2001:db8:2::dead had not connected after the 250 ms connection attempt delay, and IPv4 connected first.",
                "@6.290537 s SYN     10.0.1.10:");
        dev.minternet.cli.CliTest.Outcome www = dev.minternet.cli.CliTest.exec("visit", "--world", EXAMPLE.toString(), "--from", "a",
                "--at", "6s", "--explain", "https://www.example.test/");
        assertThat(www.code()).as(www.err()).isZero();
        assertThat(www.out()).containsSubsequence(
                "TCP connection to [2001:db8:2::80]:443",
                "and IPv6 won: IPv6 (preferred) connected within the 250 ms connection attempt delay.",
                "@6.040536 s SYN     ");
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
