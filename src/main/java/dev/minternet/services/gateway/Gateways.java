package dev.minternet.services.gateway;

import dev.minternet.node.World;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gateways and auth servers of a world by node name (for tests, benchmarks and tools that inspect them). */
public final class Gateways {
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    private final Map<String, AuthServer> auth = new LinkedHashMap<>();

    public static Gateways of(World w) {
        return w.attachment(Gateways.class, Gateways::new);
    }

    public void put(String node, Gateway g) {
        gateways.put(node, g);
    }

    public void putAuth(String node, AuthServer a) {
        auth.put(node, a);
    }

    /** The gateway on {@code node}, or null. */
    public Gateway get(String node) {
        return gateways.get(node);
    }

    /** The auth server on {@code node}, or null. */
    public AuthServer auth(String node) {
        return auth.get(node);
    }
}
