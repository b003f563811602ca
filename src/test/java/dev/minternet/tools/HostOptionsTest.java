package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * host's other options as BIND 9.18's host.c reads them (its output judged by the real host
 * against the live mode's DNS listener): {@code -C} heads each authoritative server's SOA with
 * "Nameserver ADDR:", {@code -c} sets the class and drops the default A/AAAA/MX lookups,
 * {@code -t ANY} goes over TCP, {@code -A} is {@code -a}, {@code -l} is refused (no AXFR here).
 */
class HostOptionsTest {
    @Test
    void the_options_do_what_host_does_on_the_default_world() {
        CliTest.Outcome o = CliTest.execWithInput("host -C example.com\n"
                + "host -c CH -t TXT version.bind\nhost -c CH version.bind\n"
                + "host -t ANY example.com\n"
                + "host -l example.com\necho $?\n"
                + "host -A example.com\n", "shell");
        assertThat(o.out()).contains("laptop$ host -C example.com\nNameserver 199.43.135.53:\n"
                + "\texample.com has SOA record ns.icann.org. noc.dns.icann.org. 2026112101 7200 3600 1209600 3600\n"
                + "Nameserver 199.43.133.53:\n");
        assertThat(o.out()).contains("version.bind descriptive text \"dnsmasq-2.89\"\n")
                .contains("version.bind has no A record\n");
        assertThat(o.out()).contains("laptop$ host -t ANY example.com\n"
                + "example.com has SOA record ns.icann.org. noc.dns.icann.org. 2026112101 7200 3600 1209600 3600\n"
                + "example.com name server a.iana-servers.net.\n");
        assertThat(o.out()).contains("host: -l: zone transfers (AXFR) are not modelled here\nlaptop$ echo $?\n1\n");
        assertThat(o.out()).contains("laptop$ host -A example.com\nTrying \"example.com\"\n");
    }

    @Test
    void any_goes_over_tcp_unless_udp_is_asked() {
        CliTest.Outcome o = CliTest.execWithInput("tcpdump -n -c 1 tcp port 53 &\nhost -t ANY example.com\nwait\n"
                + "tcpdump -n -c 1 udp port 53 &\nhost -U -t ANY example.com\nwait\n", "shell");
        assertThat(o.out()).containsPattern("IP 192\\.168\\.1\\.10\\.\\d+ > 192\\.168\\.1\\.1\\.53: Flags \\[S\\]")
                .containsPattern("IP 192\\.168\\.1\\.10\\.\\d+ > 192\\.168\\.1\\.1\\.53: \\d+\\+ ANY\\? example\\.com\\.");
    }
}
