package dev.minternet.node;

import dev.minternet.ip.Hook;
import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.PacketFilter;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpStack;
import dev.minternet.transport.udp.UdpStack;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv6Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A host or a router (docs/design.md decision 3: a router is a host that forwards). It owns its IP
 * layer and transports; tools and services run on it.
 */
public class Node {
    /** What a node is; a router forwards datagrams, a host does not. */
    public enum Kind { HOST, ROUTER }

    private final World world;
    private final String name;
    private final Kind kind;
    private final IpStack ip;
    private final UdpStack udp;
    /** Created at first use: most hosts of a large world never speak TCP. */
    private TcpStack tcp;
    /** IPv6, off until an interface turns it on (docs/ipv6.md); created at first use. */
    private Ip6Stack ip6;
    /** Created with the first service, crash or restore hook: most hosts of a large world have none. */
    private Map<Class<?>, Object> services;
    private boolean crashed;
    private boolean crashFilter;
    private List<Runnable> onRestore;
    private List<Runnable> onCrash;

    Node(World world, String name, Kind kind) {
        this.world = world;
        this.name = name;
        this.kind = kind;
        this.ip = new IpStack(name, world.sim(), world.trace(), random("ip-id"));
        this.ip.setForwarding(kind == Kind.ROUTER);
        this.udp = new UdpStack(ip, randomSeed("udp-ports"));
        // TCP's stack appears with the first socket or segment; it then registers itself in this
        // placeholder's stead. Its random streams depend only on the node's name, not on when.
        LazyLayers lazy = new LazyLayers(this); // one object for both placeholders (a million hosts, a million of them)
        this.ip.register(Ipv4Packet.PROTO_TCP, lazy);
        this.udp.attachIp6Lazily(lazy);
    }

    /** Makes TCP at its first segment, and IPv6 when UDP first needs it. */
    private static final class LazyLayers implements ProtocolHandler, Supplier<Ip6Stack> {
        private final Node node;

        LazyLayers(Node node) {
            this.node = node;
        }

        @Override
        public void receive(IpHeaderView d) {
            node.tcp().receive(d);
        }

        @Override
        public void icmpError(IpHeaderView error, int type, int code, int nextHopMtu, IpHeaderView quoted) {
            node.tcp().icmpError(error, type, code, nextHopMtu, quoted);
        }

        @Override
        public Ip6Stack get() {
            return node.ip6();
        }
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public World world() {
        return world;
    }

    public Simulator sim() {
        return world.sim();
    }

    /** The region of a partitioned world this node runs in (see {@link Partitioning}); 0 otherwise. */
    public int region() {
        return ip.region(); // kept on the stack, where a link's end finds it (Partitioning.seal)
    }

    /**
     * Outside events, makes what is scheduled next belong to this node's region (a command typed
     * on it, its routing daemon starting); inside an event, or in a world of one region, nothing.
     */
    public void enterRegion() {
        world.sim().enterRegionOutside(ip.region());
    }

    public Trace trace() {
        return world.trace();
    }

    public IpStack ip() {
        return ip;
    }

    /** Whether IPv6 is on for one of the node's interfaces (without creating the IPv6 layer). */
    public boolean hasIp6() {
        return ip6 != null && ip6.enabled();
    }

    /** The node's IPv6 layer if something made it (a scenario's IPv6, a firewall), else null: for tools that only look. */
    public Ip6Stack ip6IfMade() {
        return ip6;
    }

