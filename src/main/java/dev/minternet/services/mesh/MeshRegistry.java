package dev.minternet.services.mesh;

import dev.minternet.node.World;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mesh's service registry of one world (what Istio's control plane or Consul's catalog knows): every
 * sidecar with an inbound port, by SPIFFE ID, in the order they started. Sidecars look their upstreams up here
 * on their first request, when every sidecar of the scenario has started.
 */
public final class MeshRegistry {
    private final Map<String, List<Sidecar>> bySpiffeId = new TreeMap<>();
    private final List<Sidecar> all = new ArrayList<>();

    /** The registry of {@code w}, made on first use. */
    public static MeshRegistry of(World w) {
        return w.attachment(MeshRegistry.class, MeshRegistry::new);
    }

    void register(Sidecar s) {
        all.add(s);
        if (s.servesInbound()) {
            bySpiffeId.computeIfAbsent(s.spiffeId(), k -> new ArrayList<>()).add(s);
        }
    }

    /** The sidecars that serve {@code spiffeId} (empty when none). */
    List<Sidecar> endpoints(String spiffeId) {
        return bySpiffeId.getOrDefault(spiffeId, List.of());
    }

    /** Every sidecar, in start order. */
    public List<Sidecar> sidecars() {
        return Collections.unmodifiableList(all);
    }

    /** The sidecar on {@code node}, or null. */
    public Sidecar on(String node) {
        for (Sidecar s : all) {
            if (s.node().name().equals(node)) {
                return s;
            }
        }
        return null;
    }
}
