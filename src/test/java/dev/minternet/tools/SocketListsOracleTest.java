package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ss and netstat laid out as iproute2 and net-tools lay them out, judged by the real ones on this machine. */
class SocketListsOracleTest {
    static List<String> real(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return List.of(out.split("\n"));
    }

    /** Reads the real ss's rows back into fields and lays them out again with our table. */
    static List<String> relayout(List<String> realLines, boolean netid) {
        return relayout(realLines, netid, true);
    }

    /** As above; {@code state}: whether the lines have the State column (not with a one-state filter). */
    static List<String> relayout(List<String> realLines, boolean netid, boolean state) {
        SsTable t = new SsTable(netid, state, true);
        for (String line : realLines.subList(1, realLines.size())) {
            String[] f = line.trim().split(" +");
            int i = (netid ? 1 : 0) + (state ? 1 : 0);
            String local = f[i + 2];
            String peer = f[i + 3];
            int lc = local.lastIndexOf(':');
            int pc = peer.lastIndexOf(':');
            t.add(netid ? f[0] : "", state ? f[i - 1] : "", Long.parseLong(f[i]), Long.parseLong(f[i + 1]),
                    local.substring(0, lc), local.substring(lc + 1), peer.substring(0, pc), peer.substring(pc + 1),
                    f.length > i + 4 ? f[i + 4] : "", "");
        }
        return t.render();
    }

    @Test
    void ssWithOneStateFilter_dropsTheStateColumn_asIproute2Does() throws Exception {
        String ss = Oracles.require("ss", "iproute2").toString();
        try (ServerSocket s = new ServerSocket(0, 7, InetAddress.getByName("127.0.0.1"));
             java.net.Socket c = new java.net.Socket(InetAddress.getByName("127.0.0.1"), s.getLocalPort());
             java.net.Socket accepted = s.accept()) {
            List<String> est = real(ss, "-tn", "state", "established", "(", "sport", "=", ":" + s.getLocalPort(),
                    "or", "dport", "=", ":" + s.getLocalPort(), ")");
            assertThat(est).hasSize(3);
            assertThat(est.get(0)).startsWith("Recv-Q Send-Q");
            assertThat(relayout(est, false, false)).containsExactlyElementsOf(est);
            List<String> two = real(ss, "-tn", "state", "established", "state", "listening", "sport", "=", ":" + s.getLocalPort());
            assertThat(two.get(0)).startsWith("State");
            assertThat(relayout(two, false, true)).containsExactlyElementsOf(two);
        }
    }

    @Test
    void ssLayout_isIproute2s_forTheSocketsOfThisMachine() throws Exception {
        String ss = Oracles.require("ss", "iproute2").toString();
        try (ServerSocket s = new ServerSocket(0, 7, InetAddress.getByName("127.0.0.1"))) {
            List<String> tuln = real(ss, "-tuln");
            assertThat(tuln.size()).isGreaterThan(1);
            assertThat(relayout(tuln, true)).containsExactlyElementsOf(tuln);
            List<String> tln = real(ss, "-tln");
            assertThat(relayout(tln, false)).containsExactlyElementsOf(tln);
        }
    }

