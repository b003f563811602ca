package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ip neigh} as iproute2 6.1 prints it on Linux (checked against the real one): with no
 * family, the ARP table's entries and then the neighbour-discovery table's; {@code -4} or {@code -6}
 * one of them; {@code dev NAME} lists one device without repeating its name; every line ends with
 * the state and a space. The laptop of the default world holds its router's IPv6 entry from the
 * router advertisement (STALE, flagged router) and, after a ping, the IPv4 one.
 */
class IpNeighTest {
    @Test
    void both_families_after_a_ping_one_with_a_flag_one_device_without_its_name() {
        CliTest.Outcome o = CliTest.execWithInput("laptop ping -c 1 192.168.1.1\nlaptop ip neigh\nlaptop ip -4 neigh\n"
                + "laptop ip -6 neigh\nlaptop ip neigh show dev eth0\n", "shell");
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = o.out().lines().toList();
        String v4 = "192\\.168\\.1\\.1 dev eth0 lladdr ([0-9a-f:]{17}) REACHABLE ";
        String v6 = "fe80::[0-9a-f:]+ dev eth0 lladdr ([0-9a-f:]{17}) router STALE ";
        int all = lines.indexOf("laptop$ laptop ip neigh");
        assertThat(lines.get(all + 1)).matches(v4);
        assertThat(lines.get(all + 2)).matches(v6);
        assertThat(lines.get(all + 3)).isEqualTo("laptop$ laptop ip -4 neigh");
        assertThat(lines.get(all + 4)).matches(v4);
        assertThat(lines.get(all + 5)).isEqualTo("laptop$ laptop ip -6 neigh");
        assertThat(lines.get(all + 6)).matches(v6);
        assertThat(lines.get(all + 7)).isEqualTo("laptop$ laptop ip neigh show dev eth0");
        assertThat(lines.get(all + 8)).matches("192\\.168\\.1\\.1 lladdr [0-9a-f:]{17} REACHABLE ");
        assertThat(lines.get(all + 9)).matches("fe80::[0-9a-f:]+ lladdr [0-9a-f:]{17} router STALE ");
        // one router, one MAC address for both families
        assertThat(lines.get(all + 1).replaceAll(v4, "$1")).isEqualTo(lines.get(all + 2).replaceAll(v6, "$1"));
    }
}
