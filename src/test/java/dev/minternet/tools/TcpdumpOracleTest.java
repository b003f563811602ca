package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.PcapFiles;
import dev.minternet.testing.Runs;
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
 * tcpdump's filters and text, side by side with the real tcpdump reading the same capture: TCP
 * (nc and HTTP with curl), UDP, ping and traceroute's ICMP crossing a's interface.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpdumpOracleTest {
    @TempDir
    static Path dir;
    Runs.Result run;
    Path pcap;
    List<byte[]> packets;

    @BeforeAll
    void capture() throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        String yaml = Runs.chain(1, "bandwidth: 10Mbps, delay: 2ms", "duration: 20s\n", """
                  - {at: 0s, on: a, run: "tcpdump -i eth0 -w all.pcap"}
                  - {at: 0s, on: a, run: "tcpdump -n -i eth0"}
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 0s, on: b, run: "nc -u -l 9999"}
                  - {at: 1s, on: a, run: "ping -c 2 b"}
                  - {at: 2s, on: a, run: "nc -b 30000 b 5001"}
                  - {at: 4s, on: a, run: "curl -s -o page.html http://b/"}
                  - {at: 5s, on: a, run: "nc -u -w 1 -m hello b 9999"}
                  - {at: 7s, on: a, run: "traceroute -n -q 1 -m 3 b"}
                """).replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: [{type: web, root: site}]}");
        Files.writeString(dir.resolve("t.yaml"), yaml);
        run = Runs.run(ScenarioLoader.load(dir.resolve("t.yaml")), dir, false);
        pcap = dir.resolve("all.pcap");
        packets = PcapFiles.packets(pcap).stream().map(PcapFiles.Packet::data).toList();
        assertThat(packets).hasSizeGreaterThan(40);
    }

    static List<String> realTcpdump(Path pcap, String filter) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Oracles.require("tcpdump", "tcpdump").toString(), "-n", "-r", pcap.toString()));
        if (!filter.isEmpty()) {
            cmd.add(filter);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", "UTC");
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tcpdump " + filter).isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void everyLine_isTheRealTcpdumpsLine() throws Exception {
        List<String> real = realTcpdump(pcap, "");
        List<String> ours = run.terminal("a").stream().filter(l -> l.matches("[0-9]{2}:[0-9]{2}:.*")).toList();
        assertThat(ours).hasSameSizeAs(packets);
        assertThat(ours).containsExactlyElementsOf(real);
        assertThat(ours).anyMatch(l -> l.contains(": Flags [S.], seq ") && l.contains("options [mss "))
                .anyMatch(l -> l.contains(": HTTP: GET / HTTP/1.1")).anyMatch(l -> l.contains("ICMP echo reply"))
                .anyMatch(l -> l.contains("UDP, length 6")).anyMatch(l -> l.contains("time exceeded in-transit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"host 10.0.1.2", "src host 10.0.0.1", "dst net 10.0.1.0/24", "net 10.0", "net 10.0.1.0 mask 255.255.255.0",
            "port 80", "tcp port 5001", "udp", "icmp", "not tcp", "tcp and not port 80",
            "(port 80 or port 5001) and src host 10.0.1.2", "portrange 5000-5010", "src or dst port 80", "port 80 or 5001",
            "host 10.0.0.1 and (icmp or udp)", "less 100", "greater 1000", "proto 17", "tcp && !port 80", "ip",
            "dst port 9999 or icmp", "udp dst portrange 33434-33534", "src and dst net 10.0.0.0/8", "not (tcp or udp)",
            // relations of packet data (pcap-filter(7) "expr relop expr")
            "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", "tcp[13] & 2 != 0", "tcp[13]&0x12=0x12", "icmp[icmptype] == icmp-echo",
            "icmp and icmp[icmptype] != icmp-echo", "ip[8] < 64", "len > 100", "len - 40 > 1000 / 2",
            "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420", "udp[8:2] = 0x6865", "ip[2:2] > 500 and not tcp",
            "icmp[0] = 11 or udp[2:2] >= 33434", "ip[6:2] & 0x1fff = 0 and tcp[13] & tcp-push != 0", "ip[9] % 16 == 1",
            "tcp[12] >> 4 > 5", "ip[0] & 0xf != 5"})
    void filters_selectWhatTheRealTcpdumpSelects(String filter) throws Exception {
        PcapFilter.Matcher m = PcapFilter.compile(List.of(filter.split(" ")), name -> 0);
        TcpdumpLine text = new TcpdumpLine();
        List<String> all = realTcpdump(pcap, "");
        List<String> expected = realTcpdump(pcap, filter);
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            text.packet(packets.get(i)); // keeps the relative numbering of the unfiltered run
            if (m.matches(packets.get(i))) {
                ours.add(all.get(i).substring(0, all.get(i).indexOf(" IP ")));
            }
        }
        List<String> times = expected.stream().map(l -> l.substring(0, l.indexOf(" IP "))).toList();
        assertThat(ours).as(filter).containsExactlyElementsOf(times);
    }

    @Test
    void aCaptureTakesItsFilter_namesHostsByTheWorld_andRefusesBadOnes() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 5s\n", """
                  - {at: 0s, on: a, run: "tcpdump -i eth0 -c 2 icmp and host b"}
                  - {at: 0s, on: a, run: "tcpdump -i eth0 port 80 and ("}
                  - {at: 0s, on: a, run: "tcpdump -i eth0 host nosuch"}
                  - {at: 0s, on: a, run: "tcpdump -tttttt"}
                  - {at: 1s, on: a, run: "ping -c 1 b"}
                """));
        List<String> t = r.terminal("a");
        assertThat(t).contains("tcpdump: can't parse filter expression: syntax error",
                "tcpdump: can't parse filter expression: unknown host 'nosuch'",
                "tcpdump: only -t, -tt, -ttt, -tttt and -ttttt are supported",
                "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode",
                "listening on eth0, link-type RAW (Raw IP), snapshot length 262144 bytes", "2 packets captured");
        assertThat(t.stream().filter(l -> l.contains(" IP "))).hasSize(2).allMatch(l -> l.contains("ICMP echo"));
        assertThatThrownBy(() -> PcapFilter.compile(List.of("port", "70000"), n -> 0)).isInstanceOf(PcapFilter.FilterException.class);
        // a lone & or | once made the tokenizer loop for ever (and run out of memory)
        assertThatThrownBy(() -> PcapFilter.compile(List.of("x", "&", "y"), n -> 0)).hasMessage("can't parse filter expression: syntax error");
        assertThatThrownBy(() -> PcapFilter.compile(List.of("tcp", "|", "udp"), n -> 0)).hasMessage("can't parse filter expression: syntax error");
        assertThatThrownBy(() -> PcapFilter.compile(List.of("tcp[13:3]", "=", "1"), n -> 0))
                .hasMessage("can't parse filter expression: data size must be 1, 2, or 4");
    }

    @Test
    void theOptionsReachTheText() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 5s\n", """
                  - {at: 0s, on: a, run: "tcpdump -n -tttt -e -X -c 1 icmp"}
                  - {at: 0s, on: b, run: "tcpdump -ttt -q -c 2"}
                  - {at: 1s, on: a, run: "ping -c 1 b"}
                """));
        assertThat(r.terminal("a")).anyMatch(l -> l.matches("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]{15} ip: 10\\.0\\.0\\.1 > 10\\.0\\.1\\.2: "
                + "ICMP echo request, id [0-9]+, seq 1, length 64")).anyMatch(l -> l.startsWith("\t0x0050:  "));
        assertThat(r.terminal("b")).anyMatch(l -> l.matches(" 00:00:00\\.000000 IP a > b: ICMP echo request, .*"))
                .anyMatch(l -> l.matches(" 00:00:00\\.000000 IP b > a: ICMP echo reply, .*"));
    }

    /** -r: a capture the run wrote, read back with options and a filter, as the real tcpdump -r prints it. */
    @Test
    void readingACaptureBack_printsWhatTheRealTcpdumpPrints(@TempDir Path out) throws Exception {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 9s\n", """
                  - {at: 0s, on: a, run: "tcpdump -i eth0 -w c.pcap -c 8"}
                  - {at: 1s, on: a, run: "ping -c 2 b"}
                  - {at: 2s, on: a, run: "traceroute -n -q 1 -m 2 b"}
                  - {at: 8s, on: b, run: "tcpdump -r c.pcap -n -v"}
                  - {at: 8s, on: b, run: "tcpdump -r c.pcap -n -c 2 icmp"}
                  - {at: 8s, on: b, run: "tcpdump -r nosuch.pcap"}
                """), out);
        Path pcap = out.resolve("c.pcap");
        List<String> t = r.terminal("b");
        String all = String.join("\n", t) + "\n";
        String verbose = TcpdumpDefaultWorldOracleTest.real(pcap, List.of("-n", "-v"));
        String two = TcpdumpDefaultWorldOracleTest.real(pcap, List.of("-n", "-c", "2", "icmp"));
        assertThat(verbose.split("\n")).hasSizeGreaterThan(10);
        assertThat(all).contains("reading from file c.pcap, link-type RAW (Raw IP), snapshot length 262144\n" + verbose)
                .contains("reading from file c.pcap, link-type RAW (Raw IP), snapshot length 262144\n" + two)
                .contains("tcpdump: nosuch.pcap: No such file or directory");
    }

    /**
     * -D: libpcap's order (running interfaces, any, lo, then those without carrier, then Debian's
     * pseudo-devices) and tcpdump's words; the line for any is the real tcpdump's own on this machine.
     */
    @Test
    void listingTheDevices_followsLibpcapsOrder() throws Exception {
        Runs.Result r = Runs.run(Runs.chain(2, "delay: 1ms", "duration: 3s\n", """
                  - {at: 0s, on: r1, run: "tcpdump -D"}
                  - {at: 1s, fail-link: l1}
                  - {at: 2s, on: r1, run: "tcpdump -D"}
                """));
        List<String> t = r.terminal("r1").stream().filter(l -> l.matches("[0-9]+\\..*")).toList();
        List<String> pseudo = List.of("bluetooth-monitor (Bluetooth Linux Monitor) [Wireless]", "nflog (Linux netfilter log (NFLOG) interface) [none]",
                "nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]", "dbus-system (D-Bus system bus) [none]",
                "dbus-session (D-Bus session bus) [none]");
        List<String> before = new ArrayList<>(List.of("1.eth0 [Up, Running, Connected]", "2.eth1 [Up, Running, Connected]",
                "3.any (Pseudo-device that captures on all interfaces) [Up, Running]", "4.lo [Up, Running, Loopback]"));
        List<String> after = new ArrayList<>(List.of("1.eth0 [Up, Running, Connected]",
                "2.any (Pseudo-device that captures on all interfaces) [Up, Running]", "3.lo [Up, Running, Loopback]",
                "4.eth1 [Up, Disconnected]"));
        for (int k = 0; k < pseudo.size(); k++) {
            before.add((5 + k) + "." + pseudo.get(k));
            after.add((5 + k) + "." + pseudo.get(k));
        }
        List<String> both = new ArrayList<>(before);
        both.addAll(after);
        assertThat(t).containsExactlyElementsOf(both);
        Process p = new ProcessBuilder(Oracles.require("tcpdump", "tcpdump").toString(), "-D").redirectErrorStream(true).start();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(real).contains(".any (Pseudo-device that captures on all interfaces) [Up, Running]\n");
    }

    @Test
    void verbose_printsTheIpHeaderThenThePacketOnTheNextLine() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 5s\n", """
                  - {at: 0s, on: b, run: "tcpdump -v -n -c 1 icmp"}
                  - {at: 1s, on: a, run: "ping -c 1 b"}
                """));
        // -v: no hint, tcpdump's name before the listening line, the IP header's fields, then the packet on the next line
        assertThat(r.terminal("b")).contains("tcpdump: listening on eth0, link-type RAW (Raw IP), snapshot length 262144 bytes")
                .anyMatch(l -> l.matches("[0-9:.]{15} IP \\(tos 0x0, ttl 63, id [0-9]+, offset 0, flags \\[DF\\], proto ICMP \\(1\\), "
                        + "length 84\\)"))
                .contains("    10.0.0.1 > 10.0.1.2: ICMP echo request, id " + r.terminal("b").stream()
                        .filter(l -> l.startsWith("    10.0.0.1 > 10.0.1.2: ICMP echo request, id ")).findFirst()
                        .map(l -> l.replaceAll(".*, id ([0-9]+), .*", "$1")).orElse("?") + ", seq 1, length 64");
    }

    @Test
    void severalCapturesOnOneNode_nameTheirInterface_asTcpdumpIAnyDoes() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 5s\n", """
                  - {at: 0s, on: r1, run: "tcpdump -n -i eth0 -c 2 icmp"}
                  - {at: 0s, on: r1, run: "tcpdump -n -i eth1 -c 2 icmp"}
                  - {at: 0s, on: b, run: "tcpdump -n -i any -c 2 icmp"}
                  - {at: 1s, on: a, run: "ping -c 1 b"}
                """));
        assertThat(r.terminal("r1").stream().filter(l -> l.contains(" IP "))).hasSize(4)
                .anyMatch(l -> l.contains(" eth0  In  IP 10.0.0.1 > 10.0.1.2: ICMP echo request"))
                .anyMatch(l -> l.contains(" eth1  Out IP 10.0.0.1 > 10.0.1.2: ICMP echo request"));
        assertThat(r.terminal("b")).contains("listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes")
                .anyMatch(l -> l.contains(" eth0  Out IP 10.0.1.2 > 10.0.0.1: ICMP echo reply"));
    }
}
