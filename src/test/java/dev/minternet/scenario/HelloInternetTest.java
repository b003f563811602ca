package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpEvents;
import dev.minternet.link.LinkEvents;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the example scenario runs, shows the failure, recovers, and its captures are clean. */
class HelloInternetTest {
    static final Path EXAMPLE = Path.of("examples/hello-internet.yaml");

    @TempDir
    Path dir;

    Runs.Result run(Path out) throws Exception {
        return Runs.run(ScenarioLoader.load(EXAMPLE), out, true);
    }

    @Test
    void ping_works_then_the_failure_shows_up_then_it_recovers() throws Exception {
        Runs.Result r = run(dir);
        List<String> t = r.terminal("laptop");
        assertThat(t).contains("4 packets transmitted, 4 received, 0% packet loss, time 3000ms");
        assertThat(t).contains("From transit (198.51.100.2) icmp_seq=1 Destination Net Unreachable",
                "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2000ms");
        assertThat(t).contains("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        assertThat(t).anyMatch(l -> l.startsWith(" 5  server (203.0.113.10)  75."));
        assertThat(r.text()).contains("* link transit--isp-b failed (down)", "* link transit--isp-b restored (up)");
        assertThat(r.events(LinkEvents.DOWN)).hasSize(1);
    }

    @Test
    void every_capture_is_clean_and_tshark_agrees_with_the_trace() throws Exception {
        Runs.Result r = run(dir);
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(dir)) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).hasSize(11); // 10 interfaces + tcpdump's laptop.pcap
        for (Path p : pcaps) {
            Tshark.assertClean(p);
        }
        // What the laptop's interface saw, decoded by tshark, against what our trace recorded.
        List<Map<String, String>> rows = Tshark.fields(dir.resolve("laptop.pcap"), "",
                "ip.src", "ip.dst", "ip.ttl", "icmp.type", "icmp.code", "udp.srcport", "udp.dstport");
        List<TraceEvent> sent = r.events(e -> e.node().equals("laptop") && e.is(IpEvents.SEND));
        List<TraceEvent> received = r.events(e -> e.node().equals("laptop") && e.is(IpEvents.RECEIVE));
        assertThat(rows).hasSize(sent.size() + received.size());
        List<String> fromTshark = new ArrayList<>();
        for (Map<String, String> row : rows) {
            // for ICMP errors tshark lists the quoted header's fields too: the first occurrence is the outer header
            fromTshark.add(row.get("ip.src").split(",")[0] + ">" + row.get("ip.dst").split(",")[0] + " ttl="
                    + row.get("ip.ttl").split(",")[0]);
        }
        List<String> fromTrace = new ArrayList<>();
        for (TraceEvent e : r.events(e -> e.node().equals("laptop") && e.isAny(IpEvents.SEND, IpEvents.RECEIVE))) {
            fromTrace.add(e.get(IpEvents.SRC) + ">" + e.get(IpEvents.DST) + " ttl=" + e.num(IpEvents.TTL));
        }
        // Same packets; the order differs only where a capture (at transmission) and the IP trace (at output) interleave.
        assertThat(fromTshark).containsExactlyInAnyOrderElementsOf(fromTrace);
        // traceroute's UDP probes and the ICMP answers they drew
        long probes = rows.stream().filter(m -> !m.get("udp.dstport").isEmpty() && m.get("icmp.type").isEmpty()).count();
        assertThat(probes).isEqualTo(r.events(e -> e.node().equals("laptop") && e.is(UdpEvents.SEND)).size());
        assertThat(rows).anyMatch(m -> first(m, "icmp.type").equals("11") && first(m, "icmp.code").equals("0")
                && m.get("udp.dstport").startsWith("3343"));
        assertThat(rows).anyMatch(m -> first(m, "icmp.type").equals("3") && first(m, "icmp.code").equals("3")
                && m.get("ip.src").startsWith("203.0.113.10"));
        assertThat(rows).anyMatch(m -> first(m, "icmp.type").equals("3") && first(m, "icmp.code").equals("0")
                && m.get("ip.src").startsWith("198.51.100.2"));
    }

    /** The outer header's value of a field tshark may also report for a quoted header. */
    static String first(Map<String, String> row, String field) {
        return row.get(field).split(",")[0];
    }

    @Test
    void forwarded_packets_have_decremented_ttls_in_the_routers_captures() throws Exception {
        run(dir);
        // The first echo request: TTL 64 leaving the laptop, 63 after home-router, 60 arriving at the server.
        List<Map<String, String>> atServer = Tshark.fields(dir.resolve("server-eth0.pcap"), "icmp.type == 8 && !(icmp.type == 3)", "ip.ttl");
        assertThat(atServer).isNotEmpty().allSatisfy(m -> assertThat(m.get("ip.ttl")).isEqualTo("60"));
        List<Map<String, String>> afterHome = Tshark.fields(dir.resolve("home-router-eth1.pcap"), "icmp.type == 8 && !(icmp.type == 3)", "ip.ttl");
        assertThat(afterHome).isNotEmpty().allSatisfy(m -> assertThat(m.get("ip.ttl")).isEqualTo("63"));
    }
}
