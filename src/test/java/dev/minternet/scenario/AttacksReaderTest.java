package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.attack.Drill;
import org.junit.jupiter.api.Test;

/** The attacks: section: what it reads and the one-line errors it gives. */
class AttacksReaderTest {
    static final String WORLD = """
            name: t
            duration: 10s
            nodes:
              - {name: a, kind: host}
              - {name: r, kind: router}
              - {name: b, kind: host}
            links:
              - {a: a 10.0.0.1/24, b: r 10.0.0.2/24}
              - {a: r 10.0.1.1/24, b: b 10.0.1.2/24}
            """;

    static String error(String yaml) {
        try {
            ScenarioLoader.parse("t.yaml", yaml);
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("loaded");
    }

    @Test
    void a_syn_flood_with_its_defaults() throws Exception {
        Scenario s = ScenarioLoader.parse("t.yaml", WORLD + """
                attacks:
                  victim: b
                  probe: {from: a, to: b, port: 80}
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 100, target: b, port: 80}
                """);
        Drill.SynFlood f = (Drill.SynFlood) s.attacks().floods().get(0);
        assertThat(f.spoof()).isEqualTo(Drill.defaultSpoof());
        assertThat(f.startNs()).isZero();
        assertThat(f.durationNs()).isEqualTo(10_000_000_000L);
        assertThat(s.attacks().probe().everyNs()).isEqualTo(200_000_000L);
    }

    @Test
    void errors_name_the_file_line_column_and_field() {
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [r], rate: 100, target: b, port: 80}
                """)).isEqualTo("t.yaml:12:43: attacks.floods[0].bots[0]: 'r' is a router; bots and probes are hosts");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 100, target: b, port: 80, qname: x.com}
                """)).startsWith("t.yaml:12:").contains("attacks.floods[0].qname: is for dns-reflection");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 0, target: b, port: 80}
                """)).startsWith("t.yaml:12:").contains("attacks.floods[0].rate:");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: smurf, bots: [a], rate: 10, target: b, port: 80}
                """)).startsWith("t.yaml:12:").contains("attacks.floods[0].type:");
        assertThat(error(WORLD.replace("duration: 10s\n", "") + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 10, target: b, port: 80}
                """)).contains("attacks: a drill prints one row per second: give the scenario a duration");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: x, type: dns-reflection, bots: [a], rate: 10, victim: b, resolvers: [nobody], qname: a.com}
                """)).contains("attacks.floods[0].resolvers[0]: no node named 'nobody'");
    }

    @Test
    void an_http_flood_and_an_http_probe_read_their_urls() throws Exception {
        Scenario s = ScenarioLoader.parse("t.yaml", WORLD + """
                attacks:
                  probe: {from: a, url: "http://b:8080/api/users?id=1"}
                  floods:
                    - {name: get, type: http-flood, bots: [a], rate: 100, url: "http://b/"}
                """);
        Drill.HttpFlood f = (Drill.HttpFlood) s.attacks().floods().get(0);
        assertThat(f.url()).isEqualTo(new Drill.Url("b", 80, "/"));
        assertThat(f.timeoutNs()).isEqualTo(10_000_000_000L);
        assertThat(s.attacks().probe()).isEqualTo(new Drill.Probe("a", "b", 8080, "/api/users?id=1", 200_000_000L, 3_000_000_000L));
    }

    @Test
    void http_flood_and_blackhole_errors_are_one_line() {
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: get, type: http-flood, bots: [a], rate: 100, url: "https://b/"}
                """)).startsWith("t.yaml:12:").contains("attacks.floods[0].url: expected http://NODE[:PORT]/PATH");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: get, type: http-flood, bots: [a], rate: 100, url: "http://zz/"}
                """)).contains("attacks.floods[0].url: no node named 'zz'");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: get, type: http-flood, bots: [a], rate: 100, url: "http://b:0/"}
                """)).contains("attacks.floods[0].url: bad port");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: get, type: http-flood, bots: [a], rate: 100, url: "http://b/", port: 80}
                """)).contains("attacks.floods[0].port: is not for http-flood");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 100, target: b, port: 80, timeout: 2s}
                """)).contains("attacks.floods[0].timeout: is for http-flood");
        assertThat(error(WORLD + """
                attacks:
                  probe: {from: a, url: "http://b/", port: 80}
                  floods: []
                """)).contains("attacks.probe.port: the url gives the node and port");
        assertThat(error(WORLD + """
                attacks:
                  victim: b
                  blackhole: {router: r, prefix: 10.0.1.2/32, at: 5s}
                  floods: []
                  probe: {from: a, to: b, port: 80}
                """)).contains("attacks.blackhole.router: 'r' does not speak BGP");
    }

    /** Found by ScenarioRunFuzzTest: each of these passed check, then ended in an internal error or ran out of memory. */
    @Test
    void times_past_the_run_and_plans_past_memory_are_refused_at_the_field() {
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 100, target: b, port: 80, start: 9223372036s}
                """)).isEqualTo("t.yaml:12:86: attacks.floods[0].start: must fall within the scenario's duration (10.000s)");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: [a], rate: 100, target: b, port: 80, duration: 11s}
                """)).isEqualTo("t.yaml:12:89: attacks.floods[0].duration: must be at most the scenario's duration (10.000s)");
        assertThat(error(WORLD + """
                attacks:
                  probe: {from: a, to: b, port: 80, timeout: 9223372036s}
                  floods: []
                """)).isEqualTo("t.yaml:11:46: attacks.probe.timeout: must be at most the scenario's duration (10.000s)");
        assertThat(error(WORLD + """
                attacks:
                  probe: {from: a, to: b, port: 80, every: 1ns}
                  floods: []
                """)).isEqualTo("t.yaml:11:10: attacks.probe: the drill plans 10,000,000,010 packets, probes and rows in"
                + " advance, over 20,000,000: shorten the scenario's duration, lower the rates or probe less often");
    }
}
