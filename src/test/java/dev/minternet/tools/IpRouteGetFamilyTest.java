package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/** {@code ip route get} takes its family from the address, as iproute2 does: an IPv6 one needs no -6. */
class IpRouteGetFamilyTest {
    @Test
    void an_ipv6_address_without_minus_six() {
        CliTest.Outcome o = CliTest.execWithInput("ip route get 2001:db8:93:32::34\nip -6 route get 2001:db8:93:32::34\n", "shell");
        String[] lines = o.out().split("\n");
        assertThat(lines[1]).startsWith("2001:db8:93:32::34 from :: via fe80::").contains(" dev eth0 ");
        assertThat(lines[3]).isEqualTo(lines[1]);
    }
}
