package dev.minternet.services.cdn;

import dev.minternet.node.World;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CDN edges of a world by node name (for tests, benchmarks and tools that inspect them). */
public final class CdnEdges {
    private final Map<String, CdnEdge> edges = new LinkedHashMap<>();

    public static CdnEdges of(World w) {
        return w.attachment(CdnEdges.class, CdnEdges::new);
    }

    public void put(String node, CdnEdge e) {
        edges.put(node, e);
    }

    /** The edge on {@code node}, or null. */
    public CdnEdge get(String node) {
        return edges.get(node);
    }

    public Map<String, CdnEdge> all() {
        return edges;
    }
}
