package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code ip} without an object prints iproute2 6.1's whole usage (status 255), as the real one
 * (src/test/resources/reference/iproute2-6.1); {@code ip r} is {@code ip route}, as ip.c's table
 * lists route before rule (it listed the rules); list and lst as show, abbreviated too, as
 * iproute2's matches() takes them ({@code ip route li} was an unknown command); {@code up} a filter
 * of ip addr and ip link (it was taken for a device).
 */
class IpUsageTest {
    private static String printed(String input) {
        return CliTest.execWithInput(input, "shell").out().lines().filter(l -> !l.startsWith("laptop$ "))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    @Test
    void no_object_prints_the_whole_usage() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/reference/iproute2-6.1/ip-no-arguments.txt")) {
            assertThat(printed("ip\necho rc=$?\n")).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void ip_r_is_ip_route_and_ip_ru_the_rules() {
        assertThat(printed("ip r\n")).isEqualTo(printed("ip route\n")).startsWith("default via 192.168.1.1 dev eth0");
        assertThat(printed("ip ru\n")).isEqualTo(printed("ip rule\n")).startsWith("0:\tfrom all lookup local");
    }

    @Test
    void list_abbreviated_and_the_up_filter() {
        assertThat(printed("ip route li\n")).isEqualTo(printed("ip route\n"));
        assertThat(printed("ip a l\n")).isEqualTo(printed("ip addr\n")).contains("inet 192.168.1.10/24");
        assertThat(printed("ip link lst dev eth0\n")).isEqualTo(printed("ip link show eth0\n"));
        assertThat(printed("ip addr show up\n")).isEqualTo(printed("ip addr\n"));
        assertThat(printed("ip link show up\n")).isEqualTo(printed("ip link\n")).doesNotContain("does not exist");
    }

    @Test
    void verbs_that_change_match_before_show_as_in_iproute2() {
        // iplink.c tries set before show, so "ip link s" is set (the real one: the dev line, status 255);
        // ipaddress.c has no verb before show that "s" begins, so "ip a s" shows
        assertThat(printed("ip link s\necho rc=$?\nip a s lo\n")).startsWith(
                "Not enough information: \"dev\" argument is required.\nrc=255\n1: lo: <LOOPBACK,UP,LOWER_UP>");
        assertThat(printed("ip addr add 10.0.0.1/24 dev eth0\necho rc=$?\n")).isEqualTo("ip address add: not simulated"
                + " (the shell's link down|up LINK takes a cable down; addresses come from the scenario)\nrc=2\n");
    }
}
