package dev.minternet.node;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.Link;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A simulated internet: the simulator, the trace bus, nodes and links, and the world's hosts
 * table (node name to address, and back) that tools use until DNS exists.
 */
public final class World {
    private final Simulator sim;
    private final Trace trace;
    private final Instant epoch;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<Integer, NetInterface> byAddress = new HashMap<>();
    private final Map<Class<?>, Object> attachments = new HashMap<>();
    private final Map<String, Integer> hostNames = new HashMap<>();

    public World(long seed, Instant epoch) {
        this.sim = new Simulator(seed);
        this.trace = new Trace(sim);
        this.epoch = epoch;
    }

    public Simulator sim() {
        return sim;
    }

    public Trace trace() {
        return trace;
    }

    /** The simulated date of t = 0. */
    public Instant epoch() {
        return epoch;
    }

    /**
     * The world's one instance of {@code type}, made by {@code make} on first use: how layers
     * above this one (the world's PKI, its services) hang world-wide state on it without this
     * package knowing them.
     */
    public <T> T attachment(Class<T> type, Supplier<T> make) {
        Object o = attachments.get(type);
        if (o == null) {
            o = make.get();
            attachments.put(type, o);
        }
        return type.cast(o);
    }

    /** The simulated date now. */
    public Instant date() {
        return epoch.plusNanos(sim.now());
    }

    public Node addNode(String name, Node.Kind kind) {
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("duplicate node " + name);
        }
        Node n = new Node(this, name, kind);
        nodes.put(name, n);
        return n;
    }

    public Node addHost(String name) {
        return addNode(name, Node.Kind.HOST);
    }

    public Node addRouter(String name) {
        return addNode(name, Node.Kind.ROUTER);
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    public Collection<Node> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public Collection<Link> links() {
        return Collections.unmodifiableCollection(links.values());
    }

    public Link link(String name) {
        return links.get(name);
    }

    /** Creates a link between two new interfaces. */
    public Link connect(String linkName, Node a, String ifaceA, Cidr addrA, Node b, String ifaceB, Cidr addrB, LinkParams p) {
        if (links.containsKey(linkName)) {
            throw new IllegalArgumentException("duplicate link " + linkName);
        }
        Link l = new Link(linkName, p.bandwidthBps(), p.delayNs(), p.mtu(), p.queuePackets(), p.queueBytes(),
                p.loss(), p.cost(), sim, trace);
        NetInterface ia = a.ip().addInterface(ifaceA, addrA);
        NetInterface ib = b.ip().addInterface(ifaceB, addrB);
        NetInterface.connect(l, ia, ib);
        links.put(linkName, l);
        byAddress.put(addrA.address(), ia);
        byAddress.put(addrB.address(), ib);
        return l;
    }

    /** Connects with default interface names eth0, eth1, ... in creation order. */
    public Link connect(Node a, Cidr addrA, Node b, Cidr addrB, LinkParams p) {
        return connect(a.name() + "--" + b.name() + (links.containsKey(a.name() + "--" + b.name()) ? "#" + links.size() : ""),
                a, "eth" + a.ip().interfaces().size(), addrA, b, "eth" + b.ip().interfaces().size(), addrB, p);
    }

    /** The interface holding {@code address}, or null. */
    public NetInterface interfaceAt(int address) {
        return byAddress.get(address);
    }

    /**
     * Resolves a node name or dotted quad the way /etc/hosts would: a node name gives the node's
     * first address. Returns 0 when unknown.
     */
    public int resolve(String nameOrAddress) {
        if (Ip4.isAddress(nameOrAddress)) {
            return Ip4.parse(nameOrAddress);
        }
        Node n = nodes.get(nameOrAddress);
        if (n == null) {
            Integer a = hostNames.get(nameOrAddress);
            return a == null ? 0 : a;
        }
        return n.ip().primaryAddress();
    }

    /** Adds a line to the world's hosts table: {@code name} (e.g. www.example.com) stands for {@code address}. */
    public void addHostName(String name, int address) {
        hostNames.put(name, address);
    }

    /** The name of the node owning {@code address} (reverse lookup), or null. */
    public String reverse(int address) {
        NetInterface i = byAddress.get(address);
        return i == null ? null : i.nodeName();
    }
}
