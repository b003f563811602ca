package dev.minternet.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A small typed reader over a composed YAML node tree. Every value knows its field path and where
 * it was written, so any problem becomes a one-line {@link ScenarioException} pointing at it. The
 * tree, not a loaded {@code Map}, is read because only the tree keeps line and column marks.
 */
final class Yaml {
    private Yaml() {
    }

    /** snakeyaml's own bound on aliases of collections (a "billion laughs" guard), checked here with a position. */
    static final int MAX_COLLECTION_ALIASES = 50;

    /** snakeyaml's read-ahead window; its default (1 KiB) makes a long scalar quadratic to scan. */
    private static final int BUFFER_CHARS = 64 * 1024;

    /** Composes one YAML document within {@link Limits#DEFAULT}. */
    static Val compose(String file, String text) throws ScenarioException {
        return compose(file, text, Limits.DEFAULT);
    }

    /**
     * Composes one YAML document; syntax errors become ScenarioException at snakeyaml's mark.
     * The size is checked before scanning and the nesting depth while parsing, so a huge or deeply
     * nested document is refused in milliseconds with a positioned error (snakeyaml's composer
     * recurses once per level and would otherwise end in a StackOverflowError).
     */
    static Val compose(String file, String text, Limits limits) throws ScenarioException {
        if (text.length() > limits.scenarioBytes()) {
            throw new ScenarioException(Loc.file(file), "", "the scenario is " + Limits.count(text.length())
                    + " characters, over the limit of " + Limits.count(limits.scenarioBytes()) + " ("
                    + Limits.howToRaise("scenario-size") + ")");
        }
        checkPrintable(file, text);
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.scenarioBytes() + 1))
                .setBufferSize(BUFFER_CHARS).setMaxAliasesForCollections(MAX_COLLECTION_ALIASES + 1).build();
        Optional<Node> root;
        try {
            Parser parser = new ParseLimits(new ParserImpl(settings, new StreamReader(settings, text)), limits.yamlDepth());
            root = new Composer(settings, parser).getSingleNode();
        } catch (ParseLimits.Exceeded e) {
            throw new ScenarioException(loc(file, e.mark), "", e.aliases
                    ? "more than " + MAX_COLLECTION_ALIASES + " aliases of lists and mappings (each one copies its"
                    + " anchor's whole subtree; write the values out)"
                    : "YAML nesting deeper than " + limits.yamlDepth() + " levels (" + Limits.howToRaise("yaml-depth") + ")");
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            Loc loc = mark.map(m -> loc(file, m)).orElse(Loc.file(file));
            // snakeyaml's own order: the context ("while parsing a block mapping"), then the problem.
            StringBuilder msg = new StringBuilder("YAML syntax error: ");
            if (e.getContext() != null && e.getContextMark().isPresent()) {
                msg.append(oneLine(e.getContext())).append(" (line ")
                        .append(e.getContextMark().get().getLine() + 1).append("): ");
            }
            msg.append(oneLine(e.getProblem()));
            throw new ScenarioException(loc, "", msg.toString());
        } catch (YamlEngineException e) {
            throw new ScenarioException(Loc.file(file), "", "YAML error: " + oneLine(e.getMessage()));
        }
        if (root.isEmpty()) {
            throw new ScenarioException(new Loc(file, 1, 1), "", "empty scenario (expected a mapping with at least"
                    + " 'name' and 'nodes')");
        }
        return new Val(file, "", root.get());
    }

    /**
     * YAML allows only printable characters (YAML 1.2 section 5.1); snakeyaml refuses the others
     * without saying where. This says where, before parsing.
     */
    private static void checkPrintable(String file, String text) throws ScenarioException {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!StreamReader.isPrintable(cp)) {
                throw new ScenarioException(new Loc(file, line, column), "", String.format(
                        "character U+%04X is not allowed in YAML (only printable characters and tab, CR, LF)", cp));
            }
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(cp);
        }
    }

    /**
     * Counts open lists and mappings as the parser streams them, and aliases of lists and
     * mappings, and stops at the first one past its limit, with its position.
     */
    private static final class ParseLimits implements Parser {
        /** Thrown (unchecked, through the composer) at the first collection too deep or alias too many. */
        static final class Exceeded extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final transient Mark mark;
            final boolean aliases;

            Exceeded(Mark mark, boolean aliases) {
                super(null, null, false, false);
                this.mark = mark;
                this.aliases = aliases;
            }
        }

        private final Parser inner;
        private final int max;
        private int depth;
        private final Set<String> collectionAnchors = new HashSet<>();
        private int collectionAliases;

        ParseLimits(Parser inner, int max) {
            this.inner = inner;
            this.max = max;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return inner.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return inner.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Event next() {
            Event e = inner.next();
            Event.ID id = e.getEventId();
            if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
                ((org.snakeyaml.engine.v2.events.CollectionStartEvent) e).getAnchor()
                        .ifPresent(a -> collectionAnchors.add(a.getValue()));
                if (++depth > max) {
                    throw new Exceeded(e.getStartMark().orElse(null), false);
                }
            } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                depth--;
            } else if (id == Event.ID.Alias
                    && collectionAnchors.contains(((org.snakeyaml.engine.v2.events.AliasEvent) e).getAlias().getValue())
                    && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                throw new Exceeded(e.getStartMark().orElse(null), true);
            }
            return e;
        }
    }

    static Loc loc(String file, Mark m) {
        if (m == null) {
            return Loc.file(file);
        }
        return new Loc(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /** The most of one value a message quotes: a 4 MB name is shown by its start, its length and its end. */
    static final int MAX_SHOWN = 300;

    /**
     * Collapses line breaks (and the blanks around them) to one space and makes control characters
     * visible ({@link Visible}), so a message stays on one line and cannot drive the terminal; a
     * value longer than {@link #MAX_SHOWN} is cut.
     */
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
        return Visible.shorten(Visible.escape(b.toString().replace("\t", "\\t")), MAX_SHOWN);
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
            return node.getStartMark().map(m -> Yaml.loc(file, m)).orElse(Loc.file(file));
        }

        ScenarioException error(String problem) {
            return new ScenarioException(loc(), path, problem);
        }

        /** True for an explicit or implied YAML null ({@code key:} with nothing after it, {@code ~}). */
        /** A mapping. */
        boolean isMap() {
            return node instanceof MappingNode;
        }

        /** A plain value (not a list, map or null). */
        boolean isScalar() {
            return node instanceof ScalarNode && !isNull();
        }

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
            return "'" + oneLine(v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
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

        /** One of the enum's constants, written in lower case ('-' for '_'). */
        <E extends Enum<E>> E choice(Class<E> type) throws ScenarioException {
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return type.getEnumConstants()[allowed.indexOf(choice(allowed))];
        }

        /** One of {@code allowed}, as written. */
        String choice(List<String> allowed) throws ScenarioException {
            String t = text().strip();
            if (allowed.contains(t)) {
                return t;
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
