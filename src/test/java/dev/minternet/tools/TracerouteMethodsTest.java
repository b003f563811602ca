package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * traceroute's other methods, as traceroute 2.1.2 sends them (seen on this machine: a real
 * `traceroute -T`, `-U` and `-F` toward 127.0.0.1 in a network namespace, captured with tcpdump):
 * -T a TCP SYN to port 80 from a source port of its own per probe, 60 bytes with the options of a
 * Linux SYN (mss, sackOK, TS, nop, wscale 2), a window of four times the MSS, no DF; the target's
 * reset (or SYN-ACK) ends the trace. -U UDP to port 53, a socket (source port) per probe. -F sets
 * DF, and a probe larger than the path MTU fails at once: " 1  *  0.037 ms !F-1500". -z spaces the
 * probes. tshark reads every probe and answer of a capture.
 */
class TracerouteMethodsTest {
    @TempDir
    Path dir;

    private Runs.Result run(String command) {
        return Runs.runIn(dir, Runs.chain(2, "delay: 1ms", "",
                "  - {at: 500ms, on: a, run: \"tcpdump -i eth0 -w probes.pcap\"}\n"
                        + "  - {at: 1s, on: a, run: \"" + command + "\"}\n"));
    }

    /** What traceroute printed on a (the capture's lines left out). */
    private static List<String> traceroute(Runs.Result r) {
        return r.terminal("a").stream().filter(l -> l.startsWith("traceroute to ") || l.matches(" ?\\d+  .*")).toList();
    }

    /** tshark's fields of every packet of the capture, tab-separated, one line each. */
    private List<String> tshark(String... fields) throws IOException, InterruptedException {
        return tshark(dir.resolve("probes.pcap"), fields);
    }

    /** tshark's fields of every packet of {@code pcap}, tab-separated, one line each. */
    static List<String> tshark(Path pcap, String... fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Oracles.tshark().toString(), "-r", pcap.toString(),
                "-T", "fields", "-E", "separator=/t"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void tcpSynProbesCrossTheRoutersAndTheTargetsResetEndsTheTrace() throws Exception {
        Oracles.tshark();
        Runs.Result r = run("traceroute -T -n b");
        List<String> t = traceroute(r);
        assertThat(t.get(0)).isEqualTo("traceroute to b (10.0.2.2), 30 hops max, 60 byte packets");
        assertThat(t.get(1)).matches(" 1  10\\.0\\.0\\.2  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms");
        assertThat(t.get(2)).matches(" 2  10\\.0\\.1\\.2  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms");
        assertThat(t.get(3)).matches(" 3  10\\.0\\.2\\.2  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms");
        assertThat(t).hasSize(4);
        List<String> syns = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String l : tshark("ip.src", "ip.ttl", "ip.flags.df", "ip.len", "tcp.srcport", "tcp.dstport", "tcp.flags.str",
                "tcp.window_size_value", "tcp.options.mss_val", "tcp.option_kind", "tcp.options.wscale.shift", "_ws.malformed",
                "_ws.expert.severity")) {
            String[] f = l.split("\t", -1);
            if (f[0].equals("10.0.0.1") && f[6].contains("S")) {
                syns.add(l);
                assertThat(f[2]).as(l).isIn("0", "False");
                assertThat(f[3]).as(l).isEqualTo("60");
                assertThat(f[5]).as(l).isEqualTo("80");
                assertThat(f[7]).as(l).isEqualTo("5840"); // 4 x 1460, as htons(4 * mss)
                assertThat(f[8]).as(l).isEqualTo("1460");
                assertThat(f[9]).as(l).isEqualTo("2,4,8,1,3"); // mss, sackOK, TS, nop, wscale
                assertThat(f[10]).as(l).isEqualTo("2");
                assertThat(f[11]).as(l).isEmpty();
            } else {
                others.add(l);
            }
            assertThat(f[11]).as("malformed: %s", l).isEmpty();
        }
        // 16 probes at once (-N), TTL 1, 1, 1, 2, 2, 2, 3...; a source port of its own each
        assertThat(syns).hasSizeGreaterThanOrEqualTo(9);
        assertThat(syns.stream().map(l -> l.split("\t")[1]).limit(9).toList())
                .containsExactly("1", "1", "1", "2", "2", "2", "3", "3", "3");
        assertThat(syns.stream().map(l -> l.split("\t")[4]).distinct()).hasSize(syns.size());
        // b answers each SYN that reaches it (TTL 3 and more) with a reset: nothing listens on 80
        long reaching = syns.stream().filter(l -> Integer.parseInt(l.split("\t")[1]) >= 3).count();
        assertThat(others).filteredOn(l -> l.startsWith("10.0.2.2\t") && l.split("\t")[6].contains("R")).hasSize((int) reaching);
    }

