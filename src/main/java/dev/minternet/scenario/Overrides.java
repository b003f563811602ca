package dev.minternet.scenario;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Values set from the command line over a scenario's own ({@code minternet sweep --set
 * links[access].delay=5ms,20ms}), applied to the YAML document before it is read, so that a set
 * value is checked exactly as the same value written in the file would be (its errors point at the
 * field it replaces).
 *
 * <p>A path is the field path errors print: names separated by dots, a list element by index
 * ({@code nodes[3]}) or by its {@code name} ({@code links[access]}, {@code nodes[web-1]}). A
 * missing last field is added; every other step must exist.
 */
public final class Overrides {
    private Overrides() {
    }

    /** One field path and the YAML scalar text to put there. */
    public record Setting(String path, String value) {
        public Setting {
            checkPath(path);
        }
    }

    /**
     * Checks the shape of a path ({@code a.b[2].c}, {@code links[access].delay}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkPath(String path) {
        if (path == null || !path.matches("[a-z][a-z0-9-]*(\\[[^\\[\\]]+\\])?(\\.[a-z][a-z0-9-]*(\\[[^\\[\\]]+\\])?)*")) {
            throw new IllegalArgumentException("'" + path + "' is not a field path (e.g. links[access].delay, "
                    + "nodes[2].services[0].workers, seed)");
        }
    }

    /** Applies {@code settings} in order to the document {@code root}. */
    static void apply(Yaml.Val root, List<Setting> settings) throws ScenarioException {
        for (Setting s : settings) {
            set(root, s);
        }
    }

    private static void set(Yaml.Val root, Setting s) throws ScenarioException {
        Node at = root.node;
        String[] steps = s.path().split("\\.");
        StringBuilder done = new StringBuilder();
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            String key = step.contains("[") ? step.substring(0, step.indexOf('[')) : step;
            String index = step.contains("[") ? step.substring(step.indexOf('[') + 1, step.length() - 1) : null;
            if (!(at instanceof MappingNode map)) {
                throw problem(root, s, done + " is not a mapping");
            }
            boolean last = i == steps.length - 1;
            NodeTuple tuple = find(map, key);
            String here = (done.length() == 0 ? "" : done + ".") + key;
            if (tuple == null) {
                if (!last || index != null) {
                    throw problem(root, s, "the scenario has no " + here);
                }
                map.getValue().add(new NodeTuple(scalar(key, map), scalar(s.value(), map)));
                return;
            }
            if (index == null) {
                if (last) {
                    replace(map, tuple, s.value());
                    return;
                }
                at = tuple.getValueNode();
                done.setLength(0);
                done.append(here);
                continue;
            }
            if (!(tuple.getValueNode() instanceof SequenceNode list)) {
                throw problem(root, s, here + " is not a list");
            }
            int n = element(list, index);
            if (n < 0) {
                throw problem(root, s, "the scenario has no " + here + "[" + index + "] (" + list.getValue().size()
                        + " entries" + (index.matches("\\d+") ? ", counted from 0" : ", none named " + index) + ")");
            }
            Node item = list.getValue().get(n);
            if (last) {
                list.getValue().set(n, scalar(s.value(), item));
                return;
            }
            at = item;
            done.setLength(0);
            done.append(here).append('[').append(n).append(']');
        }
    }

    private static NodeTuple find(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t;
            }
        }
        return null;
    }

    /** The index of the list element {@code index} names: a number, or the element whose name it is. */
    private static int element(SequenceNode list, String index) {
        List<Node> items = list.getValue();
        if (index.matches("\\d{1,9}")) {
            int n = Integer.parseInt(index);
            return n < items.size() ? n : -1;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof MappingNode m) {
                NodeTuple name = find(m, "name");
                if (name != null && name.getValueNode() instanceof ScalarNode v && v.getValue().equals(index)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void replace(MappingNode map, NodeTuple tuple, String value) {
        List<NodeTuple> tuples = map.getValue();
        tuples.set(tuples.indexOf(tuple), new NodeTuple(tuple.getKeyNode(), scalar(value, tuple.getValueNode())));
    }

    /** A scalar typed as the core schema types it, at the position of the node it replaces. */
    private static ScalarNode scalar(String value, Node where) {
        Tag tag = new CoreSchema().getScalarResolver().resolve(value, true);
        return new ScalarNode(tag, true, value, ScalarStyle.PLAIN, where.getStartMark(), where.getEndMark());
    }

    private static ScenarioException problem(Yaml.Val root, Setting s, String what) {
        return new ScenarioException(Loc.file(root.file), "--set " + s.path(), what);
    }

    /** The values of one {@code --set PATH=V1,V2,...}: the path and each value, in order. */
    public record Sweep(String path, List<String> values) {
        /** Parses {@code PATH=V1,V2,...}; a value may not be empty. */
        public static Sweep parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected PATH=V1,V2,... (e.g. links[access].delay=5ms,20ms), got '"
                        + text + "'");
            }
            String path = text.substring(0, eq).strip();
            checkPath(path);
            List<String> values = new ArrayList<>();
            for (String v : text.substring(eq + 1).split(",", -1)) {
                if (v.isBlank()) {
                    throw new IllegalArgumentException(path + ": an empty value in '" + text.substring(eq + 1) + "'");
                }
                values.add(v.strip());
            }
            return new Sweep(path, List.copyOf(values));
        }
    }
}
