package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * {@code dig -4} and {@code -6}, as BIND 9.18's dig takes them (checked against the real one on
 * this machine): one transport family; a server of the other family named by address refused in
 * dig's words; resolv.conf's servers of that family only, else the loopback address of it.
 */
class DigFamilyTest {
    @Test
    void four_asks_the_ipv4_server() {
        CliTest.Outcome o = CliTest.execWithInput("dig -4 www.example.com +short\n", "shell");
        assertThat(o.out()).contains("laptop$ dig -4 www.example.com +short\n93.184.216.34\n");
    }

    @Test
    void six_without_an_ipv6_name_server_asks_the_loopback() {
        CliTest.Outcome o = CliTest.execWithInput("dig -6 www.example.com +short\necho $?\n", "shell");
        assertThat(o.out()).contains(";; communications error to ::1#53: connection refused\n")
                .contains(";; no servers could be reached\nlaptop$ echo $?\n9\n");
    }

    @Test
    void a_server_of_the_other_family_is_refused() {
        CliTest.Outcome o = CliTest.execWithInput("dig -6 @192.168.1.1 www.example.com\necho $?\n"
                + "dig -4 @::1 www.example.com\necho $?\n", "shell");
        assertThat(o.out()).contains(";; Skipping mapped address '::ffff:192.168.1.1'\n;; No acceptable nameservers\n"
                + "laptop$ echo $?\n0\n");
        assertThat(o.out()).contains("dig: couldn't get address for '::1': address family not supported\n"
                + "laptop$ echo $?\n1\n");
    }
}
