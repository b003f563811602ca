package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ip route show} with its selectors against the real ip (iproute2 6.1) in a fresh network
 * namespace set up as the default world's laptop is (192.168.1.10/24 on eth0, a default route via
 * 192.168.1.1 added by hand): the same lines for each, the local table included; they all printed
 * the whole main table before.
 */
class IpRouteShowOracleTest {
    private static final List<String> SHOWS = List.of("ip route", "ip route show table local", "ip -4 route show table all",
            "ip route show default", "ip route list match 93.184.216.34", "ip route show dev eth0", "ip route show proto kernel",
            "ip route show scope link", "ip route show 192.168.1.0/24", "ip route show root 192.168.0.0/16",
            "ip route show match 192.168.1.77", "ip route show exact 192.168.1.0/24", "ip route show via 192.168.1.1",
            "ip route show table main dev eth0 scope link", "ip route show table local dev lo",
            "ip route show table 5", "ip route show table nope", "ip route show dev eth9", "ip route show 10.0.0.0/33");

    @Test
    void each_selection_prints_what_the_real_ip_prints() throws Exception {
        String unshare = Oracles.require("unshare", "util-linux").toString();
        Oracles.require("ip", "iproute2");
        StringBuilder script = new StringBuilder("ip link set lo up; ip link add eth0 type veth peer name p0 || exit 77\n"
                + "ip link set p0 up; ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up\n"
                + "ip route add default via 192.168.1.1 dev eth0\n");
        StringBuilder typed = new StringBuilder("ip route del default\nip route add default via 192.168.1.1 dev eth0\n");
        for (String c : SHOWS) {
            script.append("echo '== ").append(c).append("'; ").append(c).append(" 2>&1; echo \"rc=$?\"\n");
            typed.append("echo '== ").append(c).append("'\n").append(c).append("\necho rc=$?\n");
        }
        Process p = new ProcessBuilder(unshare, "-n", "sh", "-c", script.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 77 || real.contains("unshare failed") || real.contains("Operation not permitted")) {
            Assumptions.abort("cannot make a network namespace with a veth pair here: " + real.strip());
        }
        String ours = CliTest.execWithInput(typed.toString(), "shell").out();
        // the shell echoes each command after its prompt: keep what the commands printed
        StringBuilder printed = new StringBuilder();
        for (String line : ours.split("\n", -1)) {
            if (!line.startsWith("laptop$ ")) {
                printed.append(line).append('\n');
            }
        }
        assertThat(printed.toString().strip()).isEqualTo(real.strip());
    }
}
