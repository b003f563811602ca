package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ping -w DEADLINE and an option's bad number, as the real iputils 20221126 ping behaves (run in a
 * network namespace: "ping -w 2 127.0.0.1" sends at 0 and 1 s, "2 packets transmitted, 2
 * received ... time 1016ms", status 0; with -c 5 as well it still ends at the deadline, status 1
 * for fewer replies than -c; with no reply status 1; "-w abc" and "-c abc" are "invalid argument:
 * 'abc'", "-w -1" out of range 0..2147483647, all with status 1; -w 0 is no deadline).
 */
class PingDeadlineTest {
    /** What the shell printed for {@code commands} (each followed by its status), prompts left out. */
    static List<String> run(String... commands) {
        StringBuilder in = new StringBuilder();
        for (String c : commands) {
            in.append(c).append("\necho rc=$?\n");
        }
        return CliTest.execWithInput(in.toString(), "shell").out().lines().filter(l -> !l.startsWith("laptop$ ")).toList();
    }

    @Test
    void the_deadline_ends_ping_whatever_it_waits_for() {
        List<String> out = run("ping -w 2 127.0.0.1", "ping -q -w 2 -c 5 127.0.0.1", "ping -q -w 3 192.168.1.77",
                "ping -q -c 2 -w 0 127.0.0.1");
        assertThat(out).containsSubsequence("64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.000 ms", "",
                "--- 127.0.0.1 ping statistics ---", "2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
        assertThat(out).doesNotContain("64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.000 ms");
        assertThat(out.stream().filter(l -> l.startsWith("rc="))).containsExactly("rc=0", "rc=1", "rc=1", "rc=0");
        // no reply: one request a second until the deadline (3 s: at 0, 1 and 2)
        assertThat(out).contains("3 packets transmitted, 0 received, 100% packet loss, time 2000ms");
    }

    @Test
    void an_options_bad_number_is_an_invalid_argument_with_status_1() {
        assertThat(run("ping -w abc 127.0.0.1", "ping -c abc 127.0.0.1", "ping -w -1 127.0.0.1", "ping -t abc 127.0.0.1",
                "ping -w 1.5 127.0.0.1")).containsExactly(
                "ping: invalid argument: 'abc'", "rc=1", "ping: invalid argument: 'abc'", "rc=1",
                "ping: invalid argument: '-1': out of range: 0 <= value <= 2147483647", "rc=1",
                "ping: invalid argument: 'abc'", "rc=1", "ping: invalid argument: '1.5'", "rc=1");
    }
}
