package dev.minternet.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
    @Test
    void reads_back_what_the_sink_writes() {
        TraceEvent e = new TraceEvent(1234, "a", "tcp", "cwnd", new Object[] {"conn", "x\"y\\z\n", "cwnd", 14480,
                "srtt_ms", 1.5, "sack", true, "none", null});
        TraceEvent back = JsonLinesReader.parse(JsonLinesSink.toJson(e));
        assertThat(back.time()).isEqualTo(1234);
        assertThat(back.node()).isEqualTo("a");
        assertThat(back.str("conn")).isEqualTo("x\"y\\z\n");
        assertThat(back.num("cwnd")).isEqualTo(14480);
        assertThat(back.get("srtt_ms")).isEqualTo(1.5);
        assertThat(back.get("sack")).isEqualTo(true);
        assertThat(back.get("none")).isNull();
        assertThat(JsonLinesSink.toJson(back)).isEqualTo(JsonLinesSink.toJson(e));
    }

    @Test
    void garbage_is_rejected_with_a_column() {
        assertThatThrownBy(() -> JsonLinesReader.parse("{\"t\":1,")).hasMessageContaining("column");
        assertThatThrownBy(() -> JsonLinesReader.parse("{\"t\":1}")).hasMessageContaining("needs t, node, layer, kind");
    }
}
