package dev.minternet.services.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.services.httpcache.HttpCacheEvents;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/cdn.yaml end to end: each city's client is steered to its own edge, its first request
 * is a MISS and its second a HIT, the shield asks the origin once for both edges, ECS steers by
 * the subnet, a PURGE empties the edge; and, in a second run of the same world with pings, each
 * client's edge is the one with the smallest measured round trip.
 */
class CdnExampleTest {
    static final Path EXAMPLE = Path.of("examples/cdn.yaml");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void first_request_misses_then_hits_at_each_citys_own_edge() {
        List<String> paris = run.terminal("laptop-paris");
        List<String> tokyo = run.terminal("laptop-tokyo");
        assertThat(paris.get(0)).startsWith("200 MISS age= edge-paris ");
        assertThat(paris.get(1)).startsWith("200 HIT age=2 edge-paris ");
        assertThat(tokyo.get(0)).startsWith("200 MISS ").contains(" edge-tokyo ");
        assertThat(tokyo.get(1)).startsWith("200 HIT ").contains(" edge-tokyo ");
        double miss = Double.parseDouble(paris.get(0).substring(paris.get(0).lastIndexOf(' ') + 1));
        double hit = Double.parseDouble(paris.get(1).substring(paris.get(1).lastIndexOf(' ') + 1));
        assertThat(hit).as("a HIT is one round trip to the nearby edge (2 x 3 ms) plus the handshake").isLessThan(0.02);
        assertThat(miss).isGreaterThan(hit * 5);
    }

    @Test
    void the_shield_asks_the_origin_once_for_both_edges() {
        List<String> shield = run.events(e -> e.is(HttpCacheEvents.LOOKUP) && e.node().equals("shield")).stream()
                .map(e -> e.get(HttpCacheEvents.RESULT)).toList();
        assertThat(shield).containsExactly("MISS", "HIT", "HIT");
        assertThat(run.events(e -> e.is(HttpCacheEvents.STORE) && e.node().equals("shield"))).hasSize(1);
        assertThat(CdnEdges.of(run.world()).get("shield").cache().misses()).isEqualTo(1);
    }

    @Test
    void the_steering_server_answers_each_resolver_with_its_nearest_edge_and_honours_ecs() {
        List<String> steer = run.events(DnsEvents.STEER).stream()
                .map(e -> e.get(DnsEvents.LOCATION) + " -> " + e.get(DnsEvents.EDGE)).toList();
        assertThat(steer).containsExactly("resolver 10.1.2.53 -> edge-paris", "resolver 10.2.2.53 -> edge-tokyo",
                "ecs 10.2.1.0/24 -> edge-tokyo");
        List<String> paris = run.terminal("laptop-paris");
        assertThat(paris).contains("; CLIENT-SUBNET: 10.2.1.0/24/24", "static.cdn.example.net.\t20\tIN\tA\t10.2.3.10");
    }

    @Test
    void a_purge_empties_the_edge_and_the_next_request_misses_there() {
        List<String> paris = run.terminal("laptop-paris");
        assertThat(paris).contains("{\"status\":\"ok\",\"purged\":1}");
        assertThat(paris.get(paris.size() - 1)).startsWith("200 MISS ").contains(" edge-paris ");
        TraceEvent purge = run.events(e -> e.is(HttpCacheEvents.EVICT) && e.node().equals("edge-paris")).get(0);
        assertThat(purge.get(HttpCacheEvents.WHY)).isEqualTo("purge");
    }

    @Test
    void each_client_gets_the_edge_with_the_smallest_measured_round_trip() throws Exception {
        String yaml = Files.readString(EXAMPLE);
        String world = yaml.substring(0, yaml.indexOf("timeline:"));
        StringBuilder t = new StringBuilder(world).append("timeline:\n");
        int at = 1;
        for (String laptop : List.of("laptop-paris", "laptop-tokyo")) {
            for (String edge : List.of("10.1.3.10", "10.2.3.10")) {
                t.append("  - {at: ").append(at++).append("s, on: ").append(laptop).append(", run: \"ping -c 1 ").append(edge).append("\"}\n");
            }
            t.append("  - {at: ").append(at++).append("s, on: ").append(laptop).append(", run: \"dig +short static.example.com\"}\n");
        }
        Path copy = dir.resolve("ping");
        Files.createDirectories(copy);
        Runs.Result r = Runs.runIn(EXAMPLE.toAbsolutePath().getParent(), t.toString());
        Pattern rtt = Pattern.compile("from (\\S+): icmp_seq=1 ttl=\\d+ time=([0-9.]+) ms");
        for (String laptop : List.of("laptop-paris", "laptop-tokyo")) {
            String nearest = null;
            double best = Double.MAX_VALUE;
            for (String line : r.terminal(laptop)) {
                Matcher m = rtt.matcher(line);
                if (m.find() && Double.parseDouble(m.group(2)) < best) {
                    best = Double.parseDouble(m.group(2));
                    nearest = m.group(1);
                }
            }
            List<String> out = r.terminal(laptop);
            assertThat(nearest).as(laptop).isNotNull();
            assertThat(out).as(laptop + ": the steered answer is the edge ping found nearest").contains(nearest);
            assertThat(out.stream().filter(l -> l.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).toList()).as(laptop).containsExactly(nearest);
        }
    }

    @Test
    void tshark_decodes_http_through_the_cache_and_dns_with_ecs_with_nothing_malformed() {
        Oracles.tshark();
        Path laptop = run.dir().resolve("laptop-paris-eth0.pcap");
        Path edge = run.dir().resolve("edge-paris-eth0.pcap");
        for (Path p : List.of(laptop, edge)) {
            assertThat(Tshark.malformedCount(p)).as(p.toString()).isZero();
        }
        List<String> xcache = Tshark.fields(laptop, "http.response", "http.response.line").stream()
                .map(m -> m.get("http.response.line")).filter(l -> l.contains("X-Cache")).toList();
        assertThat(String.join("|", xcache)).contains("X-Cache: MISS").contains("X-Cache: HIT").contains("Age: 2");
        List<Map<String, String>> ecs = Tshark.fields(laptop, "dns.opt.client.family", "dns.flags.response", "dns.opt.client.addr4",
                "dns.opt.client.netmask", "dns.opt.client.scope", "dns.a");
        assertThat(ecs).hasSize(2);
        assertThat(ecs.get(0)).containsEntry("dns.opt.client.addr4", "10.2.1.0").containsEntry("dns.opt.client.netmask", "24")
                .containsEntry("dns.opt.client.scope", "0");
        assertThat(ecs.get(1)).containsEntry("dns.opt.client.scope", "24").containsEntry("dns.a", "10.2.3.10");
        // Wireshark's HTTP dissector does not know the PURGE method (Varnish's), so the request is plain TCP payload to it
        assertThat(Tshark.count(edge, "tcp.payload contains \"PURGE /logo.svg HTTP/1.1\\r\\nHost: static.example.com\"")).isEqualTo(1);
    }
}
