package dev.minternet.testing;

import dev.minternet.cli.EventCatalogs;
import dev.minternet.trace.EventType;
import dev.minternet.trace.JsonLinesReader;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON-lines trace read back through the event catalogs, and trace lines written from them, so
 * that tests check a trace file by event type and field, never by the text of its keys.
 */
public final class Traces {
    private Traces() {
    }

    /** The events of a JSON-lines trace held in a string, typed by every catalog. */
    public static List<TraceEvent> parse(String json) {
        List<TraceEvent> out = new ArrayList<>();
        for (String line : json.split("\n")) {
            if (!line.isBlank()) {
                out.add(JsonLinesReader.parse(line, EventCatalogs.schema()));
            }
        }
        return out;
    }

    /** The events of the JSON-lines trace file at {@code path}, typed by every catalog. */
    public static List<TraceEvent> read(Path path) {
        List<TraceEvent> out = new ArrayList<>();
        try {
            JsonLinesReader.read(path, EventCatalogs.schema(), out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One trace line as {@code minternet run --trace} writes it: an event of {@code type} with {@code values} in field order. */
    public static String line(long t, String node, EventType type, Object... values) {
        return JsonLinesSink.toJson(new TraceEvent(t, node, type, values));
    }
}
