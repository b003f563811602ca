package dev.minternet.link.ethernet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.ArpEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Traces;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Bpdu;
import dev.minternet.wire.Mac;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lan-switching.yaml does what its comments say; tshark decodes its Ethernet, ARP, 802.1Q
 * and STP frames with nothing malformed and with the fields the trace recorded; it runs the same twice.
 */
class LanSwitchingExampleTest {
    static final Path EXAMPLE = Path.of("examples/lan-switching.yaml");

    @Test
    void the_example_converges_resolves_and_switches(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.example(EXAMPLE, dir);
        List<String> a = r.terminal("a");
        assertThat(a).anySatisfy(l -> assertThat(l).contains("state listening"))
                .anySatisfy(l -> assertThat(l).contains("state blocking"));
        assertThat(a).contains("64 bytes from 10.0.1.2: icmp_seq=1 ttl=64 time=0.110 ms",
                "64 bytes from 10.0.1.2: icmp_seq=2 ttl=64 time=0.064 ms");
        assertThat(a).anySatisfy(l -> assertThat(l).matches("10\\.0\\.1\\.2 dev eth0 lladdr [0-9a-f:]{17} REACHABLE "));
        assertThat(a).anySatisfy(l -> assertThat(l).endsWith(" dev swp2 vlan 20 master sw1"));
        assertThat(a).contains("port              vlan-id  ", "swp2              20 PVID Egress Untagged",
                "                  20");
        assertThat(r.terminal("b")).contains("2 packets captured")
                // without -n, tcpdump names the hosts and the MAC's vendor (none for a locally administered address)
                .anySatisfy(l -> assertThat(l).endsWith("ARP, Request who-has b tell a, length 46"))
                .anySatisfy(l -> assertThat(l).matches(".* ARP, Reply b is-at [0-9a-f:]{17} \\(oui Unknown\\), length 28"));
        assertThat(r.terminal("c")).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms");

        Oracles.tshark();
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(dir)) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).hasSize(4 + 10);
        for (Path p : pcaps) {
            Tshark.assertClean(p);
        }
        // ARP: what a sent, field by field, as the trace says
        String macA = Mac.str(r.world().node("a").ip().iface("eth0").mac());
        List<Map<String, String>> arp = Tshark.fields(dir.resolve("a-eth0.pcap"), "arp && eth.src == " + macA,
                "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4", "eth.dst");
        List<TraceEvent> sent = r.events(e -> e.is(ArpEvents.SEND) && e.node().equals("a"));
        assertThat(arp).hasSameSizeAs(sent).isNotEmpty();
        for (int i = 0; i < sent.size(); i++) {
            TraceEvent e = sent.get(i);
            Map<String, String> f = arp.get(i);
            assertThat(f.get("arp.opcode")).isEqualTo(e.get(ArpEvents.OP).equals("request") ? "1" : "2");
            assertThat(f.get("arp.src.hw_mac")).isEqualTo(e.get(ArpEvents.SENDER_MAC));
            assertThat(f.get("arp.src.proto_ipv4")).isEqualTo(e.get(ArpEvents.SENDER_IP));
            assertThat(f.get("arp.dst.hw_mac")).isEqualTo(e.get(ArpEvents.TARGET_MAC));
            assertThat(f.get("arp.dst.proto_ipv4")).isEqualTo(e.get(ArpEvents.TARGET_IP));
            assertThat(f.get("eth.dst")).isEqualTo(e.get(ArpEvents.DST));
        }
        // 802.1Q: c's pings to d cross the trunks tagged with VLAN 20, and only VLAN 20 is tagged
        int tagged = 0;
        for (String trunk : List.of("sw1-swp3.pcap", "sw1-swp4.pcap", "sw2-swp1.pcap", "sw3-swp2.pcap")) {
            for (Map<String, String> f : Tshark.fields(dir.resolve(trunk), "vlan", "vlan.id", "ip.src")) {
                assertThat(f.get("vlan.id")).isEqualTo("20");
                tagged++;
            }
        }
        assertThat(tagged).isPositive();
        assertThat(Tshark.count(dir.resolve("d-eth0.pcap"), "vlan")).as("an access port removes the tag").isZero();
        assertThat(Tshark.count(dir.resolve("d-eth0.pcap"), "icmp.type == 8 && ip.src == 10.0.20.3")).isEqualTo(2);
        // STP: every BPDU names the root the switches elected
        Switch sw1 = r.world().switchNamed("sw1");
        String root = Mac.str(sw1.rootId() & 0xffff_ffff_ffffL);
        List<Map<String, String>> bpdus = Tshark.fields(dir.resolve("a-eth0.pcap"), "stp",
                "stp.root.hw", "stp.root.prio", "stp.bridge.hw", "stp.protocol", "eth.dst");
        assertThat(bpdus).isNotEmpty().last().satisfies(f -> {
            assertThat(f.get("stp.root.hw")).isEqualTo(root);
            assertThat(f.get("stp.root.prio")).isEqualTo("32768");
            assertThat(f.get("stp.bridge.hw")).isEqualTo(Mac.str(sw1.mac()));
            assertThat(f.get("eth.dst")).isEqualTo("01:80:c2:00:00:00");
        });
        assertThat(Bpdu.idText(sw1.rootId())).startsWith("8000.");
    }

    @Test
    void two_runs_give_the_same_output_trace_and_captures(@TempDir Path dir) throws Exception {
        Runs.Result a = Runs.example(EXAMPLE, dir.resolve("a"));
        Runs.Result b = Runs.example(EXAMPLE, dir.resolve("b"));
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.json()).isEqualTo(a.json());
        assertThat(Traces.parse(a.json())).anyMatch(e -> e.in(ArpEvents.CATALOG)).anyMatch(e -> e.in(BridgeEvents.CATALOG));
        for (String f : List.of("a-eth0.pcap", "sw1-swp3.pcap", "d-eth0.pcap")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }
}
