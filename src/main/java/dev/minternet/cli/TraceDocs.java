package dev.minternet.cli;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code docs/trace.md} from the event catalogs ({@link EventCatalogs#ALL}): every layer,
 * kind and field with its JSON type, unit and meaning, in emission order. The document is never
 * edited by hand; {@code TraceDocsTest} fails when it differs from what the catalogs generate.
 * Regenerate it after a build with {@code java -cp target/classes dev.minternet.cli.TraceDocs docs/trace.md}.
 */
public final class TraceDocs {
    private TraceDocs() {
    }

    /** Writes the document to the file named by {@code args[0]} (default {@code docs/trace.md}). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/trace.md");
        Files.writeString(out, markdown(EventCatalogs.ALL), StandardCharsets.UTF_8);
    }

    /** The document for {@code catalogs}. */
    static String markdown(List<Catalog> catalogs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Trace events\n\n")
                .append("<!-- Generated from the event catalogs by dev.minternet.cli.TraceDocs; do not edit by hand.\n")
                .append("     Regenerate: java -cp target/classes dev.minternet.cli.TraceDocs docs/trace.md -->\n\n")
                .append("`minternet run --trace FILE` and `minternet visit --trace FILE` write one JSON object per line.\n")
                .append("Every line starts with `t` (simulated time, ns), `node` (the node's name), `layer` and `kind`;\n")
                .append("the event's fields follow in the order listed here. A field marked `?` is left out when it\n")
                .append("does not apply. Text is JSON strings, integers are JSON numbers without a fraction,\n")
                .append("reals are JSON numbers, flags are `true`/`false`.\n\n")
                .append("Each layer declares its events once, in its package's `*Events` catalog; emitters pass the\n")
                .append("event type and its values to `Trace.emit`, and every reader (the `visit` narrator, the sequence\n")
                .append("diagram, the HTML report, `plot`, the tests) tests events by type and reads fields by the same\n")
                .append("constants, so renaming a field fails to compile. Several event types may share a layer and\n")
                .append("kind when the event's shape depends on what happened; their fields differ, which is how a\n")
                .append("trace read back tells them apart.\n\n")
                .append("To add an event: declare its fields (`Field.text`, `Field.integer` with a `Unit`, `Field.real`,\n")
                .append("`Field.flag`) and the `EventType` in the layer's catalog (`CATALOG.event(kind, doc, fields...)`),\n")
                .append("emit it with `trace.emit(node, XEvents.KIND, values...)`, and regenerate this file. A new layer\n")
                .append("adds a `Catalog` and one line in `cli/EventCatalogs`.\n\n")
                .append("## Layers\n\n");
        for (Catalog c : catalogs) {
            sb.append("- [`").append(c.layer()).append("`](#").append(anchor(c.layer())).append("): ").append(c.doc()).append('\n');
        }
        for (Catalog c : catalogs) {
            sb.append("\n## ").append(c.layer()).append("\n\n").append(c.doc()).append("\n\n");
            sb.append("| kind | fields, in order (`?` optional) | when |\n|---|---|---|\n");
            Map<String, List<Field<?>>> fields = new LinkedHashMap<>();
            for (EventType t : c.events()) {
                StringBuilder names = new StringBuilder();
                for (int i = 0; i < t.fieldCount(); i++) {
                    Field<?> f = t.field(i);
                    names.append(i == 0 ? "" : ", ").append('`').append(f.name()).append(t.isOptional(i) ? "?" : "").append('`');
                    List<Field<?>> same = fields.computeIfAbsent(f.name(), k -> new ArrayList<>());
                    if (!same.contains(f)) {
                        same.add(f);
                    }
                }
                sb.append("| `").append(t.kind()).append("` | ").append(names).append(" | ").append(cell(t.doc())).append(" |\n");
            }
            if (!fields.isEmpty()) {
                sb.append("\n| field | type | unit | meaning |\n|---|---|---|---|\n");
                for (List<Field<?>> same : fields.values()) {
                    for (Field<?> f : same) {
                        sb.append("| `").append(f.name()).append("` | ").append(f.type().docName()).append(" | ")
                                .append(f.unit().symbol()).append(" | ").append(cell(f.doc())).append(" |\n");
                    }
                }
            }
        }
        return sb.toString();
    }

    /** GitHub's anchor for a heading that is one word. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