    @Test
    void udpToOnePortTakesASocketAProbe() throws Exception {
        Oracles.tshark();
        Runs.Result r = run("traceroute -U -n -q 2 b");
        List<String> t = traceroute(r);
        assertThat(t.get(0)).isEqualTo("traceroute to b (10.0.2.2), 30 hops max, 60 byte packets");
        assertThat(t.get(3)).matches(" 3  10\\.0\\.2\\.2  [0-9.]+ ms  [0-9.]+ ms");
        // the 32 bytes of every probe are traceroute's 0x40, 0x41...: to port 53 tshark reads them as a
        // broken DNS query, as it reads the real traceroute -U's (the same bytes)
        List<String> probes = tshark("ip.src", "udp.srcport", "udp.dstport", "ip.flags.df", "udp.length", "data.data").stream()
                .filter(l -> l.startsWith("10.0.0.1\t")).toList();
        assertThat(probes).hasSizeGreaterThanOrEqualTo(6).allSatisfy(l -> {
            String[] f = l.split("\t", -1);
            assertThat(f[2]).isEqualTo("53");
            assertThat(f[3]).isIn("0", "False");
            assertThat(f[4]).isEqualTo("40");
        });
        assertThat(probes.stream().map(l -> l.split("\t")[1]).distinct()).hasSize(probes.size());
    }

    @Test
    void dontFragmentSetsDfAndAProbeTooLargeFailsAtOnce() throws Exception {
        Oracles.tshark();
        Runs.Result r = run("traceroute -F -n -q 1 -m 2 b 1600");
        assertThat(traceroute(r)).containsExactly("traceroute to b (10.0.2.2), 2 hops max, 1600 byte packets",
                " 1  *  0.000 ms !F-1500");
        Runs.Result small = Runs.runIn(dir, Runs.chain(2, "delay: 1ms", "",
                "  - {at: 500ms, on: a, run: \"tcpdump -i eth0 -w probes.pcap\"}\n"
                        + "  - {at: 1s, on: a, run: \"traceroute -F -n -q 1 b\"}\n"));
        assertThat(traceroute(small)).hasSize(4);
        assertThat(tshark("ip.src", "ip.flags.df").stream().filter(l -> l.startsWith("10.0.0.1\t")).toList())
                .hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l.split("\t")[1]).isIn("1", "True"));
    }

    @Test
    void sendwaitSpacesTheProbesInSecondsOrAbove10InMilliseconds() {
        for (String[] c : new String[][] {{"0.5", "500000000"}, {"20", "20000000"}}) {
            Runs.Result r = Runs.run(Runs.chain(2, "delay: 1ms", "",
                    "  - {at: 1s, on: a, run: \"traceroute -n -q 1 -z " + c[0] + " b\"}\n"));
            List<Long> sent = r.events(e -> e.is(dev.minternet.transport.udp.UdpEvents.SEND) && e.node().equals("a"))
                    .stream().map(dev.minternet.trace.TraceEvent::time).toList();
            assertThat(sent).hasSize(3);
            for (int i = 1; i < sent.size(); i++) {
                assertThat(sent.get(i) - sent.get(i - 1)).as("-z %s", c[0]).isEqualTo(Long.parseLong(c[1]));
            }
        }
    }

    @Test
    void theLastMethodOnTheLineWinsAndBadSendwaitsAreRefusedInTraceroutesWords() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "",
                "  - {at: 1s, on: a, run: \"traceroute -T -I -n -q 1 b\"}\n"
                        + "  - {at: 5s, on: a, run: \"traceroute -z -1 b\"}\n"
                        + "  - {at: 6s, on: a, run: \"traceroute -z abc b\"}\n"));
        // ICMP echo requests (up to 16 at once, as traceroute sends them), no TCP SYN
        assertThat(r.events(e -> e.is(dev.minternet.ip.IcmpEvents.SEND) && e.node().equals("a")
                && "echo-request".equals(e.get(dev.minternet.ip.IcmpEvents.TYPE)))).isNotEmpty();
        assertThat(r.events(e -> e.is(dev.minternet.ip.IpEvents.SEND) && e.node().equals("a")
                && "tcp".equals(e.get(dev.minternet.ip.IpEvents.PROTO)))).isEmpty();
        assertThat(r.terminal("a")).contains("bad sendtime `-1' specified", "Cannot handle `-z' option with arg `abc' (argc 2)");
    }
}
