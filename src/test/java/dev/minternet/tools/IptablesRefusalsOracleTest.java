package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * iptables 1.8.9 (nf_tables), run in an empty network namespace of its own, judges how ours
 * refuses a command line: an unknown option (quoted as typed, then the help hint, status 2), a
 * table that does not exist (the kernel hint, status 3), no command at all, a chain the table
 * lacks (status 1); and the tables nothing puts rules in (mangle, raw, security), listed empty.
 */
class IptablesRefusalsOracleTest {
    final Node node = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addHost("h");

    @ParameterizedTest
    @ValueSource(strings = {"-L -x -y", "-Q", "-Ly", "-t foo -L", "", "-n", "-L NOCHAIN", "--foo", "-t nat -L BOGUS",
        "-t mangle -L", "-t raw -S", "-t mangle -L FOO", "-t security -L -n", "-t mangle -S OUTPUT"})
    void refused_as_the_real_iptables_refuses(String line) throws Exception {
        String iptables = Oracles.require("iptables", "iptables").toString();
        String unshare = Oracles.require("unshare", "util-linux").toString();
        List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" "));
        List<String> cmd = new ArrayList<>(List.of(unshare, "-n", "bash", "-c", "exec -a iptables \"$0\" \"$@\"", iptables));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // the one known difference, as IptablesOracleTest takes it out: the header's trailing spaces
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)[ \\t]+$", "");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assumeTrue(!real.contains("unshare failed") && !real.contains("Operation not permitted"), "needs a network namespace: " + real);
        RecordingTerminal term = new RecordingTerminal();
        new Iptables().start(node, args, term);
        assertThat(String.join("\n", term.out) + "\n").as("iptables " + line).isEqualTo(real);
        assertThat(term.code).as("status of iptables " + line).isEqualTo(p.exitValue());
    }
}
