package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * traceroute 2.1's {@code -4} (it was read as a packet length: "Cannot handle "packetlen""), and
 * the place of the host on the command line in its complaints (clif's "on position N (argc M)").
 */
class TracerouteFamilyTest {
    @Test
    void four_traces_over_ipv4() {
        CliTest.Outcome o = CliTest.execWithInput("traceroute -4 -n -q 1 -m 2 www.example.com\n", "shell");
        assertThat(o.out()).contains("traceroute to www.example.com (93.184.216.34), 2 hops max, 60 byte packets\n"
                + " 1  192.168.1.1  ");
    }

    @Test
    void complaints_name_the_argument_index() {
        CliTest.Outcome o = CliTest.execWithInput("traceroute -n nonexist.invalid\ntraceroute -4 2001:db8::1\n"
                + "traceroute -n www.example.com 1x\n", "shell");
        assertThat(o.out()).contains("nonexist.invalid: Name or service not known\n"
                + "Cannot handle \"host\" cmdline arg `nonexist.invalid' on position 1 (argc 2)\n");
        assertThat(o.out()).contains("2001:db8::1: Address family for hostname not supported\n"
                + "Cannot handle \"host\" cmdline arg `2001:db8::1' on position 1 (argc 2)\n");
        assertThat(o.out()).contains("Cannot handle \"packetlen\" cmdline arg `1x' on position 2 (argc 3)\n");
    }
}
