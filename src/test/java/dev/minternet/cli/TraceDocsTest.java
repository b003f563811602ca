package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docs/trace.md} is what the event catalogs generate: every layer, kind and field, with units. */
class TraceDocsTest {
    static final Path DOC = Path.of("docs/trace.md");

    @Test
    void docs_trace_md_is_what_the_catalogs_generate() throws Exception {
        String expected = TraceDocs.markdown(EventCatalogs.ALL);
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/trace.md is stale: regenerate it with java -cp target/classes dev.minternet.cli.TraceDocs docs/trace.md")
                .isEqualTo(expected);
    }

    @Test
    void every_layer_kind_and_field_is_documented_with_its_unit() {
        String md = TraceDocs.markdown(EventCatalogs.ALL);
        for (Catalog c : EventCatalogs.ALL) {
            assertThat(md).contains("\n## " + c.layer() + "\n");
            for (EventType t : c.events()) {
                assertThat(md).contains("| `" + t.kind() + "` | ", " | " + t.doc() + " |");
                for (Field<?> f : t.fields()) {
                    assertThat(md).contains("| `" + f.name() + "` | " + f.type().docName() + " | " + f.unit().symbol() + " | ");
                }
            }
        }
    }

    @Test
    void a_new_field_changes_the_document() {
        Catalog demo = new Catalog("demo", "a layer for this test");
        Field<Long> len = Field.integer("len", Unit.BYTES, "payload length");
        Field<String> why = Field.text("why", "what happened");
        demo.event("drop", "a datagram is dropped", len, why.optional());
        String md = TraceDocs.markdown(List.of(demo));
        assertThat(md).contains("- [`demo`](#demo): a layer for this test", "| `drop` | `len`, `why?` | a datagram is dropped |",
                "| `len` | integer | bytes | payload length |", "| `why` | text |  | what happened |");
        demo.event("retry", "sent again", len);
        assertThat(TraceDocs.markdown(List.of(demo))).isNotEqualTo(md).contains("| `retry` | `len` | sent again |");
    }
}
