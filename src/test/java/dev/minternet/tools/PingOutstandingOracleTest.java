package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ping -O as iputils 20221126's pinger prints it: before each request but the first, "no answer
 * yet for icmp_seq=N" when request N (the one sent last) has had no reply, under -q too; an ICMP
 * error does not count as an answer, and nothing is said about the last request. The real ping in
 * a network namespace, towards an address on a veth link that nobody answers (ARP fails, as for
 * 192.168.1.77 on the default world's home LAN), prints the same lines but for its timing, "pipe 3"
 * (three requests out when the first error came) included. Every option iputils' usage lists either works or is refused as not modelled; none is
 * an "invalid option".
 */
class PingOutstandingOracleTest {
    static final String SCRIPT = "ip link set lo up; ip link add v0 type veth peer name v1 || exit 77\n"
            + "ip link set v0 up; ip link set v1 up; ip addr add 192.168.1.10/24 dev v0\n"
            + "ping -c 3 -O 192.168.1.77; echo rc=$?; ping -q -c 3 -i 0.5 -O 192.168.1.77; echo rc=$?\n";

    /** What the shell printed for {@code input}, prompts left out. */
    static List<String> shell(String input) {
        return CliTest.execWithInput(input, "shell").out().lines().filter(l -> !l.startsWith("laptop$ ")).toList();
    }

    /** The lines with the statistics' time (the real one's varies) left out. */
    static List<String> untimed(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(", time \\d+ms$", ", time Tms")).toList();
    }

    @Test
    void the_simulated_ping_reports_requests_left_unanswered() {
        List<String> out = shell("ping -c 3 -O 192.168.1.77\necho rc=$?\nping -q -c 3 -i 0.5 -O 192.168.1.77\necho rc=$?\n");
        assertThat(untimed(out)).containsExactly(
                "PING 192.168.1.77 (192.168.1.77) 56(84) bytes of data.",
                "no answer yet for icmp_seq=1",
                "no answer yet for icmp_seq=2",
                "From 192.168.1.10 icmp_seq=1 Destination Host Unreachable",
                "From 192.168.1.10 icmp_seq=2 Destination Host Unreachable",
                "From 192.168.1.10 icmp_seq=3 Destination Host Unreachable",
                "",
                "--- 192.168.1.77 ping statistics ---",
                "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time Tms",
                "pipe 3",
                "rc=1",
                "PING 192.168.1.77 (192.168.1.77) 56(84) bytes of data.",
                "no answer yet for icmp_seq=1",
                "no answer yet for icmp_seq=2",
                "",
                "--- 192.168.1.77 ping statistics ---",
                "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time Tms",
                "pipe 3",
                "rc=1");
    }

    @Test
    void answered_requests_are_not_reported() {
        assertThat(shell("ping -c 3 -O 127.0.0.1\nping -6 -c 2 -O ::1\n")).noneMatch(l -> l.startsWith("no answer yet"))
                .anyMatch(l -> l.startsWith("64 bytes from 127.0.0.1: icmp_seq=3"));
    }

    @Test
    void the_real_ping_prints_the_same_lines() throws Exception {
        Oracles.require("ping", "iputils-ping");
        List<String> real = untimed(List.of(Oracles.inNetworkNamespace(SCRIPT).split("\n", -1)));
        List<String> ours = untimed(shell("ping -c 3 -O 192.168.1.77\necho rc=$?\nping -q -c 3 -i 0.5 -O 192.168.1.77\necho rc=$?\n"));
        assertThat(String.join("\n", ours)).isEqualTo(String.join("\n", real).stripTrailing());
    }

    @Test
    void every_option_of_the_usage_works_or_is_refused_as_not_modelled() {
        for (char c : "aABCdeLlmQSUvbRTFN".toCharArray()) { // -D, -f and -p work (PingOptionsOracleTest)
            String opt = PingOptions.WITH_VALUE.indexOf(c) >= 0 ? "-" + c + " 1" : "-" + c;
            List<String> out = shell("ping " + opt + " -c 1 127.0.0.1\necho rc=$?\n");
            assertThat(out).as(opt).hasSize(2);
            assertThat(out.get(0)).as(opt).startsWith("ping: -" + c + " (").endsWith(") is not modelled in Minternet");
            assertThat(out.get(1)).isEqualTo("rc=2");
        }
        assertThat(shell("ping -V\necho rc=$?\n")).containsExactly("ping from iputils 20221126",
                "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes", "rc=0");
        List<String> help = shell("ping -h\necho rc=$?\n");
        assertThat(help).startsWith("", "Usage", "  ping [options] <destination>").endsWith("For more details see ping(8).", "rc=2");
        assertThat(shell("ping -x 127.0.0.1\n").get(0)).isEqualTo("ping: invalid option -- 'x'");
    }
}
