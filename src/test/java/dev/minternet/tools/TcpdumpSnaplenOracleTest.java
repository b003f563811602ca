package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tcpdump -s: the captures written with a snapshot length (the file header's snaplen, each
 * record cut to it with its original length kept) read back by the real tcpdump, whose text must
 * be ours for the same cut packets: TCP, UDP, DNS-less UDP, ping and traceroute's ICMP, cut
 * inside every header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpdumpSnaplenOracleTest {
    static final int[] SNAPLENS = {1, 10, 19, 20, 24, 28, 30, 34, 40, 44, 52, 60, 64, 72, 96, 120};
    /** Cut inside the Ethernet or cooked header, ARP, the IP header, TCP's options, HTTP. */
    static final int[] FRAME_SNAPLENS = {1, 13, 14, 20, 34, 40, 54, 66, 74, 100};
    @TempDir
    static Path dir;
    Runs.Result live;
    Runs.Result run;

    @BeforeAll
    void capture() throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        StringBuilder timeline = new StringBuilder();
        for (int n : SNAPLENS) {
            timeline.append("  - {at: 0s, on: a, run: \"tcpdump -i eth0 -s ").append(n).append(" -w s").append(n).append(".pcap\"}\n");
        }
        timeline.append("""
                  - {at: 0s, on: a, run: "tcpdump -n -s 60 -i eth0"}
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 0s, on: b, run: "nc -u -l 9999"}
                  - {at: 1s, on: a, run: "ping -c 2 b"}
                  - {at: 2s, on: a, run: "nc -b 3000 b 5001"}
                  - {at: 4s, on: a, run: "curl -s -o page.html http://b/"}
                  - {at: 5s, on: a, run: "nc -u -w 1 -m hello b 9999"}
                  - {at: 7s, on: a, run: "traceroute -n -q 1 -m 3 b"}
                """);
        for (int n : FRAME_SNAPLENS) { // r1's Ethernet side, alone and under -i any
            timeline.append("  - {at: 0s, on: r1, run: \"tcpdump -i eth1 -s ").append(n).append(" -w e").append(n).append(".pcap\"}\n");
            timeline.append("  - {at: 0s, on: r1, run: \"tcpdump -i any -s ").append(n).append(" -w y").append(n).append(".pcap\"}\n");
        }
        String yaml = Runs.chain(2, "bandwidth: 10Mbps, delay: 2ms", "duration: 20s\n", timeline.toString())
                .replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: [{type: web, root: site}]}")
                .replace("r2 10.0.1.2/24, bandwidth: 10Mbps, delay: 2ms", "r2 10.0.1.2/24, bandwidth: 10Mbps, delay: 2ms, ethernet: true");
        Files.writeString(dir.resolve("t.yaml"), yaml);
        live = Runs.run(ScenarioLoader.load(dir.resolve("t.yaml")), dir, false);
        // the captures read back by our tcpdump in a second run, once the first has closed them
        StringBuilder reads = new StringBuilder();
        for (int n : SNAPLENS) {
            reads.append("  - {at: 1s, on: a, run: \"tcpdump -n -r s").append(n).append(".pcap\"}\n");
            reads.append("  - {at: 1s, on: a, run: \"tcpdump -n -v -r s").append(n).append(".pcap\"}\n");
        }
        for (int n : FRAME_SNAPLENS) {
            for (String f : List.of("e", "y")) {
                for (String o : List.of("", "-v ", "-e ")) {
                    reads.append("  - {at: 1s, on: r1, run: \"tcpdump -n ").append(o).append("-r ").append(f).append(n).append(".pcap\"}\n");
                }
            }
        }
        Files.writeString(dir.resolve("r.yaml"), Runs.chain(2, "", "duration: 2s\n", reads.toString()));
        run = Runs.run(ScenarioLoader.load(dir.resolve("r.yaml")), dir, false);
    }

    static List<String> realTcpdump(Path pcap, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Oracles.require("tcpdump", "tcpdump").toString(), "-n"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-r", pcap.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", "UTC");
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start(); // "reading from file ..." is on stderr
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void theFile_holdsTheSnaplenAndCutRecords() throws Exception {
        for (int n : SNAPLENS) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("s" + n + ".pcap"))).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getInt(16)).isEqualTo(n);
            int records = 0;
            int cut = 0;
            for (int at = 24; at < b.limit(); at += 16 + b.getInt(at + 8)) {
                assertThat(b.getInt(at + 8)).isEqualTo(Math.min(n, b.getInt(at + 12)));
                records++;
                cut += b.getInt(at + 12) > n ? 1 : 0;
            }
            assertThat(records).isGreaterThan(25);
            assertThat(cut).isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 19, 20, 24, 28, 30, 34, 40, 44, 52, 60, 64, 72, 96, 120})
    void readBack_printsTheRealTcpdumpsLines(int n) throws Exception {
        Path file = dir.resolve("s" + n + ".pcap");
        List<String> ours = run.block("a", "tcpdump -n -r s" + n + ".pcap", 0);
        assertThat(ours.get(0)).isEqualTo("reading from file s" + n + ".pcap, link-type RAW (Raw IP), snapshot length " + n);
        assertThat(ours.subList(1, ours.size())).containsExactlyElementsOf(realTcpdump(file));
        List<String> verbose = run.block("a", "tcpdump -n -v -r s" + n + ".pcap", 0);
        assertThat(verbose.subList(1, verbose.size())).containsExactlyElementsOf(realTcpdump(file, "-v"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 14, 20, 34, 40, 54, 66, 74, 100})
    void ethernetAndCooked_readBackAsTheRealTcpdumpReadsThem(int n) throws Exception {
        for (String f : List.of("e", "y")) {
            for (String o : List.of("", "-v", "-e")) {
                List<String> ours = run.block("r1", "tcpdump -n " + (o.isEmpty() ? "" : o + " ") + "-r " + f + n + ".pcap", 0);
                List<String> real = o.isEmpty() ? realTcpdump(dir.resolve(f + n + ".pcap")) : realTcpdump(dir.resolve(f + n + ".pcap"), o);
                // -i any: this machine names the record's interface index by its own interfaces
                assertThat(ours.subList(1, ours.size()).stream().map(TcpdumpSnaplenOracleTest::anyIf).toList()).as(f + n + " " + o)
                        .containsExactlyElementsOf(real.stream().map(TcpdumpSnaplenOracleTest::anyIf).toList());
                assertThat(ours).hasSizeGreaterThan(20);
            }
        }
    }

    private static String anyIf(String l) {
        return l.replaceFirst("^([0-9:.]+ )\\S+ +(In|Out|B|M|P) +", "$1IF $2 ");
    }

    @Test
    void livePrinting_isTheRealTcpdumpsReadingOfTheCutCapture() throws Exception {
        assertThat(live.block("a", "tcpdump -n -s 60 -i eth0", 0).get(1)).isEqualTo("listening on eth0, link-type RAW (Raw IP), snapshot length 60 bytes");
        List<String> real = realTcpdump(dir.resolve("s60.pcap"));
        assertThat(live.terminal("a").stream().filter(l -> l.matches("[0-9]{2}:[0-9]{2}:.*")).toList()).containsExactlyElementsOf(real)
                .anyMatch(l -> l.endsWith(": HTTP [|http]"));
    }
}
