package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protocol's slower machinery on a line of three routers r1 - r2 - r3: retransmission over a
 * lossy link, refreshing at LSRefreshTime, flushing a dead router's LSA at MaxAge, and a rebooted
 * router advancing past the sequence numbers of its earlier life.
 */
class OspfProtocolTest {
    static String line(String middleLink, String duration, String timeline) {
        return """
                name: line
                seed: 9
                duration: %s
                nodes:
                  - {name: r1, kind: router, ospf: {router-id: 10.255.0.1}}
                  - {name: r2, kind: router, ospf: {router-id: 10.255.0.2}}
                  - {name: r3, kind: router, ospf: {router-id: 10.255.0.3}}
                links:
                  - {a: r1 10.0.12.1/24, b: r2 10.0.12.2/24, delay: 1ms}
                  - {a: r2 10.0.23.2/24, b: r3 10.0.23.3/24, delay: 1ms%s}
                timeline:
                %s""".formatted(duration, middleLink, timeline);
    }

    @Test
    void over_a_lossy_link_lsas_are_retransmitted_until_acknowledged_and_the_databases_agree() {
        Runs.Result r = Runs.run(line(", loss: 25%", "200s", "  - {at: 100s, fail-link: r1--r2}\n  - {at: 110s, restore-link: r1--r2}\n"));
        assertThat(r.events(OspfEvents.RETRANSMIT)).isNotEmpty();
        List<String> db = r.world().node("r1").service(Ospf.class).databaseContents();
        assertThat(db).hasSize(3);
        assertThat(r.world().node("r2").service(Ospf.class).databaseContents()).isEqualTo(db);
        assertThat(r.world().node("r3").service(Ospf.class).databaseContents()).isEqualTo(db);
        assertThat(r.world().node("r3").service(Ospf.class).neighbors()).extracting(Ospf.NeighborView::state)
                .containsExactly("Full");
    }

    @Test
    void own_lsas_are_refreshed_every_30_minutes_and_a_dead_routers_lsa_is_flushed_at_max_age() {
        Runs.Result r = Runs.run(line("", "4000s", "  - {at: 60s, crash: r3}\n"));
        List<TraceEvent> refresh = r.events(e -> e.is(OspfEvents.ORIGINATE) && e.node().equals("r1")
                && e.get(OspfEvents.REASON).equals("refresh"));
        assertThat(refresh).isNotEmpty();
        TraceEvent last = r.events(e -> e.is(OspfEvents.ORIGINATE) && e.node().equals("r1")
                && !e.get(OspfEvents.REASON).equals("refresh")).stream().reduce((a, b) -> b).orElseThrow();
        assertThat(refresh.get(0).time() - last.time()).isEqualTo(1800L * Ospf.SEC);
        // r3's last LSA reached r1 before the crash; nobody refreshes it, so it reaches MaxAge and goes
        TraceEvent installed = r.events(e -> e.is(OspfEvents.INSTALL) && e.node().equals("r1")
                && e.get(OspfEvents.LSA).equals("router 10.255.0.3 10.255.0.3") && e.num(OspfEvents.AGE) < Lsa.MAX_AGE)
                .stream().reduce((a, b) -> b).orElseThrow();
        List<TraceEvent> flush = r.events(e -> e.is(OspfEvents.FLUSH) && e.node().equals("r1"));
        assertThat(flush).extracting(e -> e.get(OspfEvents.LSA)).containsExactly("router 10.255.0.3 10.255.0.3");
        assertThat(flush.get(0).time() - installed.time()).isEqualTo((Lsa.MAX_AGE - installed.num(OspfEvents.AGE)) * Ospf.SEC);
        // r2 learns of the flush from r1's MaxAge flood, before its own copy would have aged out
        assertThat(r.events(e -> e.is(OspfEvents.FLUSH) && e.node().equals("r2"))).hasSize(1);
        assertThat(r.world().node("r1").service(Ospf.class).databaseContents()).hasSize(2);
    }

    @Test
    void a_rebooted_router_originates_past_the_sequence_number_of_its_earlier_life() {
        Runs.Result r = Runs.run(line("", "200s", "  - {at: 60s, crash: r3}\n  - {at: 70s, restore: r3}\n"));
        List<TraceEvent> r3 = r.events(e -> e.is(OspfEvents.ORIGINATE) && e.node().equals("r3"));
        long before = r3.stream().filter(e -> e.time() < 60 * Ospf.SEC).mapToLong(e -> e.num(OspfEvents.SEQ)).max()
                .orElseThrow();
        assertThat(r3).anyMatch(e -> e.get(OspfEvents.REASON).equals("newer self-originated LSA received"));
        TraceEvent lastOrigin = r3.get(r3.size() - 1);
        assertThat(lastOrigin.num(OspfEvents.SEQ)).isGreaterThan(before);
        List<String> db = r.world().node("r1").service(Ospf.class).databaseContents();
        assertThat(r.world().node("r3").service(Ospf.class).databaseContents()).isEqualTo(db);
    }
}
