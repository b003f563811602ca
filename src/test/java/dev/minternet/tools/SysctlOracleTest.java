package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.testing.Oracles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * procps-ng's sysctl on this machine is the judge of what ours prints and of its exit status, for
 * command lines whose answer does not depend on the machine's own settings: the usage, a flag
 * without a key, an unknown option, unknown keys (one failure each in the status), -e, -N, -w
 * without a value. The real one writes errors to standard error and the rest to standard output;
 * each case below uses one of them, or the error comes first, as a terminal shows it.
 */
class SysctlOracleTest {
    final Node host = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addHost("h");

    record Run(List<String> lines, int code) {
    }

    static Run real(List<String> args) throws Exception {
        // exec -a: getopt names the program by argv[0], which is "sysctl" when a shell finds it on PATH
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "exec -a sysctl \"$0\" \"$@\"",
                Oracles.require("sysctl", "procps").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>();
        for (String s : new String[] {err, out}) {
            if (!s.isEmpty()) {
                lines.addAll(Arrays.asList(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1));
            }
        }
        return new Run(lines, p.exitValue());
    }

    Run ours(List<String> args) {
        RecordingTerminal term = new RecordingTerminal();
        new Sysctl().start(host, args, term);
        return new Run(term.out, term.code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-h", "-V", "-k", "-w", "-N", "-n -q", "net.ipv4.nosuch", "net.ipv4.nosuch net.ipv4.no.such2",
        "-e net.ipv4.nosuch", "-q net.ipv4.nosuch", "-w net.ipv4.tcp_sack", "-N net.ipv4.tcp_sack", "-n -N net.ipv4.tcp_sack",
        "-N net/ipv4/tcp_timestamps net.ipv4.ip_forward"})
    void prints_and_exits_as_the_real_sysctl(String line) throws Exception {
        List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" "));
        assertThat(ours(args)).as("sysctl " + line).isEqualTo(real(args));
    }

    @Test
    void ip_forward_is_the_nodes_forwarding_switch() {
        Node router = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addRouter("r");
        assertThat(ours(List.of("net.ipv4.ip_forward")).lines()).containsExactly("net.ipv4.ip_forward = 0");
        RecordingTerminal t = new RecordingTerminal();
        new Sysctl().start(router, List.of("-n", "net.ipv4.ip_forward"), t);
        assertThat(t.out).containsExactly("1");
        assertThat(ours(List.of("-w", "net.ipv4.ip_forward=1")).lines()).containsExactly("net.ipv4.ip_forward = 1");
        assertThat(host.ip().isForwarding()).isTrue();
        assertThat(ours(List.of("net.ipv4.ip_forward=on"))).isEqualTo(
                new Run(List.of("sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument"), 1));
        assertThat(ours(List.of("net.ipv4.tcp_congestion_control=bbr"))).isEqualTo(new Run(
                List.of("sysctl: setting key \"net.ipv4.tcp_congestion_control\": No such file or directory"), 1));
    }
}
