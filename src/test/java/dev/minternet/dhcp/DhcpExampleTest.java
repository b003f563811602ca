package dev.minternet.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.DhcpMessage;
import dev.minternet.wire.Mac;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/dhcp.yaml does what its header says; tshark decodes every DHCP packet of its captures
 * with nothing malformed and with the fields the trace recorded; two runs are byte-identical.
 */
class DhcpExampleTest {
    static final Path EXAMPLE = Path.of("examples/dhcp.yaml");

    @Test
    void the_laptop_joins_gets_a_lease_and_reaches_the_server_by_name(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.example(EXAMPLE, dir);
        List<String> laptop = r.terminal("laptop");
        // at 19 s: cable out, no address
        int joined = laptop.indexOf("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo state UP group default qlen 100");
        assertThat(laptop.subList(0, joined))
                .contains("2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc pfifo state DOWN group default qlen 100")
                .noneMatch(l -> l.contains("inet ") && !l.endsWith(" lo"));
        assertThat(laptop).contains("    inet 192.168.1.101/24 brd 192.168.1.255 scope global dynamic eth0",
                "default via 192.168.1.1 dev eth0 proto dhcp ",
                "www.example.com.\t300\tIN\tA\t203.0.113.10",
                ";; SERVER: 203.0.113.10#53(203.0.113.10) (UDP)",
                "2 packets transmitted, 2 received, 0% packet loss, time 1000ms",
                "HTTP/1.1 200 OK");
        int lease = laptop.indexOf("lease {");
        assertThat(laptop.subList(lease, lease + 14)).containsExactly("lease {", "  interface \"eth0\";",
                "  fixed-address 192.168.1.101;", "  option subnet-mask 255.255.255.0;", "  option routers 192.168.1.1;",
                "  option dhcp-lease-time 120;", "  option dhcp-message-type 5;", "  option domain-name-servers 203.0.113.10;",
                "  option dhcp-server-identifier 192.168.1.1;", "  option dhcp-renewal-time 60;",
                "  option dhcp-rebinding-time 105;", "  renew 4 2026/01/01 00:01:26;", "  rebind 4 2026/01/01 00:02:11;",
                "  expire 4 2026/01/01 00:02:26;");
        assertThat(r.terminal("phone")).contains("    inet 192.168.1.100/24 brd 192.168.1.255 scope global dynamic eth0");
        assertThat(r.terminal("home")).anySatisfy(l -> assertThat(l).matches(
                ".* IP 0\\.0\\.0\\.0\\.68 > 255\\.255\\.255\\.255\\.67: BOOTP/DHCP, Request from [0-9a-f:]{17}, length 300"))
                .anySatisfy(l -> assertThat(l).endsWith(" IP 192.168.1.1.67 > 192.168.1.101.68: BOOTP/DHCP, Reply, length 300"))
                .contains("12 packets captured");
        // the laptop's DISCOVER came 1..10 s after the cable went in at 20 s; each host renewed 60 s after its REQUEST
        TraceEvent discover = r.events(e -> e.is(DhcpEvents.SEND) && e.node().equals("laptop")).get(0);
        assertThat(discover.time()).isBetween(21 * Durations.S, 30 * Durations.S);
        for (String n : List.of("laptop", "phone")) {
            List<TraceEvent> req = r.events(e -> e.is(DhcpEvents.SEND) && e.node().equals(n)
                    && e.get(DhcpEvents.MSG).equals("REQUEST"));
            assertThat(req).hasSize(2);
            assertThat(req.get(1).time() - req.get(0).time()).isEqualTo(60 * Durations.S);
        }

        Oracles.tshark();
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(dir)) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).isNotEmpty();
        for (Path p : pcaps) {
            Tshark.assertClean(p);
        }
        // what each node sent, packet by packet, as tshark decodes it and as the trace says
        int compared = 0;
        for (String[] nic : List.of(new String[]{"laptop", "eth0"}, new String[]{"phone", "eth0"}, new String[]{"home", "eth1"})) {
            String mac = Mac.str(r.world().node(nic[0]).ip().iface(nic[1]).mac());
            List<Map<String, String>> got = Tshark.fields(dir.resolve(nic[0] + "-" + nic[1] + ".pcap"),
                    "dhcp && eth.src == " + mac, "dhcp.option.dhcp", "dhcp.id", "dhcp.secs", "dhcp.ip.client",
                    "dhcp.ip.your", "dhcp.hw.mac_addr", "ip.src", "ip.dst", "dhcp.option.type", "udp.length");
            List<TraceEvent> sent = r.events(e -> e.is(DhcpEvents.SEND) && e.node().equals(nic[0]));
            assertThat(got).as(nic[0]).hasSameSizeAs(sent).isNotEmpty();
            for (int i = 0; i < sent.size(); i++) {
                TraceEvent e = sent.get(i);
                Map<String, String> f = got.get(i);
                assertThat(DhcpMessage.typeName(Integer.parseInt(f.get("dhcp.option.dhcp")))).isEqualTo(e.get(DhcpEvents.MSG));
                assertThat(f.get("dhcp.id")).isEqualTo(e.get(DhcpEvents.XID));
                assertThat(Long.parseLong(f.get("dhcp.secs"))).isEqualTo(e.num(DhcpEvents.SECS));
                assertThat(f.get("dhcp.ip.client")).isEqualTo(e.get(DhcpEvents.CIADDR));
                assertThat(f.get("dhcp.ip.your")).isEqualTo(e.get(DhcpEvents.YIADDR));
                // chaddr, then (in a client's message) the MAC inside option 61
                assertThat(f.get("dhcp.hw.mac_addr").split(",")[0]).isEqualTo(e.get(DhcpEvents.CHADDR));
                assertThat(f.get("ip.src")).isEqualTo(e.get(DhcpEvents.SRC));
                assertThat(f.get("ip.dst")).isEqualTo(e.get(DhcpEvents.DST));
                // tshark lists every option including END last
                List<String> types = Arrays.asList(f.get("dhcp.option.type").split(","));
                assertThat(String.join(",", types.subList(0, types.size() - 1))).isEqualTo(e.get(DhcpEvents.OPTIONS));
                assertThat(f.get("udp.length")).isEqualTo("308");
                compared++;
            }
        }
        assertThat(compared).as("3 messages from each client, 6 from the server").isEqualTo(12);
        // the server's options decoded: lease 120 s, T1 60, T2 105, mask /24, router, the nameserver
        List<Map<String, String>> acks = Tshark.fields(dir.resolve("laptop-eth0.pcap"), "dhcp.option.dhcp == 5",
                "dhcp.option.ip_address_lease_time", "dhcp.option.renewal_time_value", "dhcp.option.rebinding_time_value",
                "dhcp.option.subnet_mask", "dhcp.option.router", "dhcp.option.domain_name_server", "dhcp.option.dhcp_server_id");
        assertThat(acks).hasSize(2).allSatisfy(f -> assertThat(f).containsExactlyInAnyOrderEntriesOf(Map.of(
                "dhcp.option.ip_address_lease_time", "120", "dhcp.option.renewal_time_value", "60",
                "dhcp.option.rebinding_time_value", "105", "dhcp.option.subnet_mask", "255.255.255.0",
                "dhcp.option.router", "192.168.1.1", "dhcp.option.domain_name_server", "203.0.113.10",
                "dhcp.option.dhcp_server_id", "192.168.1.1")));
    }

    @Test
    void two_runs_give_the_same_output_trace_and_captures(@TempDir Path dir) throws Exception {
        Runs.Result a = Runs.example(EXAMPLE, dir.resolve("a"));
        Runs.Result b = Runs.example(EXAMPLE, dir.resolve("b"));
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.json()).isEqualTo(a.json());
        assertThat(a.events(DhcpEvents.BOUND)).hasSize(4);
        for (String f : List.of("home-eth1.pcap", "laptop-eth0.pcap", "phone-eth0.pcap")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }
}
