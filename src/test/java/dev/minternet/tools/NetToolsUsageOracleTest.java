package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * net-tools 2.10's route and arp Debian's hostname 3.23 and iproute2's bridge on this machine judge what ours print where the machine's own
 * tables do not matter: help, version, bad options, bad words, unknown address families and
 * hardware types, and the exit status of each. The real tools write the usage to standard error
 * or output depending on the status, so they run under a terminal (script(1)) to keep the order
 * a user sees.
 */
class NetToolsUsageOracleTest {
    final Node node = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addHost("h");

    @ParameterizedTest
    @ValueSource(strings = {"route -h", "route -x", "route -nx", "route foo", "route -V", "arp -h", "arp -x", "arp -H foo",
        "arp -A inet6", "arp -A foo", "arp -V", "hostname -x", "hostname -h", "hostname -V", "bridge",
        "bridge foo"})
    void usage_and_refusals_as_the_real_tools(String line) throws Exception {
        Oracles.require("route", "net-tools");
        String script = Oracles.require("script", "bsdutils").toString();
        Process p = new ProcessBuilder(script, "-q", "-e", "-c", line, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> words = Arrays.asList(line.split(" "));
        Tool tool = switch (words.get(0)) {
            case "route" -> new RouteTool();
            case "arp" -> new ArpTool();
            case "bridge" -> new BridgeTool();
            default -> new HostnameTool();
        };
        RecordingTerminal term = new RecordingTerminal();
        tool.start(node, words.subList(1, words.size()), term);
        assertThat(String.join("\n", term.out) + "\n").as(line).isEqualTo(real);
        assertThat(term.code).as("status of " + line).isEqualTo(p.exitValue());
    }
}
