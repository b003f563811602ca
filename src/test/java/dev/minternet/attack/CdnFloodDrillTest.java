package dev.minternet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An HTTP flood of a cacheable page (the static web server's max-age=60) straight at the origin,
 * then at a CDN edge in front of it: the edge answers from its cache and the origin's narrow link
 * stays free for the legitimate client.
 */
class CdnFloodDrillTest {
    static final String WORLD = """
            name: cdn-flood
            seed: 5
            routing: global
            duration: 8s
            nodes:
              - {name: client, kind: host}
              - {name: r, kind: router}
              - {name: edge, kind: host, services: [{type: cdn, origin: origin:80, cache: {size: 10MB}}]}
              - {name: origin, kind: host, services: [{type: web, port: 80, root: cdn-site}]}
              - {name: bots, kind: router}
              - {name: bot1, kind: host}
              - {name: bot2, kind: host}
              - {name: bot3, kind: host}
              - {name: bot4, kind: host}
            links:
              - {a: client 192.168.1.10/24, b: r 192.168.1.1/24, bandwidth: 100Mbps, delay: 5ms}
              - {a: r 10.0.1.1/24, b: edge 10.0.1.2/24, bandwidth: 1Gbps, delay: 1ms}
              - {a: r 10.0.2.1/24, b: origin 10.0.2.2/24, bandwidth: 2Mbps, delay: 10ms, queue: 50}
              - {a: r 100.64.2.1/30, b: bots 100.64.2.2/30, bandwidth: 10Gbps, delay: 5ms}
              - {a: bots 10.66.1.1/24, b: bot1 10.66.1.10/24, bandwidth: 100Mbps, delay: 1ms}
              - {a: bots 10.66.2.1/24, b: bot2 10.66.2.10/24, bandwidth: 100Mbps, delay: 1ms}
              - {a: bots 10.66.3.1/24, b: bot3 10.66.3.10/24, bandwidth: 100Mbps, delay: 1ms}
              - {a: bots 10.66.4.1/24, b: bot4 10.66.4.10/24, bandwidth: 100Mbps, delay: 1ms}
            attacks:
              victim: origin
              probe: {from: client, url: "http://HOST/index.html", every: 100ms, timeout: 3s}
              floods:
                - {name: get, type: http-flood, bots: [bot1, bot2, bot3, bot4], url: "http://HOST/index.html", rate: 800,
                   start: 2s, duration: 4s, timeout: 3s}
            """;

    static List<TraceEvent> run(String host) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("examples/cdn-flood.yaml", WORLD.replace("HOST", host)), null, false);
        return r.events(AttackEvents.TICK);
    }

    static long sum(List<TraceEvent> rows, dev.minternet.trace.Field<Long> f, int from, int to) {
        return rows.subList(from, to + 1).stream().mapToLong(e -> e.num(f)).sum();
    }

    @Test
    void the_edge_absorbs_the_cacheable_flood_that_fills_the_origins_link() throws Exception {
        List<TraceEvent> direct = run("origin");
        List<TraceEvent> cdn = run("edge");
        assertThat(sum(direct, AttackEvents.SENT, 0, 7)).isEqualTo(3200);
        assertThat(sum(cdn, AttackEvents.SENT, 0, 7)).isEqualTo(3200);
        // Straight at the origin nothing is cached: every answer crosses its 2 Mbit/s link.
        assertThat(sum(direct, AttackEvents.CACHE_HITS, 0, 7)).isZero();
        // Through the edge, the first request misses (and any sent before its answer came back);
        // the rest are hits, and the origin sees almost nothing.
        long hits = sum(cdn, AttackEvents.CACHE_HITS, 0, 7);
        assertThat(hits).isGreaterThan(3200 - 50);
        assertThat(hits + sum(cdn, AttackEvents.ORIGIN_OK, 0, 7)).isEqualTo(3200);
        assertThat(sum(cdn, AttackEvents.VICTIM_BYTES, 2, 5) * 20).isLessThan(sum(direct, AttackEvents.VICTIM_BYTES, 2, 5));
        for (int s = 0; s < 7; s++) {
            assertThat(cdn.get(s).num(AttackEvents.LEGIT_OK)).as("second " + s).isEqualTo(10);
        }
        // The legitimate client's p99 during the flood: the origin's full link queues it.
        double directP99 = direct.stream().skip(3).limit(3).mapToDouble(e -> e.get(AttackEvents.P99_MS)).max().orElseThrow();
        double cdnP99 = cdn.stream().skip(3).limit(3).mapToDouble(e -> e.get(AttackEvents.P99_MS)).max().orElseThrow();
        assertThat(directP99).isGreaterThan(3 * cdnP99);
        assertThat(sum(direct, AttackEvents.LINK_DROPS, 2, 6)).isPositive();
    }
}
