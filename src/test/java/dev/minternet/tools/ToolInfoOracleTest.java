package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version and help options print what the real tools on this machine print (Debian 12), with their
 * exit status; they were usage errors ("invalid option -- 'V'", or for `ip help` 'Object "help" is
 * unknown, try "ip help"').
 */
class ToolInfoOracleTest {
    private static final String[][] CASES = {
        {"ping -V", "iputils-ping"}, {"ping -h", "iputils-ping"}, {"ss -V", "iproute2"}, {"ss -h", "iproute2"},
        {"ip -V", "iproute2"}, {"ip help", "iproute2"}, {"dig -h", "bind9-dnsutils"},
        {"tcpdump -h", "tcpdump"}, {"netstat -V", "net-tools"},
        {"netstat -h", "net-tools"}, {"nc -h", "netcat-openbsd"}, {"telnet --help", "telnet"},
        {"telnet --version", "telnet"},
    };

    @Test
    void each_prints_the_real_tools_text_and_exits_with_its_status() throws Exception {
        StringBuilder typed = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String[] c : CASES) {
            List<String> words = new ArrayList<>(List.of(c[0].split(" ")));
            words.set(0, Oracles.require(words.get(0), c[1]).toString());
            Process p = new ProcessBuilder(words).redirectErrorStream(true).start();
            String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            typed.append(c[0]).append("\necho $?\n");
            expected.append("laptop$ ").append(c[0]).append('\n').append(real.endsWith("\n") ? real : real + "\n")
                    .append("laptop$ echo $?\n").append(status).append('\n');
        }
        CliTest.Outcome o = CliTest.execWithInput(typed.toString(), "shell");
        assertThat(o.out()).contains(expected.toString());
    }

    @Test
    void openssl_and_tcpdump_name_the_versions_of_debian_12s() {
        // (not against this machine's: a security update moves OpenSSL's version and date)
        CliTest.Outcome o = CliTest.execWithInput("openssl version\ntcpdump --version\n", "shell");
        assertThat(o.out()).contains("laptop$ openssl version\nOpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)\n"
                + "laptop$ tcpdump --version\ntcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\n"
                + "OpenSSL 3.0.19 27 Jan 2026\n");
    }

    @Test
    void dig_and_host_name_the_bind_version_modelled() {
        CliTest.Outcome o = CliTest.execWithInput("dig -v\nhost -V\ndig www.example.com -v\necho $?\n", "shell");
        assertThat(o.out()).contains("laptop$ dig -v\nDiG 9.18.28\nlaptop$ host -V\nhost 9.18.28\n"
                + "laptop$ dig www.example.com -v\nDiG 9.18.28\nlaptop$ echo $?\n0\n");
    }
}