    @Test
    void netstatRows_areNetToolsRows() throws Exception {
        String netstat = Oracles.require("netstat", "net-tools").toString();
        try (ServerSocket s = new ServerSocket(0, 7, InetAddress.getByName("127.0.0.1"))) {
            List<String> lines = real(netstat, "-tuln");
            assertThat(lines.get(1)).isEqualTo("Proto Recv-Q Send-Q Local Address           Foreign Address         State      ");
            List<String> ours = new ArrayList<>();
            List<String> theirs = new ArrayList<>();
            for (String l : lines) {
                String[] f = l.trim().split(" +");
                if ((f[0].equals("tcp") || f[0].equals("udp")) && f[3].length() <= 23) {
                    theirs.add(l);
                    ours.add(Netstat.row(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4], f.length > 5 ? f[5] : "", false));
                }
            }
            assertThat(ours).isNotEmpty().containsExactlyElementsOf(theirs);
        }
    }

    @Test
    void everyCombinationOfOptions_isAccepted_andLaidOutAsTheRealOnes() {
        Runs.Result r = Runs.run(Runs.chain(1, "bandwidth: 10Mbps, delay: 5ms", "", """
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 0s, on: b, run: "nc -u -l 9999"}
                  - {at: 1s, on: a, run: "nc -b 10MB b 5001"}
                  - {at: 2s, on: b, run: "ss -tuln"}
                  - {at: 2s, on: b, run: "ss -tulpn"}
                  - {at: 2s, on: b, run: "netstat -tulpn"}
                  - {at: 2s, on: a, run: "ss -tanpiem"}
                  - {at: 2s, on: a, run: "ss -ta"}
                """));
        List<String> b = r.terminal("b");
        assertThat(b).containsSubsequence(
                "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "udp   UNCONN 0      0            0.0.0.0:9999      0.0.0.0:*          ",
                "tcp   LISTEN 0      1            0.0.0.0:5001      0.0.0.0:*          ");
        assertThat(b).contains("Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
                "tcp        0      0 0.0.0.0:5001            0.0.0.0:*               LISTEN      -                   ",
                "udp        0      0 0.0.0.0:9999            0.0.0.0:*                           -                   ");
        List<String> a = r.terminal("a");
        assertThat(a.get(0)).startsWith("State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess   ");
        // -e on the socket's line (uid 0 left out, as ss leaves it out), -m and -i on the next after a tab
        assertThat(a.get(1)).startsWith("ESTAB 0 ").contains(" 10.0.0.1:", " 10.0.1.2:5001 ").endsWith(" ino:1 sk:1 cgroup:/ <->");
        assertThat(a.get(2)).startsWith("\t skmem:(r0,rb").contains(" cubic ", " cwnd:");
        assertThat(r.events(ToolEvents.EXIT)).filteredOn(e -> e.get(ToolEvents.COMMAND).startsWith("ss")
                        || e.get(ToolEvents.COMMAND).startsWith("netstat"))
                .allMatch(e -> e.num(ToolEvents.CODE) == 0);
    }

    @Test
    void ss_s_is_laid_out_as_the_real_summary() throws Exception {
        String ss = Oracles.require("ss", "iproute2").toString();
        List<String> theirs = real(ss, "-s");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Total: (\\d+)\nTCP:   (\\d+) \\(estab (\\d+), closed (\\d+), orphaned (\\d+), timewait (\\d+)\\)\n")
                .matcher(String.join("\n", theirs));
        assertThat(m.lookingAt()).as(String.join("\n", theirs)).isTrue();
        int[] v = new int[8];
        String[] rows = {"RAW", "UDP", "TCP", "FRAG"};
        for (int k = 0; k < rows.length; k++) {
            String name = rows[k];
            String row = theirs.stream().filter(l -> l.startsWith(name + "\t")).findFirst().orElseThrow();
            String[] f = row.trim().split("\\s+");
            v[2 * k] = Integer.parseInt(f[2]);
            v[2 * k + 1] = Integer.parseInt(f[3]);
        }
        List<String> ours = SsSummary.lines(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)), v);
        // split("\n") drops the final empty line the real ss prints
        assertThat(ours.subList(0, ours.size() - 1)).containsExactlyElementsOf(theirs);
    }

    /** The lines of ss's listing of sockets (the header left out). */
    private static List<String> socketLines(List<String> out) {
        return out.stream().filter(l -> l.startsWith("LISTEN ") || l.startsWith("ESTAB ") || l.startsWith("SYN-SENT ")).toList();
    }

    @Test
    void ss_e_puts_its_details_on_the_sockets_line_as_the_real_one() throws Exception {
        Oracles.require("nc", "netcat-openbsd");
        String real = Oracles.inNetworkNamespace("""
                ip link set lo up
                nc -l 127.0.0.1 18999 >/dev/null 2>&1 </dev/null &
                L=$!
                sleep 0.3
                nc -d 127.0.0.1 18999 >/dev/null 2>&1 </dev/null &
                C=$!
                sleep 0.3
                ss -tae
                kill $L $C 2>/dev/null
                wait 2>/dev/null
                """);
        // iproute2: " ino:N sk:HEX" (uid left out for root), the cgroup where the kernel gives one,
        // then the shutdown mask "<->", on the socket's own line; nothing on a second line without -m or -i
        String details = ".* ino:\\d+ sk:[0-9a-f]+( cgroup:\\S+)? <->$";
        List<String> realLines = socketLines(List.of(real.split("\n")));
        assertThat(realLines).as(real).hasSize(3).allMatch(l -> l.matches(details) && !l.contains("uid:"));
        assertThat(real).doesNotContain("\n\t");
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "", """
                  - {at: 0s, on: b, run: "nc -l 5001"}
                  - {at: 1s, on: a, run: "nc b 5001"}
                  - {at: 2s, on: b, run: "ss -tae"}
                """));
        List<String> ours = socketLines(r.terminal("b"));
        assertThat(ours).hasSize(2).allMatch(l -> l.matches(details) && !l.contains("uid:"));
        assertThat(r.terminal("b")).noneMatch(l -> l.startsWith("\t"));
    }

    @Test
    void a_listeners_i_and_m_lines_are_the_real_ones() throws Exception {
        Oracles.require("nc", "netcat-openbsd");
        String real = Oracles.inNetworkNamespace("""
                ip link set lo up
                nc -l 127.0.0.1 18998 >/dev/null 2>&1 </dev/null &
                L=$!
                sleep 0.3
                ss -tlnim
                kill $L 2>/dev/null
                wait 2>/dev/null
                """);
        // a listening socket has no RTT or MSS yet: its congestion control (this machine's default, which
        // may be bbr) and initial window, after its buffers (tcp_rmem's and tcp_wmem's defaults)
        String line = "\t skmem:\\(r0,rb\\d+,t0,tb\\d+,f0,w0,o0,bl0,d0\\) [a-z]+ cwnd:10";
        List<String> theirs = List.of(real.split("\n"));
        assertThat(theirs).as(real).hasSize(3);
        assertThat(theirs.get(2)).as(real).matches(line);
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "", """
                  - {at: 0s, on: b, run: "nc -l 5001"}
                  - {at: 1s, on: b, run: "ss -tlnim"}
                  - {at: 1s, on: b, run: "ss -tlni"}
                """));
        List<String> ours = r.terminal("b");
        int at = ours.indexOf(ours.stream().filter(l -> l.startsWith("LISTEN ")).findFirst().orElseThrow());
        // the node's tcp_rmem and tcp_wmem defaults (`sysctl net.ipv4.tcp_wmem` on the node: 4096 131072 ...)
        assertThat(ours.get(at + 1)).matches(line).isEqualTo("\t skmem:(r0,rb131072,t0,tb131072,f0,w0,o0,bl0,d0) cubic cwnd:10");
        assertThat(ours).contains("\t cubic cwnd:10");
    }
}
