package dev.minternet.link.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.link.LinkEvents;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/wifi.yaml end to end: a laptop pings the router over an idle channel, then while the TV
 * downloads through the same access point; every interface captured, tshark decodes the Wi-Fi
 * stations' captures (Ethernet II) with nothing malformed.
 */
class WifiExampleTest {
    static final Path EXAMPLE = Path.of("examples/wifi.yaml");
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    static double[] rtts(long from, long to) {
        return run.events(e -> e.is(ToolEvents.PING_REPLY) && e.node().equals("laptop") && e.time() >= from
                && e.time() < to).stream().mapToDouble(e -> e.get(ToolEvents.RTT_NS) / 1e6).toArray();
    }

    @Test
    void pings_are_fast_on_an_idle_channel_and_slow_and_jittery_behind_the_download() {
        double[] idle = rtts(0, 3 * S);
        double[] busy = rtts(4 * S, 7 * S);
        assertThat(idle).hasSize(5);
        assertThat(java.util.Arrays.stream(idle).max().getAsDouble()).isLessThan(1.0);
        assertThat(busy.length).isGreaterThanOrEqualTo(8);
        double idleMean = WifiDcfTest.mean(idle);
        assertThat(WifiDcfTest.mean(busy)).isGreaterThan(10 * idleMean);
        assertThat(WifiDcfTest.sd(busy)).isGreaterThan(WifiDcfTest.sd(idle));
        assertThat(run.terminal("laptop")).anySatisfy(l -> assertThat(l).startsWith("rtt min/avg/max/mdev = 0."));
    }

    @Test
    void the_download_contends_collides_and_fills_the_access_points_queue() {
        assertThat(run.events(WifiEvents.BACKOFF)).isNotEmpty();
        List<TraceEvent> collisions = run.events(WifiEvents.COLLISION);
        assertThat(collisions).isNotEmpty().allSatisfy(e -> assertThat(e.get(WifiEvents.STATIONS)).isGreaterThanOrEqualTo(2));
        assertThat(run.events(WifiEvents.RETRY_EVENT)).isNotEmpty();
        // the bottleneck is the air: the access point's queue (its radio) overflows, the wired side does not
        assertThat(run.events(LinkEvents.DROP)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.node()).isEqualTo("home");
            assertThat(e.get(LinkEvents.REASON)).isEqualTo("queue-full");
        });
        // the laptop's interface: Ethernet-like, its queue the medium's (100 frames), its counters at 6 s
        List<String> laptop = run.terminal("laptop");
        int at = laptop.indexOf("2: wlan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo state UP mode DEFAULT group default qlen 100");
        assertThat(at).isPositive();
        assertThat(laptop.get(at + 2)).isEqualTo("    RX:  bytes packets errors dropped  missed   mcast           ");
        assertThat(Long.parseLong(laptop.get(at + 3).trim().split(" +")[1])).isGreaterThan(10); // the ping replies, at least
        // every byte of the 20 MB reached the TV, at a TCP rate below a lone UDP sender's 29.9 Mbit/s
        assertThat(run.world().node("tv").ip().iface("wlan0").link().channelFromB().counters().receivedBytes()).isGreaterThan(20_000_000);
        String done = run.terminal("tv").stream().filter(l -> l.startsWith("received 20000000 bytes in ")).findFirst()
                .orElseThrow();
        double mbps = Double.parseDouble(done.replaceAll(".*\\(([0-9.]+) Mbit/s\\).*", "$1"));
        assertThat(mbps).isBetween(20.0, 29.9);
    }

    @Test
    void tshark_decodes_the_wifi_captures_as_ethernet_with_nothing_malformed() throws Exception {
        Oracles.tshark();
        Path tv = run.dir().resolve("tv-wlan0.pcap");
        Path laptop = run.dir().resolve("laptop-wlan0.pcap");
        for (Path p : List.of(tv, laptop)) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "eth && !eth.type")).isZero();
        }
        assertThat(Tshark.count(tv, "tcp.dstport == 5001 && tcp.len == 1448")).isGreaterThan(10_000);
        List<Map<String, String>> echoes = Tshark.fields(laptop, "icmp.type == 8", "eth.type", "ip.dst");
        assertThat(echoes).hasSize(15).allSatisfy(r -> assertThat(r).containsEntry("eth.type", "0x0800")
                .containsEntry("ip.dst", "192.168.1.1"));
        assertThat(Tshark.count(laptop, "arp")).isPositive();
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
