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
 * The IPv6 tables against the real ip (iproute2 6.1) in a fresh network namespace set up as the
 * default world's laptop is on its dual-stack LAN (the MAC, so the same link-local address; its
 * SLAAC address and the advertised default route added by hand, with lifetimes): {@code ip route
 * show table all} goes on after IPv4's tables with IPv6's main and local ones, {@code ip -6 route}
 * takes {@code table}, {@code dev}, {@code proto} and a prefix; before, table all stopped after IPv4
 * and ip -6 route printed the main table whatever was asked. The seconds left of a lifetime differ
 * (the namespace's clock is not the simulation's), so they are compared as N.
 */
class Ip6RouteShowOracleTest {
    private static final List<String> SHOWS = List.of("ip route show table all", "ip -6 route show table all",
            "ip -6 route show table local", "ip -6 route show table main", "ip -6 route", "ip -6 route show dev eth0",
            "ip -6 route show table all proto kernel", "ip -6 route show default", "ip -6 route list 2001:db8:81:200::/64",
            "ip route show table all dev eth0", "ip -6 route show table 7", "ip -6 route show table nope",
            "ip -6 route show dev eth9");

    @Test
    void each_table_as_the_real_ip_prints_it() throws Exception {
        String unshare = Oracles.require("unshare", "util-linux").toString();
        Oracles.require("ip", "iproute2");
        StringBuilder script = new StringBuilder("ip link set lo up; ip link add eth0 type veth peer name p0 || exit 77\n"
                + "sysctl -qw net.ipv6.conf.p0.disable_ipv6=1 net.ipv6.conf.eth0.accept_dad=0 || exit 77\n"
                + "ip link set eth0 address ca:bf:4d:3e:f3:e4; ip link set p0 up; ip link set eth0 up\n"
                + "ip addr add 192.168.1.10/24 dev eth0; ip route add default via 192.168.1.1 dev eth0 proto dhcp\n"
                + "ip -6 addr add 2001:db8:81:200:c8bf:4dff:fe3e:f3e4/64 dev eth0 valid_lft 2592000 preferred_lft 604800\n"
                + "ip -6 route add default via fe80::2898:9dff:fe7f:3fe8 dev eth0 proto ra metric 1024 expires 1800 hoplimit 64\n");
        StringBuilder typed = new StringBuilder();
        for (String c : SHOWS) {
            script.append("echo '== ").append(c).append("'; ").append(c).append(" 2>&1; echo \"rc=$?\"\n");
            typed.append("echo '== ").append(c).append("'\n").append(c).append("\necho rc=$?\n");
        }
        Process p = new ProcessBuilder(unshare, "-rn", "sh", "-c", script.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 77 || real.contains("unshare failed") || real.contains("Operation not permitted")) {
            Assumptions.abort("cannot make a network namespace with a veth pair here: " + real.strip());
        }
        String ours = CliTest.execWithInput(typed.toString(), "shell").out();
        StringBuilder printed = new StringBuilder();
        for (String line : ours.split("\n", -1)) {
            if (!line.startsWith("laptop$ ")) {
                printed.append(line).append('\n');
            }
        }
        assertThat(seconds(printed.toString()).strip()).isEqualTo(seconds(real).strip());
    }

    private static String seconds(String s) {
        return s.replaceAll("expires [0-9]+sec", "expires Nsec");
    }
}
