package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * mtr's command line as mtr 0.95's getopt reads it: short options in clusters ({@code -rn},
 * {@code -rnc1}), {@code -h} and {@code --help}, and the refusals in getopt's words followed by the
 * usage, compared with the real mtr on this machine; the real options not simulated (-T, -u...)
 * are refused as such.
 */
class MtrOptionsTest {
    private static List<String> ours(String command) {
        return MtrTest.run("", command).terminal("a");
    }

    /** What the real mtr prints on both streams, and its status last. */
    private static List<String> real(String... args) throws Exception {
        java.nio.file.Path mtr = Oracles.require("mtr", "mtr-tiny");
        List<String> cmd = new java.util.ArrayList<>(List.of("mtr")); // argv[0] "mtr", as getopt names it
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().put("PATH", mtr.getParent() + ":" + b.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new java.util.ArrayList<>(List.of(out.split("\n", -1)));
        lines.set(lines.size() - 1, "status " + p.exitValue());
        return lines;
    }

    private static List<String> withStatus(List<String> lines, int status) {
        List<String> l = new java.util.ArrayList<>(lines);
        l.add("status " + status);
        return l;
    }

    @Test
    void shortOptionsGoTogetherAsGetoptTakesThem() {
        List<String> apart = ours("mtr -r -n -c 2 b");
        assertThat(apart.get(1)).startsWith("HOST: a ");
        assertThat(apart).hasSize(5);
        for (String together : List.of("mtr -rn -c 2 b", "mtr -rnc2 b", "mtr -rnc 2 b", "mtr -nrc2 b")) {
            List<String> t = ours(together);
            assertThat(t.subList(1, t.size())).as(together).isEqualTo(apart.subList(1, apart.size()));
        }
    }

    @Test
    void helpAndRefusalsAreTheRealOnes() throws Exception {
        assertThat(withStatus(ours("mtr -h"), 0)).isEqualTo(real("-h"));
        assertThat(withStatus(ours("mtr --help"), 0)).isEqualTo(real("--help"));
        assertThat(withStatus(ours("mtr -W b"), 1)).isEqualTo(real("-W", "127.0.0.1"));
        assertThat(withStatus(ours("mtr --bogus b"), 1)).isEqualTo(real("--bogus", "127.0.0.1"));
        assertThat(withStatus(ours("mtr -r -c"), 1)).isEqualTo(real("-r", "-c"));
    }

    @Test
    void realOptionsThatAreNotSimulatedSaySo() {
        // -T and -u are simulated (MtrProbesTest); --xml and --sctp are not
        assertThat(ours("mtr -x -r b")).containsExactly(
                "mtr: -x is not simulated (ICMP, UDP and TCP probes, reported with --report, --report-wide or --json)");
        assertThat(ours("mtr -rS b")).containsExactly(
                "mtr: -S is not simulated (ICMP, UDP and TCP probes, reported with --report, --report-wide or --json)");
    }
}
