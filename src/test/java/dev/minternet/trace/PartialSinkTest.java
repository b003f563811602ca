package dev.minternet.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sink of some types (a world's warm-up counting its routers' adjacencies and sessions) leaves the trace off for the rest. */
class PartialSinkTest {
    final Catalog demo = new Catalog("demo", "a layer for these tests");
    final Field<String> src = Field.text("src", "a source");
    final EventType up = demo.event("up", "a session up", src);
    final EventType packet = demo.event("packet", "a packet", src);
    final Trace t = new Trace(new Simulator(1));

    @Test
    void a_partial_sink_takes_its_types_only_and_does_not_turn_the_trace_on() {
        List<TraceEvent> some = new ArrayList<>();
        int[] hooks = {0};
        t.whenEnabled(() -> hooks[0]++);
        t.subscribe(some::add, up);
        assertThat(t.enabled()).isFalse();
        assertThat(hooks[0]).isZero();
        assertThat(t.wants(up)).isTrue();
        assertThat(t.wants(packet)).isFalse();
        t.emit("r1", up, "a");
        t.emit("r1", packet, "b");
        assertThat(some).extracting(e -> e.get(src)).containsExactly("a");
    }

    @Test
    void with_the_trace_on_both_kinds_of_sink_get_what_they_take_in_emission_order() {
        List<String> seen = new ArrayList<>();
        t.subscribe(e -> seen.add("some " + e.get(src)), up);
        t.subscribe(e -> seen.add("all " + e.get(src)));
        assertThat(t.enabled()).isTrue();
        assertThat(t.wants(packet)).isTrue();
        t.emit("r1", packet, "b");
        t.emit("r1", up, "a");
        assertThat(seen).containsExactly("all b", "all a", "some a");
    }

    @Test
    void an_unsubscribed_partial_sink_gets_nothing_more() {
        List<TraceEvent> some = new ArrayList<>();
        TraceSink sink = some::add;
        t.subscribe(sink, up);
        t.emit("r1", up, "a");
        t.unsubscribe(sink);
        assertThat(t.wants(up)).isFalse();
        t.emit("r1", up, "b");
        assertThat(some).hasSize(1);
    }
}
