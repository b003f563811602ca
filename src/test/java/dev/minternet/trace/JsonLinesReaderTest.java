package dev.minternet.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
    static final Catalog DEMO = new Catalog("demo", "a layer for these tests");
    static final Field<String> CONN = Field.text("conn", "a text");
    static final Field<Long> CWND = Field.integer("cwnd", Unit.BYTES, "an integer");
    static final Field<Double> SRTT = Field.real("srtt_ms", Unit.MILLISECONDS, "a real");
    static final Field<Boolean> SACK = Field.flag("sack", "a flag");
    static final Field<String> ERROR = Field.text("error", "an optional text");
    static final EventType CWND_EVENT = DEMO.event("cwnd", "all four kinds of value", CONN, CWND, SRTT, SACK);
    static final EventType RESULT = DEMO.event("result", "a field that only failures carry", CWND, ERROR.optional());
    static final TraceSchema SCHEMA = TraceSchema.of(List.of(DEMO));

    @Test
    void writes_strings_in_the_trace_form_or_the_script_safe_form_and_reads_both_back_the_same() {
        String s = "a\b\f\u2028\u2029\u0001\"\\\n\r\t";
        StringBuilder trace = new StringBuilder();
        JsonLinesSink.str(trace, s);
        assertThat(trace.toString()).isEqualTo("\"a\\u0008\\u000c\u2028\u2029\\u0001\\\"\\\\\\n\\r\\t\"");
        StringBuilder web = new StringBuilder();
        JsonLinesSink.str(web, s, true);
        assertThat(web.toString()).isEqualTo("\"a\\b\\f\\u2028\\u2029\\u0001\\\"\\\\\\n\\r\\t\"");
        for (String json : List.of(trace.toString(), web.toString())) {
            TraceEvent back = JsonLinesReader.parse("{\"t\":1,\"node\":" + json + ",\"layer\":\"demo\",\"kind\":\"result\","
                    + "\"cwnd\":1}", SCHEMA);
            assertThat(back.node()).isEqualTo(s);
        }
    }

    @Test
    void reads_back_what_the_sink_writes_with_the_same_typed_fields() {
        TraceEvent e = new TraceEvent(1234, "a", CWND_EVENT, new Object[] {"x\"y\\z\n", 14480, 1.5, true});
        String json = JsonLinesSink.toJson(e);
        assertThat(json).isEqualTo("{\"t\":1234,\"node\":\"a\",\"layer\":\"demo\",\"kind\":\"cwnd\",\"conn\":\"x\\\"y\\\\z\\n\","
                + "\"cwnd\":14480,\"srtt_ms\":1.5,\"sack\":true}");
        TraceEvent back = JsonLinesReader.parse(json, SCHEMA);
        assertThat(back.time()).isEqualTo(1234);
        assertThat(back.node()).isEqualTo("a");
        assertThat(back.is(CWND_EVENT)).isTrue();
        assertThat(back.get(CONN)).isEqualTo("x\"y\\z\n");
        // live: an Integer; read back: a Long; typed reads give a Long either way
        assertThat(e.get(CWND)).isEqualTo(14480L);
        assertThat(back.get(CWND)).isEqualTo(14480L);
        assertThat(back.num(CWND)).isEqualTo(14480);
        assertThat(back.get(SRTT)).isEqualTo(1.5);
        assertThat(back.get(SACK)).isTrue();
        assertThat(JsonLinesSink.toJson(back)).isEqualTo(json);
    }

    @Test
    void an_optional_field_left_out_is_not_written_and_reads_back_as_absent() {
        TraceEvent ok = new TraceEvent(1, "db", RESULT, new Object[] {3, null});
        TraceEvent failed = new TraceEvent(2, "db", RESULT, new Object[] {0, "42P01"});
        assertThat(JsonLinesSink.toJson(ok)).endsWith("\"kind\":\"result\",\"cwnd\":3}");
        assertThat(JsonLinesSink.toJson(failed)).endsWith("\"cwnd\":0,\"error\":\"42P01\"}");
        TraceEvent back = JsonLinesReader.parse(JsonLinesSink.toJson(ok), SCHEMA);
        assertThat(back.is(RESULT)).isTrue();
        assertThat(back.has(ERROR)).isFalse();
        assertThat(back.get(ERROR)).isNull();
        assertThat(JsonLinesReader.parse(JsonLinesSink.toJson(failed), SCHEMA).get(ERROR)).isEqualTo("42P01");
    }

    @Test
    void a_number_where_text_belongs_fails_on_read_with_the_field_named() {
        TraceEvent bad = JsonLinesReader.parse("{\"t\":1,\"node\":\"a\",\"layer\":\"demo\",\"kind\":\"cwnd\",\"conn\":7,"
                + "\"cwnd\":\"many\",\"srtt_ms\":2,\"sack\":false}", SCHEMA);
        assertThat(bad.is(CWND_EVENT)).isTrue();
        assertThatThrownBy(() -> bad.get(CONN)).hasMessage("field conn: expected text, got Long 7");
        assertThatThrownBy(() -> bad.get(CWND)).hasMessage("field cwnd: expected integer, got String many");
        assertThat(bad.get(SRTT)).as("an integral JSON number is a fine real").isEqualTo(2.0);
    }

    @Test
    void an_event_no_catalog_knows_stays_untyped_and_round_trips() {
        String line = "{\"t\":5,\"node\":\"x\",\"layer\":\"demo\",\"kind\":\"cwnd\",\"conn\":\"c\",\"extra\":null}";
        TraceEvent e = JsonLinesReader.parse(line, SCHEMA);
        assertThat(e.is(CWND_EVENT)).isFalse();
        assertThat(e.type().catalog()).isNull();
        assertThatThrownBy(() -> e.get(CONN)).hasMessageContaining("has no field conn");
        assertThat(JsonLinesSink.toJson(e)).isEqualTo(line);
    }

    @Test
    void garbage_is_rejected_with_a_column() {
        assertThatThrownBy(() -> JsonLinesReader.parse("{\"t\":1,", SCHEMA)).hasMessageContaining("column");
        assertThatThrownBy(() -> JsonLinesReader.parse("{\"t\":1}", SCHEMA)).hasMessageContaining("needs t, node, layer, kind");
    }
}
