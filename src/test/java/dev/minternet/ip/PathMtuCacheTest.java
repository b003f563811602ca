package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host keeps the path MTU a "fragmentation needed" taught it, per destination, for 10 minutes
 * (Linux's route exceptions, net.ipv4.route.mtu_expires). The expected lines are what Linux 6.x
 * with iputils ping 20221126 and iproute2 6.1 printed on the same topology built from network
 * namespaces (a veth pair of MTU 1500, then one of MTU 576): the first {@code -M do} request draws
 * the router's error, the next ones fail locally with the learnt MTU, and plain pings are
 * fragmented to it at the source.
 */
class PathMtuCacheTest {
    static final String NARROW = """
            name: narrow
            routing: global
            nodes: [{name: laptop, kind: host}, {name: edge, kind: router}, {name: server, kind: host}]
            links:
              - {a: laptop 10.0.0.1/24, b: edge 10.0.0.2/24, delay: 1ms}
              - {a: edge 10.0.1.1/24, b: server 10.0.1.2/24, delay: 1ms, mtu: 576}
            timeline:
              - {at: 1s, on: laptop, run: "ip route get 10.0.1.2"}
              - {at: 2s, on: laptop, run: "ping -c 3 -M do -s 1400 10.0.1.2"}
              - {at: 6s, on: laptop, run: "ip route get 10.0.1.2"}
              - {at: 7s, on: laptop, run: "ping -c 2 -s 1400 10.0.1.2"}
              - {at: 700s, on: laptop, run: "ip route get 10.0.1.2"}
              - {at: 701s, on: laptop, run: "ping -c 1 -M do -s 1400 10.0.1.2"}
            """;

    @Test
    void after_frag_needed_the_next_probes_fail_locally_and_ip_route_get_shows_the_cached_mtu(@TempDir Path dir)
            throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("narrow.yaml", NARROW), dir, true);
        // iproute2 ends both lines of ip route get with a space; compared without trailing blanks,
        // which the run's terminal output drops.
        List<String> t = r.terminal("laptop").stream().map(String::stripTrailing).toList();
        assertThat(t.subList(0, 13)).containsExactly(Stream.of(
                "10.0.1.2 via 10.0.0.2 dev eth0 src 10.0.0.1 uid 0 ",
                "    cache ",
                "PING 10.0.1.2 (10.0.1.2) 1400(1428) bytes of data.",
                "From 10.0.0.2 icmp_seq=1 Frag needed and DF set (mtu = 576)",
                "ping: local error: message too long, mtu=576",
                "ping: local error: message too long, mtu=576",
                "",
                "--- 10.0.1.2 ping statistics ---",
                "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2000ms",
                "",
                "10.0.1.2 via 10.0.0.2 dev eth0 src 10.0.0.1 uid 0 ",
                "    cache expires 596sec mtu 576 ",
                "PING 10.0.1.2 (10.0.1.2) 1400(1428) bytes of data.").map(String::stripTrailing).toArray(String[]::new));
        assertThat(t.get(13)).startsWith("1408 bytes from 10.0.1.2: icmp_seq=1 ttl=63 time=");
        assertThat(t).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
        // Ten minutes later the exception has expired: the router is asked again.
        int late = t.lastIndexOf("    cache");
        assertThat(late).isGreaterThan(13);
        assertThat(t.subList(late + 1, t.size())).startsWith(
                "PING 10.0.1.2 (10.0.1.2) 1400(1428) bytes of data.",
                "From 10.0.0.2 icmp_seq=1 Frag needed and DF set (mtu = 576)");

        Oracles.tshark();
        Path pcap = dir.resolve("laptop-eth0.pcap");
        Tshark.assertClean(pcap);
        // Plain pings after the error leave in 576-byte pieces without DF, as Linux fragments them.
        // Every other request from the laptop is a whole 1428-byte one with DF (-M do).
        assertThat(Tshark.fields(pcap, "ip.src == 10.0.0.1 && ip.len == 1428 && !(icmp.type == 3)", "ip.flags.df"))
                .extracting(m -> m.get("ip.flags.df")).containsExactly("1", "1");
        List<Map<String, String>> out = Tshark.fields(pcap, "ip.src == 10.0.0.1 && ip.len != 1428 && !(icmp.type == 3)",
                "ip.len", "ip.flags.df", "ip.frag_offset");
        assertThat(out).extracting(m -> m.get("ip.len")).containsExactly("572", "572", "324", "572", "572", "324");
        assertThat(out).extracting(m -> m.get("ip.flags.df")).containsOnly("0");
    }

    @Test
    void the_cache_follows_linux_update_rules() {
        PathMtuCache c = new PathMtuCache();
        assertThat(c.learn(1, 1400, 1500, 0)).isTrue();
        assertThat(c.get(1, 0).mtu()).isEqualTo(1400);
        assertThat(c.learn(1, 1450, 1400, 0)).as("a larger report changes nothing").isFalse();
        assertThat(c.learn(2, 0, 1500, 0)).as("an old router's 0 locks min_pmtu").isTrue();
        assertThat(c.get(2, 0)).isEqualTo(new PathMtuCache.Entry(552, PathMtuCache.EXPIRES_NS, true));
        assertThat(c.learn(2, 300, 552, 1)).as("a locked entry stays").isFalse();
        assertThat(c.get(1, PathMtuCache.EXPIRES_NS)).as("expired after 600 s").isNull();
        for (int i = 0; i < PathMtuCache.MAX_ENTRIES + 10; i++) {
            c.learn(100 + i, 1000, 1500, 1);
        }
        assertThat(c.live(1)).hasSize(PathMtuCache.MAX_ENTRIES);
    }
}
