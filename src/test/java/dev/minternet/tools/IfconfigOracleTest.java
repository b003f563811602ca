package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ifconfig as net-tools 2.10 prints it (lib/interface.c's ife_print_long and ife_print_short): lo
 * after two 1000-byte pings to 127.0.0.1 line for line as the real one ("RX packets 4  bytes 4112
 * (4.0 KiB)"), an Ethernet interface with IPv4 and IPv6 in the real one's shape (addresses, MAC and
 * counters left aside), {@code -s}'s table, a missing device's error and status; the real ifconfig
 * in a network namespace (src/test/resources/reference/net-tools-2.10/ifconfig.txt, and live when
 * allowed).
 */
class IfconfigOracleTest {
    static final String SCRIPT = "ip link set lo up; ip link add eth0 type veth peer name v1 || exit 77\n"
            + "ip link set eth0 up; ip link set v1 up; ip addr add 192.168.1.10/24 brd + dev eth0; ip -6 addr add 2001:db8:1::10/64 dev eth0 nodad\n"
            + "ping -c 2 -i 0.2 -s 1000 127.0.0.1 >/dev/null\n"
            + "ifconfig lo; ifconfig -s lo; echo ==; ifconfig eth0; echo ==; ifconfig -s eth0; ifconfig nope; echo rc=$?\n";
    static final String COMMANDS = "ping -c 2 -i 0.2 -s 1000 127.0.0.1 | tail -1\nifconfig lo\nifconfig -s lo\necho ==\nifconfig eth0\n"
            + "echo ==\nifconfig -s eth0\nifconfig nope\necho rc=$?\n";

    static List<String> ours() {
        return CliTest.execWithInput(COMMANDS, "shell").out().lines().filter(l -> !l.startsWith("laptop$ ") && !l.startsWith("rtt "))
                .toList();
    }

    /** The shape of a line: addresses, MACs and numbers as placeholders (the counters and the MAC are each host's own). */
    static String shape(String line) {
        return line.replaceAll("[0-9a-f]{2}(:[0-9a-f]{2}){5}", "MAC").replaceAll("inet6 \\S+", "inet6 A")
                .replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+", "A").replaceAll("\\(\\d+\\.\\d \\w+\\)", "(H)")
                .replaceAll("(packets|bytes|txqueuelen|RX-OK|TX-OK) \\d+", "$1 N").replaceAll("\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+ BMRU", " BMRU")
                .replaceAll("^eth0( +\\d+)+", "eth0 N");
    }

    static void compare(String real) {
        List<String> r = List.of(real.split("\n"));
        List<String> o = ours();
        int cut = r.indexOf("==");
        // lo: the same lines, numbers included
        assertThat(o.subList(0, o.indexOf("=="))).isEqualTo(r.subList(0, cut));
        // eth0: the same shape (the inet6 lines sorted: the kernel lists them by hash)
        List<String> realEth = r.subList(cut + 1, r.size()).stream().map(IfconfigOracleTest::shape).sorted().toList();
        List<String> ourEth = o.subList(o.indexOf("==") + 1, o.size()).stream().map(IfconfigOracleTest::shape).sorted().toList();
        assertThat(ourEth).isEqualTo(realEth);
    }

    @Test
    void prints_as_the_recorded_real_ifconfig() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/reference/net-tools-2.10/ifconfig.txt")) {
            compare(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void prints_as_the_real_ifconfig_run_now() throws Exception {
        Oracles.require("ifconfig", "net-tools");
        compare(Oracles.inNetworkNamespace(SCRIPT));
    }

    @Test
    void the_laptops_ethernet_interface_from_its_links_counters_and_addresses() {
        List<String> o = ours();
        assertThat(o).contains("eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
                "        inet 192.168.1.10  netmask 255.255.255.0  broadcast 192.168.1.255",
                "        RX packets 4  bytes 4112 (4.0 KiB)"); // lo's, from the two pings
        assertThat(o).anyMatch(l -> l.matches("        inet6 2001:db8:81:200:\\S+  prefixlen 64  scopeid 0x0<global>"))
                .anyMatch(l -> l.matches("        inet6 fe80::\\S+  prefixlen 64  scopeid 0x20<link>"))
                .anyMatch(l -> l.matches("        ether ([0-9a-f]{2}:){5}[0-9a-f]{2}  txqueuelen \\d+  \\(Ethernet\\)"));
    }

    @Test
    void a_raw_link_is_point_to_point_and_loses_running_when_it_fails() {
        List<String> o = CliTest.execWithInput("home-router ifconfig eth1\nlink down access\nhome-router ifconfig -s eth1\n"
                + "home-router ifconfig eth1 | head -1\nifconfig eth0 1.2.3.4\necho rc=$?\n", "shell").out().lines()
                .filter(l -> !l.startsWith("laptop$ ")).toList();
        // as the real ifconfig shows a tun device: 4305 with carrier, 4241 (no RUNNING) without, as in the namespace
        assertThat(o).contains("eth1: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1500",
                        "        inet 81.2.10.2  netmask 255.255.255.252  destination 81.2.10.2",
                        "eth1: flags=4241<UP,POINTOPOINT,NOARP,MULTICAST>  mtu 1500")
                .anyMatch(l -> l.matches("        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen \\d+  \\(UNSPEC\\)"))
                .anyMatch(l -> l.matches("eth1 +1500( +\\d+){4} +\\d+( +\\d+){3} MOPU"))
                .contains("ifconfig: changing an interface (eth0 1.2.3.4) is not modelled in Minternet; the scenario sets the addresses",
                        "rc=1");
    }

    @Test
    void byte_counts_read_in_binary_units_rounded_down_to_tenths() {
        assertThat(Ifconfig.human(336)).isEqualTo("336.0 B");
        assertThat(Ifconfig.human(1024)).isEqualTo("1024.0 B");
        assertThat(Ifconfig.human(6168)).isEqualTo("6.0 KiB");
        assertThat(Ifconfig.human(1_300_000)).isEqualTo("1.2 MiB");
        assertThat(Ifconfig.nstrcmp("eth2", "eth10")).isNegative();
        assertThat(Ifconfig.nstrcmp("eth0", "lo")).isNegative();
    }
}
