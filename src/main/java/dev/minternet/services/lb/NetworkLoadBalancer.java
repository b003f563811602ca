package dev.minternet.services.lb;

import dev.minternet.ip.IpStack;
import dev.minternet.netfilter.NlbEvents;
import dev.minternet.netfilter.NlbFabric;
import dev.minternet.netfilter.NlbFabric.Group;
import dev.minternet.netfilter.NlbFabric.Health;
import dev.minternet.netfilter.NlbFabric.HealthCheck;
import dev.minternet.netfilter.NlbFabric.Spec;
import dev.minternet.netfilter.NlbFabric.Target;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Timer;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpError;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.wire.Ip4;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network (L4) load balancer's control plane: it installs the {@link NlbFabric} (the data plane
 * in the VPC's subnet routers) and health-checks the targets as AWS does, from each zone's node:
 * every interval a TCP connect to the health-check port; {@code healthy-threshold} successes in a
 * row make a target healthy, {@code unhealthy-threshold} failures (refused, or no SYN-ACK within the
 * timeout) unhealthy. A zone's node checks the targets it may send flows to (its zone's, or all
 * with cross-zone load balancing).
 */
public final class NetworkLoadBalancer {
    private final World world;
    private final NlbFabric fabric;

    private NetworkLoadBalancer(World world, NlbFabric fabric) {
        this.world = world;
        this.fabric = fabric;
    }

    /** Builds and starts the balancer {@code spec} in {@code w}; it is attached to each zone's node. */
    public static NetworkLoadBalancer install(World w, Spec spec) {
        Node first = w.node(spec.zones().get(0).node());
        NlbFabric f = new NlbFabric(spec, w.sim(), w.trace(), first.random("nlb-flow-hash").nextLong());
        Map<String, IpStack> routers = new LinkedHashMap<>();
        for (String r : spec.fabric()) {
            routers.put(r, w.node(r).ip());
        }
        f.install(routers);
        NetworkLoadBalancer nlb = new NetworkLoadBalancer(w, f);
        for (int z = 0; z < spec.zones().size(); z++) {
            Node node = w.node(spec.zones().get(z).node());
            node.attach(NetworkLoadBalancer.class, nlb);
            for (int g = 0; g < spec.groups().size(); g++) {
                Group group = spec.groups().get(g);
                for (int t = 0; t < group.targets().size(); t++) {
                    Target target = group.targets().get(t);
                    if (spec.crossZone() || target.zone().equals(spec.zones().get(z).zone())) {
                        new Checker(nlb, node, z, g, t).schedule(0);
                    }
                }
            }
        }
        return nlb;
    }

    public NlbFabric fabric() {
        return fabric;
    }

    public String name() {
        return fabric.spec().name();
    }

    /** Deregisters a target instance (AWS deregister-targets): no new flows; its flows go on. */
    public boolean deregister(String node) {
        return fabric.deregister(node);
    }

    /** One zone node's health checks of one target. */
    private static final class Checker implements TcpHandler {
        final NetworkLoadBalancer nlb;
        final Node node;
        final int z;
        final int g;
        final int t;
        final HealthCheck hc;
        final Target target;
        int okRun;
        int failRun;
        TcpConnection conn;
        Timer timeout;
        boolean pending;

        Checker(NetworkLoadBalancer nlb, Node node, int z, int g, int t) {
            this.nlb = nlb;
            this.node = node;
            this.z = z;
            this.g = g;
            this.t = t;
            Group group = nlb.fabric.spec().groups().get(g);
            this.hc = group.health();
            this.target = group.targets().get(t);
        }

        void schedule(long afterNs) {
            new Timer(node.sim(), this::check).setAfter(afterNs);
        }

        void check() {
            if (nlb.fabric.deregistered(g, t)) {
                return; // a deregistered target is not checked
            }
            schedule(hc.intervalNs());
            if (node.isCrashed()) {
                return;
            }
            pending = true;
            try {
                conn = node.tcp().connect(target.addr(), hc.port(), this);
            } catch (IllegalStateException e) {
                result(false, e.getMessage());
                return;
            }
            timeout = new Timer(node.sim(), () -> {
                if (pending) {
                    result(false, "no answer within " + hc.timeoutNs() / 1_000_000 + " ms");
                    conn.abort();
                }
            });
            timeout.setAfter(hc.timeoutNs());
        }

        @Override
        public void onConnected(TcpConnection c) {
            if (pending) {
                result(true, "connected to " + Ip4.str(target.addr()) + ":" + hc.port());
            }
            c.close();
        }

        @Override
        public void onClosed(TcpConnection c, TcpError error) {
            if (pending && error != null) {
                result(false, error.message());
            }
        }

        private void result(boolean ok, String detail) {
            pending = false;
            if (timeout != null) {
                timeout.cancel();
            }
            NlbFabric f = nlb.fabric;
            String zone = f.spec().zones().get(z).zone();
            String tn = target.node() + " " + Ip4.str(target.addr()) + ":" + hc.port();
            if (node.trace().enabled()) {
                node.trace().emit(node.name(), NlbEvents.HEALTH, f.spec().name(), zone, tn, ok, detail);
            }
            Health h = f.health(z, g, t);
            if (ok) {
                okRun++;
                failRun = 0;
                if (h != Health.HEALTHY && okRun >= hc.healthyThreshold()) {
                    f.setHealth(z, g, t, Health.HEALTHY, okRun + " checks passed (healthy-threshold "
                            + hc.healthyThreshold() + ")");
                }
            } else {
                failRun++;
                okRun = 0;
                if (h != Health.UNHEALTHY && failRun >= hc.unhealthyThreshold()) {
                    f.setHealth(z, g, t, Health.UNHEALTHY, failRun + " checks failed (unhealthy-threshold "
                            + hc.unhealthyThreshold() + "): " + detail);
                }
            }
        }
    }
}
