package dev.minternet.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A small typed reader over a composed YAML node tree. Every value knows its field path and where
 * it was written, so any problem becomes a one-line {@link ScenarioException} pointing at it. The
 * tree, not a loaded {@code Map}, is read because only the tree keeps line and column marks.
 */
final class Yaml {
    private Yaml() {
    }

    /** Composes one YAML document; syntax errors become ScenarioException at snakeyaml's mark. */
    static Val compose(String file, String text) throws ScenarioException {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema()).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            Loc loc = mark.map(m -> loc(file, m)).orElse(new Loc(file, 0, 0));
            // snakeyaml's own order: the context ("while parsing a block mapping"), then the problem.
            StringBuilder msg = new StringBuilder("YAML syntax error: ");
            if (e.getContext() != null && e.getContextMark().isPresent()) {
                msg.append(oneLine(e.getContext())).append(" (line ")
                        .append(e.getContextMark().get().getLine() + 1).append("): ");
            }
            msg.append(oneLine(e.getProblem()));
            throw new ScenarioException(loc, "", msg.toString());
        } catch (YamlEngineException e) {
            throw new ScenarioException(new Loc(file, 0, 0), "", "YAML error: " + oneLine(e.getMessage()));
        }
        if (root.isEmpty()) {
            throw new ScenarioException(new Loc(file, 1, 1), "", "empty scenario (expected a mapping with at least"
                    + " 'name' and 'nodes')");
        }
        return new Val(file, "", root.get());
    }

    static Loc loc(String file, Mark m) {
        return new Loc(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /** Collapses whitespace runs and escapes control characters so a message stays on one line. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (String part : s.strip().split("\\s*[\\r\\n]+\\s*")) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(part);
        }
        return b.toString().replace("\t", "\\t").replaceAll("\\p{Cntrl}", "?");
    }

    /** "a, b, c" for up to {@code max} names, then "and N more". */
    static String listSome(List<String> names, int max) {
        if (names.isEmpty()) {
            return "none";
        }
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + " and " + (names.size() - max) + " more";
    }

    /** A parser from text that throws IllegalArgumentException with a readable message. */
    @FunctionalInterface
    interface TextParser<T> {
        T parse(String text);
    }

    /** One node of the tree, with its field path. */
    static final class Val {
        final String file;
        final String path;
        final Node node;

        Val(String file, String path, Node node) {
            this.file = file;
            this.path = path;
            this.node = node;
        }

        Loc loc() {
            return node.getStartMark().map(m -> Yaml.loc(file, m)).orElse(new Loc(file, 0, 0));
        }

        ScenarioException error(String problem) {
            return new ScenarioException(loc(), path, problem);
        }

        /** True for an explicit or implied YAML null ({@code key:} with nothing after it, {@code ~}). */
        boolean isNull() {
            return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
        }

        String describe() {
            if (node instanceof MappingNode) {
                return "a mapping";
            }
            if (node instanceof SequenceNode) {
                return "a list";
            }
            if (isNull()) {
                return "nothing";
            }
            String v = ((ScalarNode) node).getValue();
            return "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : oneLine(v)) + "'";
        }

        /** The scalar's text. */
        String text() throws ScenarioException {
            if (!(node instanceof ScalarNode) || isNull()) {
                throw error("expected a text value, got " + describe());
            }
            return ((ScalarNode) node).getValue();
        }

        /** The scalar parsed by {@code parser}; its IllegalArgumentException becomes the problem. */
        <T> T parse(TextParser<T> parser) throws ScenarioException {
            String text = text();
            try {
                return parser.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(oneLine(e.getMessage()));
            }
        }

        /** A plain integer within min..max. */
        long integer(long min, long max) throws ScenarioException {
            String t = text().strip();
            String range = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "(64-bit)"
                    : "from " + min + " to " + max;
            if (!t.matches("[-+]?\\d{1,19}")) {
                throw error("expected an integer " + range + ", got '" + oneLine(t) + "'");
            }
            long v;
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw error("integer '" + t + "' is too large");
            }
            if (v < min || v > max) {
                throw error("expected an integer " + range + ", got " + v);
            }
            return v;
        }

        /** One of the enum's constants, written in lower case. */
        <E extends Enum<E>> E choice(Class<E> type) throws ScenarioException {
            String t = text().strip();
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String name = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
                if (name.equals(t)) {
                    return e;
                }
                allowed.add(name);
            }
            throw error("unknown value '" + oneLine(t) + "' (allowed: " + String.join(", ", allowed) + ")");
        }

        /** The list's items, each with its indexed path. */
        List<Val> list() throws ScenarioException {
            if (!(node instanceof SequenceNode)) {
                throw error("expected a list, got " + describe());
            }
            List<Node> items = ((SequenceNode) node).getValue();
            List<Val> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(new Val(file, path + "[" + i + "]", items.get(i)));
            }
            return out;
        }

        /** The mapping, checked against its allowed fields (unknown and duplicate keys are errors). */
        Obj obj(String... allowed) throws ScenarioException {
            if (!(node instanceof MappingNode)) {
                throw error("expected a mapping with fields " + String.join(", ", allowed) + "; got " + describe());
            }
            return new Obj(this, Arrays.asList(allowed));
        }
    }

    /** A mapping whose keys have been checked. */
    static final class Obj {
        final Val self;
        private final Map<String, Val> fields = new LinkedHashMap<>();
        private final Map<String, Loc> keyLocs = new LinkedHashMap<>();

        Obj(Val self, List<String> allowed) throws ScenarioException {
            this.self = self;
            for (NodeTuple t : ((MappingNode) self.node).getValue()) {
                Val key = new Val(self.file, self.path, t.getKeyNode());
                if (!(t.getKeyNode() instanceof ScalarNode) || key.isNull()) {
                    throw key.error("expected a field name, got " + key.describe());
                }
                String name = ((ScalarNode) t.getKeyNode()).getValue();
                String path = child(name);
                Loc keyLoc = key.loc();
                if (!allowed.contains(name)) {
                    throw new ScenarioException(keyLoc, path, "unknown field '" + oneLine(name) + "' (allowed: "
                            + String.join(", ", allowed) + ")");
                }
                Loc first = keyLocs.get(name);
                if (first != null) {
                    throw new ScenarioException(keyLoc, path, "duplicate field '" + name + "' (first at line "
                            + first.line() + ")");
                }
                keyLocs.put(name, keyLoc);
                fields.put(name, new Val(self.file, path, t.getValueNode()));
            }
        }

        private String child(String name) {
            return self.path.isEmpty() ? name : self.path + "." + name;
        }

        Loc loc() {
            return self.loc();
        }

        /** Whether the key is written, even with a null value. */
        boolean has(String key) {
            return fields.containsKey(key);
        }

        /** The value as written (possibly null-valued), or null when the key is absent. */
        Val raw(String key) {
            return fields.get(key);
        }

        Loc keyLoc(String key) {
            return keyLocs.get(key);
        }

        /** The value, or null when absent or written without a value. */
        Val opt(String key) {
            Val v = fields.get(key);
            return v == null || v.isNull() ? null : v;
        }

        /** The value; absent or valueless is an error pointing at the mapping (or the key). */
        Val req(String key, String hint) throws ScenarioException {
            Val v = fields.get(key);
            if (v == null) {
                throw new ScenarioException(loc(), child(key), "missing required field '" + key + "'"
                        + (hint == null ? "" : " (" + hint + ")"));
            }
            if (v.isNull()) {
                throw new ScenarioException(keyLocs.get(key), child(key), "field '" + key + "' has no value"
                        + (hint == null ? "" : " (" + hint + ")"));
            }
            return v;
        }

        /** The optional list's items; absent or valueless means empty. */
        List<Val> list(String key) throws ScenarioException {
            Val v = opt(key);
            return v == null ? Collections.emptyList() : v.list();
        }

        /** The optional value read by {@code read}, or {@code absent} when not written. */
        <T> T opt(String key, T absent, ValFunction<T> read) throws ScenarioException {
            Val v = opt(key);
            return v == null ? absent : read.apply(v);
        }
    }

    @FunctionalInterface
    interface ValFunction<T> {
        T apply(Val v) throws ScenarioException;
    }
}
