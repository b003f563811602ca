package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.app.CacheEvents;
import dev.minternet.services.db.DbEvents;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The application's Redis cache on the visit's way: the first visit misses (the database answers
 * and the answer is stored with its TTL), the second hits (the database is not asked), and the
 * narration and the sequence diagram say which, with the times the trace measured.
 */
class VisitCacheTest {
    @Test
    void the_first_visit_misses_and_fills_the_cache_and_the_second_hits_it() throws Exception {
        VisitTest.Run r = VisitTest.run(2, null, 0, Durations.S);
        List<TraceEvent> misses = r.events().stream().filter(e -> e.is(CacheEvents.MISS)).toList();
        List<TraceEvent> hits = r.events().stream().filter(e -> e.is(CacheEvents.HIT)).toList();
        TraceEvent fill = r.events().stream().filter(e -> e.is(CacheEvents.FILL)).findFirst().orElseThrow();
        assertThat(misses).hasSize(1);
        assertThat(hits).hasSize(1);
        long queries = r.events().stream().filter(e -> e.is(DbEvents.QUERY)).count();

        String first = String.join("\n", Narrator.render(r.visits().get(0), true));
        String second = String.join("\n", Narrator.render(r.visits().get(1), true));
        TraceEvent miss = misses.get(0);
        TraceEvent hit = hits.get(0);
        assertThat(first).contains("app cache miss in redis: " + miss.get(CacheEvents.KEY) + " after "
                        + Narrator.ms(miss.num(CacheEvents.LOOKUP_NS)) + ", asking the database")
                .contains("app stores the answer in redis for " + fill.num(CacheEvents.TTL_S) + " s (174 B)")
                .contains("rows in").doesNotContain("cache hit");
        assertThat(second).contains("app cache hit in redis: " + hit.get(CacheEvents.KEY) + ", 174 B in "
                        + Narrator.ms(hit.num(CacheEvents.LOOKUP_NS)) + " (the database is not asked; on the miss it took "
                        + Narrator.ms(fill.time() - miss.time()) + " to get the answer from it)")
                .doesNotContain("cache miss").doesNotContain("rows in");
        assertThat(queries).as("only the first visit reaches the database").isEqualTo(1);
    }

    @Test
    void the_sequence_diagram_draws_the_redis_commands_and_their_answers() throws Exception {
        VisitTest.Run r = VisitTest.run(2, null, 0, Durations.S);
        List<Diagram.Msg> first = Diagram.messages(r.events(), "laptop", r.visits().get(0), java.util.Map.of());
        List<Diagram.Msg> second = Diagram.messages(r.events(), "laptop", r.visits().get(1), java.util.Map.of());
        assertThat(first).extracting(Diagram.Msg::label).contains("miss").anyMatch(l -> l.startsWith("GET cache:/api/users"))
                .anyMatch(l -> l.startsWith("SET cache:/api/users"));
        assertThat(second).extracting(Diagram.Msg::label).contains("hit, 174 B").noneMatch(l -> l.startsWith("SET "));
        assertThat(second).filteredOn(m -> m.label().equals("hit, 174 B")).extracting(Diagram.Msg::from, Diagram.Msg::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("redis", "app"));
    }
}
