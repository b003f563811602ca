package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ip addr and ip [-s [-s]] link as iproute2 6.1 prints them, lo first, counters from the links. */
class IpLinksTest {
    static Runs.Result run(String timeline) {
        return Runs.run(Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms, queue: 20", "duration: 30s\n", timeline));
    }

    @Test
    void ip_addr_lists_lo_then_the_interfaces_with_their_addresses() {
        List<String> t = run("  - {at: 1s, on: a, run: \"ip addr\"}\n").terminal("a");
        assertThat(t).containsExactly(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
                "    inet 127.0.0.1/8 scope host lo",
                "       valid_lft forever preferred_lft forever",
                "2: eth0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo state UP group default qlen 20",
                "    link/none ",
                "    inet 10.0.0.1/24 scope global eth0",
                "       valid_lft forever preferred_lft forever");
    }

    @Test
    void ip_s_link_counts_what_each_interface_sent_and_received_and_a_failed_link_has_no_carrier() {
        Runs.Result r = run("""
                  - {at: 1s, on: a, run: "ping -c 3 -i 0.2 b"}
                  - {at: 2s, fail-link: l0}
                  - {at: 3s, on: a, run: "ip -s -s link show dev eth0"}
                  - {at: 3s, on: r1, run: "ip -s link show eth0"}
                """);
        List<String> a = r.terminal("a");
        assertThat(a.subList(a.indexOf("2: eth0: <NO-CARRIER,POINTOPOINT,MULTICAST,NOARP,UP> mtu 1500 qdisc pfifo state DOWN"
                + " mode DEFAULT group default qlen 20"), a.size())).containsExactly(
                "2: eth0: <NO-CARRIER,POINTOPOINT,MULTICAST,NOARP,UP> mtu 1500 qdisc pfifo state DOWN mode DEFAULT group default qlen 20",
                "    link/none ",
                "    RX:  bytes packets errors dropped  missed   mcast           ",
                "           252       3      0       0       0       0 ",
                "    RX errors:  length    crc   frame    fifo overrun",
                "                     0      0       0       0       0 ",
                "    TX:  bytes packets errors dropped carrier collsns           ",
                "           252       3      0       0       0       0 ",
                "    TX errors: aborted   fifo  window heartbt transns",
                "                     0      0       0       0       1 ");
        // r1's side of the same link: what a sent, r1 received
        assertThat(r.terminal("r1")).contains("           252       3      0       0       0       0 ");
    }

    @Test
    void show_names_one_device_and_refusals_are_iproute2s() {
        Runs.Result r = run("""
                  - {at: 1s, on: a, run: "ip -4 addr show lo"}
                  - {at: 2s, on: a, run: "ip link show nosuch"}
                  - {at: 3s, on: a, run: "ip -x link"}
                  - {at: 4s, on: a, run: "ip foo"}
                  - {at: 5s, on: a, run: "ip link set eth0 down"}
                """);
        assertThat(r.terminal("a")).containsExactly(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    inet 127.0.0.1/8 scope host lo",
                "       valid_lft forever preferred_lft forever",
                "Device \"nosuch\" does not exist.",
                "Option \"-x\" is unknown, try \"ip -help\".",
                "Object \"foo\" is unknown, try \"ip help\".",
                "ip link set: not simulated (the shell's link down|up LINK takes a cable down; addresses come from the scenario)");
        assertThat(r.events(ToolEvents.EXIT).stream().map(e -> e.num(ToolEvents.CODE))).containsExactly(0L, 1L, 255L, 1L, 2L);
    }

    @Test
    void ip_br_gives_one_line_an_interface() {
        Runs.Result r = run("""
                  - {at: 1s, on: a, run: "ip -br link"}
                  - {at: 1s, on: a, run: "ip -br addr"}
                  - {at: 2s, fail-link: l0}
                  - {at: 3s, on: a, run: "ip -br -4 a show eth0"}
                """);
        assertThat(r.terminal("a")).containsExactly(
                "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ",
                "eth0             UP             <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> ",
                "lo               UNKNOWN        127.0.0.1/8 ",
                "eth0             UP             10.0.0.1/24 ",
                "eth0             DOWN           10.0.0.1/24 ");
    }

    static String real(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static long[] numbers(String line) {
        return Arrays.stream(line.trim().split(" +")).mapToLong(Long::parseLong).toArray();
    }

    @Test
    void the_lo_lines_and_the_counters_layout_are_the_real_ips() throws Exception {
        String ip = Oracles.require("ip", "iproute2").toString();
        List<String> theirs = List.of(real(ip, "-s", "-s", "link", "show", "lo").split("\n"));
        List<String> ours = run("  - {at: 1s, on: a, run: \"ip link show lo\"}\n").terminal("a");
        assertThat(theirs.subList(0, 2)).isEqualTo(ours);
        // this machine's lo counters (large numbers widen the columns) laid out by ours
        long[] rx = numbers(theirs.get(3));
        long[] tx = numbers(theirs.get(7));
        long crc = numbers(theirs.get(5))[1];
        long transns = numbers(theirs.get(9))[4];
        assertThat(IpLinks.statsLines(rx, tx, crc, transns, 2)).isEqualTo(theirs.subList(2, 10));
        List<String> one = List.of(real(ip, "-s", "link", "show", "lo").split("\n"));
        assertThat(IpLinks.statsLines(numbers(one.get(3)), numbers(one.get(5)), 0, 0, 1)).isEqualTo(one.subList(2, 6));
        // and wide numbers of our own: each column grows to its widest value, with iproute2's digit count
        assertThat(IpLinks.statsLines(new long[] {12_345_678_901L, 99_999_999, 0, 0, 0, 0}, new long[] {10, 1, 0, 0, 0, 0}, 0, 0, 1))
                .containsExactly("    RX:   bytes  packets errors dropped  missed   mcast           ",
                        "    12345678901 99999999      0       0       0       0 ",
                        "    TX:   bytes  packets errors dropped carrier collsns           ",
                        "             10        1      0       0       0       0 ");
    }
    @Test
    void oneline_joins_as_the_real_ip_o_does() throws Exception {
        String ip = Oracles.require("ip", "iproute2").toString();
        // this machine's own interfaces: the real multi-line output joined by ours equals the real -o output
        for (String[] args : new String[][] {{"addr"}, {"-4", "addr"}, {"-6", "addr"}, {"link"}, {"-s", "link"}}) {
            boolean addr = args[args.length - 1].equals("addr");
            String[] plain = new String[args.length + 1];
            plain[0] = ip;
            System.arraycopy(args, 0, plain, 1, args.length);
            String[] o = new String[args.length + 2];
            o[0] = ip;
            o[1] = "-o";
            System.arraycopy(args, 0, o, 2, args.length);
            // the two runs read the counters twice: traffic on this machine between them (lo's, from
            // other tests or programs) changes them, so a few tries until two readings agree
            List<String> lines = null;
            List<String> theirs = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                lines = List.of(real(plain).split("\n"));
                theirs = List.of(real(o).split("\n"));
                if (IpTool.oneline(lines, addr).equals(theirs)) {
                    break;
                }
            }
            assertThat(IpTool.oneline(lines, addr)).as(String.join(" ", args)).isEqualTo(theirs);
        }
        List<String> ours = run("  - {at: 1s, on: a, run: \"ip -4 -o addr show lo\"}\n").terminal("a");
        assertThat(ours).containsExactly("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever");
    }

    @Test
    void rules_are_the_kernels_defaults() throws Exception {
        String ip = Oracles.require("ip", "iproute2").toString();
        assertThat(run("  - {at: 1s, on: a, run: \"ip rule\"}\n").terminal("a")).isEqualTo(List.of(real(ip, "rule").split("\n")));
        assertThat(run("  - {at: 1s, on: a, run: \"ip -6 rule show\"}\n").terminal("a"))
                .isEqualTo(List.of(real(ip, "-6", "rule", "show").split("\n")));
    }
}
