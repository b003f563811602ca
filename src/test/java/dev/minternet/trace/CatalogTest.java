package dev.minternet.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed contract: event types check what emitters pass, and shapes that could be confused are refused. */
class CatalogTest {
    final Catalog demo = new Catalog("demo", "a layer for these tests");
    final Field<String> src = Field.text("src", "a source");
    final Field<Long> len = Field.integer("len", Unit.BYTES, "a length");
    final Field<String> detail = Field.text("detail", "a detail");

    @Test
    void check_names_the_value_that_does_not_fit() {
        EventType drop = demo.event("drop", "a drop", src, len);
        assertThat(drop.check(new Object[] {"10.0.0.1", 60})).isNull();
        assertThat(drop.check(new Object[] {"10.0.0.1", 60L})).isNull();
        assertThat(drop.check(new Object[] {"10.0.0.1"})).isEqualTo("demo drop: 1 values for 2 fields [src, len]");
        assertThat(drop.check(new Object[] {"10.0.0.1", "60"})).isEqualTo("demo drop: field len: expected integer, got String 60");
        assertThat(drop.check(new Object[] {null, 60})).isEqualTo("demo drop: field src is null but not optional");
        assertThat(drop.check(new Object[] {"10.0.0.1", 1.5})).contains("expected integer, got Double 1.5");
    }

    @Test
    void two_shapes_of_one_kind_must_differ_in_their_fields() {
        demo.event("drop", "one shape", src, len);
        demo.event("drop", "another shape", src, detail);
        assertThatThrownBy(() -> demo.event("drop", "the first again", src, len)).hasMessageContaining("could not tell them apart");
        assertThatThrownBy(() -> demo.event("drop", "a superset with optional", src, len, detail.optional()))
                .hasMessageContaining("could not tell them apart");
    }

    @Test
    void a_field_twice_or_a_reserved_name_is_refused() {
        assertThatThrownBy(() -> demo.event("x", "doc", src, src)).hasMessageContaining("field src twice");
        assertThatThrownBy(() -> Field.text("node", "doc")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Field.integer("t", Unit.NONE, "doc")).hasMessageContaining("reserved");
    }

    @Test
    void reading_a_field_the_type_does_not_have_is_an_error_not_a_null() {
        EventType drop = demo.event("drop", "a drop", src, len);
        TraceEvent e = new TraceEvent(0, "n", drop, new Object[] {"a", 1});
        assertThatThrownBy(() -> e.get(detail)).hasMessage("demo drop has no field detail [src, len]");
    }

    @Test
    void a_schema_refuses_two_catalogs_for_one_layer() {
        assertThatThrownBy(() -> TraceSchema.of(List.of(demo, new Catalog("demo", "again"))))
                .hasMessageContaining("two catalogs for layer demo");
    }

    @Test
    void the_test_suite_checks_every_emission() {
        // surefire sets minternet.trace.check=true, so a misfit emission fails the test that makes it
        assertThat(Trace.CHECK).isTrue();
        EventType drop = demo.event("drop", "a drop", src, len);
        Trace t = new Trace(new Simulator(1));
        List<TraceEvent> seen = new ArrayList<>();
        t.subscribe(seen::add);
        t.emit("n", drop, "10.0.0.1", 60);
        assertThat(seen).singleElement().satisfies(e -> assertThat(e.num(len)).isEqualTo(60));
        assertThatThrownBy(() -> t.emit("n", drop, "10.0.0.1", "sixty"))
                .hasMessage("trace emission does not fit its type: demo drop: field len: expected integer, got String sixty");
    }
}
