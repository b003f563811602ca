package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Traces;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.Catalog;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/nat-firewall.yaml does what its comments say, identically on every run. */
class NatFirewallExampleTest {
    static final Path EXAMPLE = Path.of("examples/nat-firewall.yaml");

    static Runs.Result run(Path dir) throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE);
        return Runs.run(s, dir, true);
    }

    @Test
    void the_example_shows_nat_and_the_firewall_at_work(@TempDir Path dir) throws Exception {
        Runs.Result r = run(dir);
        List<String> laptop = r.terminal("laptop");
        List<String> server = r.terminal("server");
        assertThat(laptop).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms",
                "hello through NAT", "nc: read(net): Connection refused", "hello laptop, via the port forward");
        assertThat(laptop).anySatisfy(l -> assertThat(l).startsWith(" 1  192.168.1.1 "))
                .anySatisfy(l -> assertThat(l).startsWith(" 2  198.51.100.1 "))
                .anySatisfy(l -> assertThat(l).startsWith(" 3  203.0.113.10 "));
        assertThat(laptop).doesNotContain("is anybody there");
        assertThat(server).anySatisfy(l -> assertThat(l).startsWith("Connection received on 198.51.100.2 "));
        assertThat(server).noneSatisfy(l -> assertThat(l).contains("192.168."));
        // tcpdump on both sides of the home router: the same echo request, before and after translation
        List<String> home = r.terminal("home");
        assertThat(home).anySatisfy(l -> assertThat(l).contains("IP 192.168.1.10 > 203.0.113.10: ICMP echo request"))
                .anySatisfy(l -> assertThat(l).contains("IP 198.51.100.2 > 203.0.113.10: ICMP echo request"));
        assertThat(home).anySatisfy(l -> assertThat(l).contains("MASQUERADE all  --  *      eth1"));
        assertThat(server).anySatisfy(l -> assertThat(l).contains("DROP       udp  --  *      *       198.51.100.0/24"));

        Oracles.tshark();
        try (Stream<Path> pcaps = Files.list(dir)) {
            List<Path> all = pcaps.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
            assertThat(all).hasSize(6);
            for (Path p : all) {
                Tshark.assertClean(p);
            }
        }
        assertThat(Tshark.count(dir.resolve("server-eth0.pcap"), "ip.addr == 192.168.1.10")).isZero();
    }

    @Test
    void two_runs_give_the_same_output_trace_and_captures(@TempDir Path dir) throws Exception {
        Runs.Result a = run(dir.resolve("a"));
        Runs.Result b = run(dir.resolve("b"));
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.json()).isEqualTo(a.json());
        List<TraceEvent> read = Traces.parse(a.json());
        for (Catalog c : List.of(NatEvents.CATALOG, FirewallEvents.CATALOG, ConntrackEvents.CATALOG)) {
            assertThat(read).as(c.layer()).anyMatch(e -> e.in(c));
        }
        for (String f : List.of("home-eth0.pcap", "home-eth1.pcap", "server-eth0.pcap")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }
}
