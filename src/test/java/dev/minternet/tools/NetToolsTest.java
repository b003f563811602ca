package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** net-tools 2.10's route, netstat -r/-i and arp tables, from the node's routes, counters and neighbours. */
class NetToolsTest {
    static final String LAN = """
            name: lan
            seed: 3
            duration: 30s
            nodes:
              - {name: a, kind: host, routes: [default via 10.0.1.254]}
              - {name: b, kind: host}
            lans:
              - switch: sw1
                stp: false
                ports: [a 10.0.1.1/24, b 10.0.1.2/24]
            timeline:
            """;

    @Test
    void route_and_netstat_r_list_the_routes_in_the_kernels_order_with_names_unless_n() {
        Runs.Result r = Runs.run(LAN + """
                  - {at: 1s, on: a, run: "route -n"}
                  - {at: 2s, on: a, run: "netstat -r"}
                """);
        assertThat(r.terminal("a")).containsExactly(
                "Kernel IP routing table",
                "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
                "0.0.0.0         10.0.1.254      0.0.0.0         UG    0      0        0 eth0",
                "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0",
                "Kernel IP routing table",
                "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface",
                "default         10.0.1.254      0.0.0.0         UG        0 0          0 eth0",
                "10.0.1.0        0.0.0.0         255.255.255.0   U         0 0          0 eth0");
    }

    /** route.c's -e levels (rprint_fib's ext 2 and 3), the empty routing cache, and arp_show's filters and counts. */
    @Test
    void route_widths_and_cache_and_arp_filters_as_net_tools_prints_them() {
        Runs.Result r = Runs.run(LAN + """
                  - {at: 1s, on: a, run: "route -ne"}
                  - {at: 1s, on: a, run: "route -n -ee"}
                  - {at: 1s, on: a, run: "route -C"}
                  - {at: 2s, on: a, run: "ping -c 1 b"}
                  - {at: 5s, on: a, run: "arp -n -v 10.0.1.2"}
                  - {at: 5s, on: a, run: "arp -n 10.0.1.9"}
                  - {at: 5s, on: a, run: "arp -a -n 10.0.1.9"}
                  - {at: 5s, on: a, run: "arp -n -i eth9"}
                  - {at: 5s, on: a, run: "arp -a -e -n"}
                """);
        String mac = dev.minternet.wire.Mac.str(r.world().node("b").ip().iface("eth0").mac());
        String row = "10.0.1.2                 ether   " + mac + "   C                     eth0";
        String head = "Address                  HWtype  HWaddress           Flags Mask            Iface";
        assertThat(r.block("a", "route -ne", 0)).containsExactly("Kernel IP routing table",
                "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface",
                "0.0.0.0         10.0.1.254      0.0.0.0         UG        0 0          0 eth0",
                "10.0.1.0        0.0.0.0         255.255.255.0   U         0 0          0 eth0");
        assertThat(r.block("a", "route -n -ee", 0)).containsExactly("Kernel IP routing table",
                "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt",
                "0.0.0.0         10.0.1.254      0.0.0.0         UG    0      0        0 eth0     0     0      0",
                "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0     0     0      0");
        assertThat(r.block("a", "route -C", 0)).containsExactly("Kernel IP routing cache",
                "Source          Destination     Gateway         Flags Metric Ref    Use Iface");
        assertThat(r.block("a", "arp -n -v 10.0.1.2", 0)).containsExactly(head, row, "Entries: 1\tSkipped: 0\tFound: 1");
        assertThat(r.block("a", "arp -n 10.0.1.9", 0)).containsExactly("10.0.1.9 (10.0.1.9) -- no entry");
        assertThat(r.block("a", "arp -a -n 10.0.1.9", 0)).containsExactly("arp: in 1 entries no match found.");
        assertThat(r.block("a", "arp -n -i eth9", 0)).containsExactly("arp: in 1 entries no match found.");
        assertThat(r.block("a", "arp -a -e -n", 0)).containsExactly(head, row);
    }

    @Test
    void arp_lists_the_neighbours_resolved_and_netstat_i_the_packets_each_way() {
        Runs.Result r = Runs.run(LAN + """
                  - {at: 1s, on: a, run: "arp -n"}
                  - {at: 2s, on: a, run: "ping -c 2 b"}
                  - {at: 5s, on: a, run: "arp"}
                  - {at: 5s, on: a, run: "arp -a -n"}
                  - {at: 5s, on: b, run: "netstat -i"}
                """);
        List<String> a = r.terminal("a");
        String mac = dev.minternet.wire.Mac.str(r.world().node("b").ip().iface("eth0").mac());
        assertThat(a.get(0)).isEqualTo("PING b (10.0.1.2) 56(84) bytes of data."); // an empty table prints nothing
        assertThat(a).endsWith("Address                  HWtype  HWaddress           Flags Mask            Iface",
                "b                        ether   " + mac + "   C                     eth0",
                "? (10.0.1.2) at " + mac + " [ether] on eth0");
        // b received a's gratuitous ARP, its ARP request and two echo requests; it sent its own
        // gratuitous ARP, the ARP reply and two echo replies
        assertThat(r.terminal("b")).containsExactly("Kernel Interface table",
                "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg",
                "eth0             1500        4      0      0 0             4      0      0      0 BMRU",
                "lo              65536        0      0      0 0             0      0      0      0 LRU");
    }

    @Test
    void the_headers_are_the_real_net_tools_ones() throws Exception {
        String route = Oracles.require("route", "net-tools").toString();
        String netstat = Oracles.require("netstat", "net-tools").toString();
        String arp = Oracles.require("arp", "net-tools").toString();
        Runs.Result r = Runs.run(LAN + """
                  - {at: 1s, on: a, run: "route -n"}
                  - {at: 1s, on: a, run: "netstat -rn"}
                  - {at: 1s, on: a, run: "netstat -i"}
                  - {at: 2s, on: a, run: "ping -c 1 b"}
                  - {at: 3s, on: a, run: "arp -n"}
                """);
        List<String> a = r.terminal("a");
        for (String[] cmd : new String[][] {{route, "-n"}, {netstat, "-rn"}, {netstat, "-i"}}) {
            List<String> theirs = real(cmd);
            assertThat(a).containsSubsequence(theirs.get(0), theirs.get(1));
        }
        List<String> theirs = real(arp, "-n"); // this machine's own table: its header when it has an entry
        if (!theirs.isEmpty()) {
            assertThat(a).contains(theirs.get(0));
        }
    }

    static List<String> real(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
