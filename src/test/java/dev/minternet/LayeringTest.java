package dev.minternet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the layer order that {@code docs/architecture.md} states: a package may import only
 * packages of lower layers, and within one layer only the imports listed in {@link #SIDEWAYS}.
 * An upward import fails the build. The scan reads the import lines (and fully qualified names) of
 * every main source file, so it needs no bytecode library.
 */
class LayeringTest {
    /** Layers from the bottom up; a package is named by its path below {@code dev.minternet}. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("sim", "wire", "files", "units"),
            Set.of("trace"),
            Set.of("link", "link.ethernet", "link.wifi"),
            Set.of("ip"),
            Set.of("ip6"),
            Set.of("netfilter", "transport", "transport.udp", "transport.tcp"),
            Set.of("node"),
            Set.of("routing", "routing.bgp", "routing.ospf", "dns", "tls", "http", "http.ws", "http.grpc",
                    "dhcp"),
            Set.of("endpoint"),
            Set.of("services", "services.db", "services.app", "services.web", "services.lb", "services.redis",
                    "services.chat", "services.grpc", "services.mqtt", "services.media",
                    "services.gateway",
                    "services.httpcache", "services.cdn", "services.mesh"),
            Set.of("attack", "tools", "tools.vtysh", "tools.curl", "tools.websocat", "tools.grpcurl", "tools.mqtt", "tools.registry", "browser"),
            Set.of("scenario"),
            Set.of("shell"),
            Set.of("live"),
            Set.of("bench", "cli"));

    /** Imports allowed between packages of the same layer (lower to higher within the layer). */
    static final Map<String, Set<String>> SIDEWAYS = Map.ofEntries(
            Map.entry("link.ethernet", Set.of("link")),
            Map.entry("link.wifi", Set.of("link")),
            Map.entry("transport.udp", Set.of("transport")),
            Map.entry("transport.tcp", Set.of("transport")),
            Map.entry("services.app", Set.of("services.db", "services.redis")),
            Map.entry("services.web", Set.of("services.app", "services.db", "services.lb", "services.redis")),
            Map.entry("services.redis", Set.of("services.db")),
            Map.entry("services.gateway", Set.of("services.lb", "services.redis", "services.httpcache")),
            Map.entry("services.cdn", Set.of("services.httpcache", "services.lb")),
            Map.entry("tools.curl", Set.of("tools")),
            Map.entry("tools.websocat", Set.of("tools")),
            Map.entry("http.ws", Set.of("http")),
            Map.entry("http.grpc", Set.of("http")),
            Map.entry("services.grpc", Set.of("services.db")),
            Map.entry("services.chat", Set.of("services.db", "services.redis")),
            Map.entry("tools.grpcurl", Set.of("tools")),
            Map.entry("tools.mqtt", Set.of("tools")),
            Map.entry("tools.registry", Set.of("tools", "tools.curl", "tools.websocat", "tools.grpcurl", "tools.mqtt", "tools.vtysh")),
            Map.entry("tools.vtysh", Set.of("tools")),
            Map.entry("cli", Set.of("bench")),
            Map.entry("dhcp", Set.of("dns")),
            Map.entry("routing.bgp", Set.of("routing.ospf", "routing")));

    /** Known debts, each to be removed by the change that pays it; none today. */
    static final Set<String> KNOWN = Set.of();

    private static final Path ROOT = Path.of("src/main/java/dev/minternet");
    private static final Pattern REF = Pattern.compile("\\bdev\\.minternet\\.((?:[a-z][a-z0-9]*\\.)*[a-z][a-z0-9]*)\\.[A-Z]");

    @Test
    void every_package_is_in_a_layer() throws IOException {
        Set<String> unplaced = new TreeSet<>();
        for (String p : imports().keySet()) {
            if (layerOf(p) < 0) {
                unplaced.add(p);
            }
        }
        assertThat(unplaced).as("packages missing from LayeringTest.LAYERS (and docs/architecture.md)").isEmpty();
    }

    @Test
    void no_package_imports_a_higher_layer() throws IOException {
        List<String> bad = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : imports().entrySet()) {
            String from = e.getKey();
            for (String to : e.getValue()) {
                String edge = from + " -> " + to;
                int lf = layerOf(from);
                int lt = layerOf(to);
                boolean ok = lt < lf || lt == lf && SIDEWAYS.getOrDefault(from, Set.of()).contains(to);
                if (KNOWN.contains(edge)) {
                    seen.add(edge);
                } else if (!ok) {
                    bad.add(edge);
                }
            }
        }
        assertThat(bad).as("imports that point up the stack or sideways without being listed").isEmpty();
        assertThat(seen).as("a known debt that is paid must leave LayeringTest.KNOWN").isEqualTo(new TreeSet<>(KNOWN));
    }

    @Test
    void docs_architecture_lists_the_layers_top_to_bottom_as_this_test_holds_them() throws IOException {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        int start = doc.indexOf("```", doc.indexOf("## Layers and packages"));
        String block = doc.substring(start + 3, doc.indexOf("```", start + 3));
        Matcher m = Pattern.compile("(?m)^ ([a-z][a-z0-9]*) {2,}").matcher(block);
        List<String> listed = new ArrayList<>();
        int previous = Integer.MAX_VALUE;
        List<String> outOfOrder = new ArrayList<>();
        while (m.find()) {
            String pkg = m.group(1);
            int layer = layerOf(pkg);
            assertThat(layer).as(pkg + " in docs/architecture.md is in no layer of LayeringTest").isNotNegative();
            if (layer > previous) {
                outOfOrder.add(pkg + " is listed below a lower layer");
            }
            previous = layer;
            listed.add(pkg);
        }
        assertThat(outOfOrder).isEmpty();
        Set<String> top = new TreeSet<>();
        for (Set<String> layer : LAYERS) {
            for (String p : layer) {
                top.add(p.contains(".") ? p.substring(0, p.indexOf('.')) : p);
            }
        }
        assertThat(new TreeSet<>(listed)).as("every package of LAYERS has its line in docs/architecture.md").isEqualTo(top);
    }

    @Test
    void the_scan_sees_an_upward_import() {
        // the rule itself: ip importing node (a higher layer) is refused, node importing ip is not
        assertThat(layerOf("ip")).isLessThan(layerOf("node"));
        Matcher m = REF.matcher("import dev.minternet.node.Node;");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("node");
    }

    static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** Package -> the other project packages its main sources name. */
    static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = ROOT.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> deps = out.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String line : Files.readAllLines(f)) {
                    String t = line.strip();
                    if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*") || t.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = REF.matcher(line);
                    while (m.find()) {
                        String to = m.group(1);
                        if (!to.equals(pkg)) {
                            deps.add(to);
                        }
                    }
                }
            }
        }
        return out;
    }
}
