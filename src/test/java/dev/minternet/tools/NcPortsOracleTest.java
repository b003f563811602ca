package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nc with several ports and ranges after the host, as netcat-openbsd 1.219 (Debian 12) tries them:
 * in order, a range from its low end, service names taken, each reported as a single port is
 * ("Connection to ... succeeded!" with -v, "connect to ... failed: Connection refused"), status 0
 * when any succeeded; a bad port refused before anything is tried ("port number too large: 99999").
 * The same commands against the same two listeners print the same lines in the simulator's shell
 * and in the real nc (src/test/resources/reference/netcat-openbsd-1.219, and run live in a network
 * namespace when nc is there).
 */
class NcPortsOracleTest {
    static final String[] COMMANDS = {
        "nc -zv 127.0.0.1 8081 8082 8083", "nc -zv 127.0.0.1 8080-8083 22", "nc -zv 127.0.0.1 8082 8084",
        "nc -zv 127.0.0.1 8083-8081", "nc -zv 127.0.0.1 http 8081", "nc -zvn 127.0.0.1 80 8081 22",
        "nc -z 127.0.0.1 8081 8082", "nc -zv 127.0.0.1 8081 99999", "nc -zv 127.0.0.1 8081 0",
        "nc -zv 127.0.0.1 8081 abc", "nc -zv 127.0.0.1",
    };
    static final String SCRIPT = "ip link set lo up\n"
            + "nc -lk 127.0.0.1 8081 >/dev/null 2>&1 & a=$!\nnc -lk 127.0.0.1 8083 >/dev/null 2>&1 & b=$!\nsleep 0.3\n"
            + String.join("; echo rc=$?\n", COMMANDS) + "; echo rc=$?\nkill $a $b\n";

    /** The simulated laptop's shell: the two listeners in the background, then the commands. */
    static String ours() {
        StringBuilder in = new StringBuilder("nc -lk 8081 &\nnc -lk 8083 &\n");
        for (String c : COMMANDS) {
            in.append(c).append("\necho rc=$?\n");
        }
        List<String> out = CliTest.execWithInput(in.toString(), "shell").out().lines()
                .filter(l -> !l.startsWith("laptop$ ") && !l.startsWith("[")).toList();
        return String.join("\n", out) + "\n";
    }

    @Test
    void several_ports_print_as_the_recorded_real_nc() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream("/reference/netcat-openbsd-1.219/nc-ports.txt")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(ours()).isEqualTo(real);
    }

    @Test
    void several_ports_print_as_the_real_nc_run_now() throws Exception {
        Oracles.require("nc", "netcat-openbsd");
        assertThat(ours()).isEqualTo(Oracles.inNetworkNamespace(SCRIPT));
    }

    @Test
    void a_name_shows_the_address_each_attempt_went_to() {
        List<String> out = CliTest.execWithInput("nc -zv static.example.com 80 81\necho rc=$?\n", "shell").out().lines()
                .filter(l -> !l.startsWith("laptop$ ")).toList();
        // as the real nc prints "connect to foo (::1) port 8082 ..." then "(127.0.0.1)" for a name with both
        assertThat(out).containsExactly(
                "nc: connect to static.example.com (2001:db8:151::10) port 80 (tcp) failed: Connection refused",
                "nc: connect to static.example.com (151.101.1.10) port 80 (tcp) failed: Connection refused",
                "nc: connect to static.example.com (2001:db8:151::10) port 81 (tcp) failed: Connection refused",
                "nc: connect to static.example.com (151.101.1.10) port 81 (tcp) failed: Connection refused",
                "rc=1");
    }
}
