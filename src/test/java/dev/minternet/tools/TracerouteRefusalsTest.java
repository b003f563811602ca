package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command line traceroute 2.1 refuses: its message alone (ex_error and clif print no program
 * name), exit status 2, nothing sent. Checked in its order: the first hop against the maximum,
 * the maximum against 255, the probes a hop against 10, the packet length against 65000.
 */
class TracerouteRefusalsTest {
    final Node node = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addHost("h");
    final RecordingTerminal term = new RecordingTerminal();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-q 0 10.0.0.1           | no more than 10 probes per hop",
        "-q 11 10.0.0.1          | no more than 10 probes per hop",
        "-m 256 10.0.0.1         | max hops cannot be more than 255",
        "-m 0 10.0.0.1           | first hop out of range",
        "-f 0 10.0.0.1           | first hop out of range",
        "-f 5 -m 3 10.0.0.1      | first hop out of range",
        "10.0.0.1 70000          | too big packetlen 70000 specified",
        "10.0.0.1 abc            | Cannot handle \"packetlen\" cmdline arg `abc' on position 2 (argc 2)",
        "-Z 10.0.0.1             | Bad option `-Z' (argc 1)",
        "-n -q 3 -x 10.0.0.1     | Bad option `-x' (argc 4)",
        "10.0.0.1 -1             | Bad option `-1' (argc 2)",
        "-5x 10.0.0.1            | Bad option `-5' (argc 1)",
        "-n                      | Specify \"host\" missing argument.",
        "-6 -q 0 2001:db8::1     | no more than 10 probes per hop",
        "-w -1 10.0.0.1          | bad wait specifications `-1,3,10' used",
        "-w 2,0.5,-2 10.0.0.1    | bad wait specifications `2,0.5,-2' used",
        "-w abc 10.0.0.1         | Cannot handle `-w' option with arg `abc' (argc 2)",
        "-n -f1x 10.0.0.1        | Cannot handle `-f' option with arg `1x' (argc 2)",
        "-q 0 -w -1 10.0.0.1     | no more than 10 probes per hop",
        "-w -1 10.0.0.1 70000    | bad wait specifications `-1,3,10' used",
    })
    void refused_in_traceroutes_words_with_status_2(String line, String message) {
        new Traceroute().start(node, List.of(line.trim().split(" +")), term);
        assertThat(term.out).containsExactly(message);
        assertThat(term.code).isEqualTo(2);
    }
}
