package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.PcapFiles;
import dev.minternet.testing.Runs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tcpdump -n's text on the default internet, line for line the real tcpdump's reading the same
 * capture: DNS questions and answers over UDP and TCP (print-domain.c), TCP over IPv6, HTTP and
 * Redis's protocol by port, OSPFv2 and OSPFv3, BGP, ICMP and ICMPv6 errors, ARP probes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpdumpDefaultWorldOracleTest {
    @TempDir
    static Path dir;
    Runs.Result run;

    @BeforeAll
    void capture() throws Exception {
        StringBuilder timeline = new StringBuilder("timeline:\n");
        for (String node : List.of("laptop", "isp-a-resolver", "redis", "web-1", "isp-a-core", "transit-1")) {
            timeline.append("  - {at: 0s, on: ").append(node).append(", run: \"tcpdump -i eth0 -w ").append(node).append(".pcap\"}\n")
                    .append("  - {at: 0s, on: ").append(node).append(", run: \"tcpdump -n -i eth0\"}\n");
        }
        timeline.append("""
                  - {at: 1s, on: laptop, run: "curl -s -o /dev/null https://www.example.com/api/users"}
                  - {at: 3s, on: laptop, run: "curl -s -o /dev/null http://www.example.com/"}
                  - {at: 5s, on: laptop, run: "dig +tcp www.example.com"}
                  - {at: 6s, on: laptop, run: "ping -c 1 2001:db8:93:32::34"}
                  - {at: 7s, on: laptop, run: "traceroute -6 -n -q 1 -m 3 2001:db8:93:32::34"}
                  - {at: 9s, on: laptop, run: "traceroute -n -q 1 -m 3 93.184.216.34"}
                  - {at: 11s, on: app, run: "redis-cli -h redis ping"}
                duration: 65s
                """);
        String yaml = Runs.defaultWorldWith(timeline.toString());
        Files.writeString(dir.resolve("w.yaml"), yaml);
        run = Runs.run(ScenarioLoader.load(dir.resolve("w.yaml")), dir, false);
    }

    /**
     * Without -n: the real tcpdump in a network namespace of its own (no resolver answers, so
     * every address stays a number, as {@link TcpdumpNames#withoutResolver} prints them) names
     * the ports by /etc/services, and the MACs by their vendor.
     */
    /**
     * The options that shape the text (time stamps, link-level headers, hex and ASCII dumps, quiet
     * and absolute numbers), and names without -n: the real tcpdump reads the same capture in a
     * network namespace of its own, where no resolver answers, so every address stays a number as
     * {@link TcpdumpNames#withoutResolver} prints them, while ports take their /etc/services names
     * and MACs their vendor.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "-q", "-n -e", "-n -X", "-n -XX", "-n -A", "-n -q -S", "-n -tttt", "-n -ttt", "-n -ttttt -e -S",
        "-t -e -X", "-tt -q -A", "-n -v",
        "-v", "-n -v -e", "-n -v -XX", "-n -v -S -A", "-v -q -t", "-n -vv", "-vv -e", "-n -vv -X"})
    void options_shapeTheTextAsTheRealTcpdumpShapesIt(String options) throws Exception {
        List<String> argv = options.isEmpty() ? List.of() : List.of(options.split(" "));
        for (String node : List.of("laptop", "isp-a-core", "redis")) {
            Path pcap = dir.resolve(node + ".pcap");
            String ours = ours(pcap, argv);
            assertThat(ours).as(options + " on " + node).isEqualTo(real(pcap, argv));
            if (options.isEmpty()) {
                assertThat(ours).containsAnyOf(".https", ".redis", ".bgp");
            }
        }
    }

    /** The real tcpdump's text for {@code pcap} with {@code argv} (without -n, where no name can be looked up). */
    static String real(Path pcap, List<String> argv) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (!argv.contains("-n")) {
            // a network namespace of its own: as root "unshare -n", else in a user namespace "unshare -rn"
            List<String> isolation = null;
            for (List<String> u : List.of(List.of("unshare", "-n"), List.of("unshare", "-rn"))) {
                List<String> probe = new ArrayList<>(u);
                probe.add("true");
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    isolation = u;
                    break;
                }
            }
            // an ability of the machine rather than a tool to install: without it the names are not compared
            Assumptions.assumeTrue(isolation != null,
                    "a network namespace (unshare -n or -rn), so that tcpdump's address lookups stay off the network");
            cmd.addAll(isolation);
        }
        cmd.add(Oracles.require("tcpdump", "tcpdump").toString());
        cmd.addAll(argv);
        cmd.addAll(List.of("-r", pcap.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", "UTC");
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return out;
    }

    /** This tcpdump's text for {@code pcap} with {@code argv}. */
    static String ours(Path pcap, List<String> argv) throws Exception {
        TcpdumpText text = new TcpdumpText(new TcpdumpLine(argv.contains("-n") ? TcpdumpNames.NUMERIC : TcpdumpNames.withoutResolver(),
                argv.contains("-q"), argv.contains("-S"), Math.min(3, Tcpdump.count(argv, 'v'))), new TcpdumpText.Options(Tcpdump.count(argv, 't'), argv.contains("-e"),
                Tcpdump.count(argv, 'X'), argv.contains("-A")));
        boolean ethernet = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN).getInt(20) == 1;
        StringBuilder out = new StringBuilder();
        for (PcapFiles.Packet k : PcapFiles.packets(pcap)) {
            ByteBuffer h = ByteBuffer.wrap(k.recordHeader()).order(ByteOrder.LITTLE_ENDIAN);
            for (String l : text.lines(Instant.ofEpochSecond(h.getInt(0) & 0xffffffffL, h.getInt(4) & 0xffffffffL), k.data(), ethernet, "")) {
                out.append(l).append('\n');
            }
        }
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource({
        "laptop, 'AAAA? www.example.com. (33)', 'IP6 2001:db8:81:200:', 'length 58 56802+ [1au] A? www.example.com. (56)', "
                + "' 1/0/1 A 93.184.216.34 (60)'",
        "isp-a-resolver, '[1au] AAAA? www.example.com.', '*- 1/0/1 AAAA 2001:db8:93:32::34', '- 0/1/2 (120)', "
                + "'+ [1au] A? www.example.com. (44)'",
        "redis, ': RESP \"GET\" \"cache:/api/users\"', ': RESP null', ': RESP \"ping\"', ': RESP \"PONG\"'",
        "web-1, 'IP ', ': HTTP: GET /api/users HTTP/1.1', 'HTTP: HTTP/1.1 200 OK', 'Flags [S.]'",
        "isp-a-core, 'OSPFv2, Hello, length 48', 'OSPFv3, Hello, length', 'ICMP6, time exceeded in-transit for', "
                + "'ICMP time exceeded in-transit'",
        "transit-1, ': BGP', 'Flags [P.]', 'IP 62.40.0.', '.179: Flags'",
    })
    void everyLine_isTheRealTcpdumpsLine(String node, String a, String b, String c, String d) throws Exception {
        List<String> real = TcpdumpOracleTest.realTcpdump(dir.resolve(node + ".pcap"), "");
        List<String> ours = run.terminal(node).stream().filter(l -> l.matches("[0-9]{2}:[0-9]{2}:.*")).toList();
        assertThat(real).hasSizeGreaterThan(3);
        assertThat(ours).containsExactlyElementsOf(real);
        for (String expected : List.of(a, b, c, d)) {
            assertThat(ours).as(expected).anyMatch(l -> l.contains(expected));
        }
    }
}
