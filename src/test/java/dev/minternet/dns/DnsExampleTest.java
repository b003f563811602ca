package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Traces;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/dns.yaml does what its comments say, the same way every time. */
class DnsExampleTest {
    @TempDir
    Path dir;

    Runs.Result run() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("examples", "dns.yaml"));
        return Runs.run(s, dir, false);
    }

    @Test
    void the_example_runs_and_says_what_it_promises() throws Exception {
        Runs.Result r = run();
        List<String> t = r.terminal("laptop");
        assertThat(t).filteredOn(l -> l.startsWith(";; ->>HEADER<<-")).extracting(l -> l.replaceAll(", id: \\d+", ""))
                .containsExactly(";; ->>HEADER<<- opcode: QUERY, status: NOERROR",
                        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR",
                        ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN");
        assertThat(t).containsSubsequence("shops.example.org.", "93.184.216.34");
        assertThat(t.stream().filter(l -> l.startsWith(";; Received")).map(l -> l.replaceAll(" in \\d+ ms", "")).toList())
                .hasSize(4)
                .element(2).isEqualTo(";; Received 112 bytes from 192.5.6.30#53(a.gtld-servers.net)");
        assertThat(t).anyMatch(l -> l.startsWith("PING www.example.com (93.184.216.34)"));
        // The warm lookup at 3 s is answered by the home router's cache: nothing goes further.
        assertThat(r.events(DnsEvents.QUERY).stream().filter(e -> e.time() >= 3_000_000_000L && e.time() < 4_000_000_000L)
                .map(e -> e.node()).toList()).containsExactly("laptop");
    }

    @Test
    void determinism_two_runs_give_the_same_trace() throws Exception {
        String a = run().json();
        String b = run().json();
        assertThat(a).isNotEmpty().isEqualTo(b);
        assertThat(Traces.parse(a)).anyMatch(e -> e.in(DnsEvents.CATALOG));
    }
}