    /** The node's IPv6 layer (off on every interface unless a scenario turns it on). */
    public Ip6Stack ip6() {
        if (ip6 == null) {
            ip6 = new Ip6Stack(name, world.sim(), world.trace());
            ip6.shareLoopback(ip.lo());
            ip6.setForwarding(kind == Kind.ROUTER);
            ip6.setDown(crashed);
            udp.attachIp6(ip6);
            if (tcp != null) {
                tcp.attachIp6(ip6);
            } else {
                // As for IPv4: TCP over IPv6 reaches the stack once it exists, which then takes this over.
                ip6.register(Ipv6Packet.NEXT_TCP, new Ip6Stack.UpperLayer() {
                    @Override
                    public void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst) {
                        tcp().ipv6Layer().receive(d, off, len, src, dst);
                    }

                    @Override
                    public void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
                        tcp().ipv6Layer().icmpError(from, type, code, word, d, quoted);
                    }
                });
            }
        }
        return ip6;
    }

    public UdpStack udp() {
        return udp;
    }

    public TcpStack tcp() {
        if (tcp == null) {
            tcp = new TcpStack(ip, random("tcp-ports"), random("tcp-isn"), random("tcp-syncookie"));
            if (ip6 != null) {
                tcp.attachIp6(ip6);
            }
        }
        return tcp;
    }

    /**
     * Attaches a service (a DNS stub resolver, a server) so that tools and other layers on this
     * node can find it by type; upper layers attach, lower layers never look.
     */
    public <T> void attach(Class<T> type, T service) {
        if (services == null) {
            services = new HashMap<>();
        }
        services.put(type, service);
    }

    /** The attached service of this type, or null. */
    public <T> T service(Class<T> type) {
        return services == null ? null : type.cast(services.get(type));
    }

    /**
     * Crashes the node (the power goes): from now on it drops every datagram that arrives or that
     * it would send, so its services fall silent and peers time out. {@link #restore} boots it
     * again: its connections from before the crash are gone (aborted; a peer that still sends on
     * one gets a RST, as from a rebooted host) and its services listen again.
     */
    public void crash() {
        if (!crashFilter) {
            crashFilter = true;
            PacketFilter drop = (hook, d, in, out) ->
                    crashed ? PacketFilter.DROP : PacketFilter.ACCEPT;
            ip.addFilter(Hook.PREROUTING, drop);
            ip.addFilter(Hook.OUTPUT, drop);
        }
        boolean wasUp = !crashed;
        crashed = true;
        if (ip6 != null) {
            ip6.setDown(true);
        }
        if (world.trace().enabled()) {
            world.trace().emit(name, NodeEvents.CRASH);
        }
        if (wasUp && onCrash != null) {
            for (Runnable r : new ArrayList<>(onCrash)) {
                r.run();
            }
        }
    }

    /** Boots a crashed node again (see {@link #crash}). */
    public void restore() {
        if (!crashed) {
            return;
        }
        if (tcp != null) {
            for (TcpConnection c : new ArrayList<>(tcp.connections())) {
                c.abort();
            }
        }
        crashed = false;
        if (ip6 != null) {
            ip6.setDown(false);
        }
        if (world.trace().enabled()) {
            world.trace().emit(name, NodeEvents.RESTORE);
        }
        if (onRestore != null) {
            for (Runnable r : onRestore) {
                r.run();
            }
        }
    }

    public boolean isCrashed() {
        return crashed;
    }

    /** Runs {@code r} each time the node goes down (the processes running on it die with it). */
    public void onCrash(Runnable r) {
        if (onCrash == null) {
            onCrash = new ArrayList<>();
        }
        onCrash.add(r);
    }

    /** Runs {@code r} each time the node boots again after a crash (services reset their state). */
    public void onRestore(Runnable r) {
        if (onRestore == null) {
            onRestore = new ArrayList<>();
        }
        onRestore.add(r);
    }

    /** A seeded stream for one purpose of this node; independent of every other node's. */
    public SplittableRandom random(String purpose) {
        return world.sim().randoms().stream("node:", name, ":", purpose, "");
    }

    /**
     * The seed of {@link #random(String)}'s stream, for a {@link dev.minternet.sim.SplitMix} state
     * kept in a field (streams every host holds for the whole run: its UDP ports').
     */
    public long randomSeed(String purpose) {
        return world.sim().randoms().seed("node:", name, ":", purpose, "");
    }

    /** The same as {@code random(purpose + qualifier)} (an interface's stream: "arp:" and its name), without the string. */
    public SplittableRandom random(String purpose, String qualifier) {
        return world.sim().randoms().stream("node:", name, ":", purpose, qualifier);
    }

    @Override
    public String toString() {
        return name;
    }
}
