package dev.minternet.node;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.Link;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.link.wifi.AccessPoint;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.BitSet;
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
    /** Nodes and links by name, in the order they were added (compact: a million hosts hold two of each). */
    private final Named<Node> nodes = new Named<>(Node::name);
    private final Named<Link> links = new Named<>(Link::nameHash, Link::named);
    private final AddressIndex byAddress = new AddressIndex();
    private final Map<Class<?>, Object> attachments = new HashMap<>();
    private final Map<String, Integer> hostNames = new HashMap<>();
    private final Map<String, Switch> switches = new LinkedHashMap<>();
    private final Map<String, AccessPoint> accessPoints = new LinkedHashMap<>();
    /** The tagged VLANs of an access port: none (the switch copies what it keeps; never changed). */
    private static final BitSet NO_VLANS = new BitSet();

    public World(long seed, Instant epoch) {
        this.sim = new Simulator(seed);
        this.trace = new Trace(sim);
        this.epoch = epoch;
    }

    /**
     * A hint from a builder that knows the size of what it builds (a generated world, a
     * benchmark): room for {@code nodes} nodes, {@code links} links and {@code addresses} IPv4
     * addresses in all, so that the name and address tables are made once at that size instead of
     * growing (and rebuilding) as they fill. It changes nothing else.
     */
    public void expect(int nodes, int links, int addresses) {
        this.nodes.reserve(nodes);
        this.links.reserve(links);
        byAddress.reserve(addresses);
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
        if (nodes.contains(name)) {
            throw new IllegalArgumentException("duplicate node " + name);
        }
        Node n = new Node(this, name, kind);
        nodes.add(n);
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
        return nodes.values();
    }

    public Collection<Link> links() {
        return links.values();
    }

    public Link link(String name) {
        return links.get(name);
    }

    /** Creates a link between two new interfaces. */
    public Link connect(String linkName, Node a, String ifaceA, Cidr addrA, Node b, String ifaceB, Cidr addrB, LinkParams p) {
        requireNewLink(linkName);
        // a name that is its ends' node names is made when asked (Link#name): 48 bytes a host of a large world
        boolean derived = Link.isDerivedName(linkName, a.name(), b.name());
        Link l = new Link(derived ? null : linkName, p.bandwidthBps(), p.delayNs(), p.mtu(), p.queuePackets(),
                p.queueBytes(), p.loss(), p.cost(), sim, trace);
        NetInterface ia = a.ip().addInterface(ifaceA, addrA);
        NetInterface ib = b.ip().addInterface(ifaceB, addrB);
        NetInterface.connect(l, ia, ib);
        links.add(l);
        indexAddress(addrA, ia);
        indexAddress(addrB, ib);
        return l;
    }

    /**
     * Connects two new interfaces with an Ethernet cable (no switch): frames, ARP and
     * LINKTYPE_ETHERNET captures instead of raw datagrams; MAC addresses derived from the seed.
     */
    public Link connectEthernet(String linkName, Node a, String ifaceA, Cidr addrA, Node b, String ifaceB, Cidr addrB,
                                LinkParams p) {
        requireNewLink(linkName);
        Link l = newLink(linkName, p);
        NetInterface ia = a.ip().addInterface(ifaceA, addrA);
        NetInterface ib = b.ip().addInterface(ifaceB, addrB);
        NetInterface.connectEthernet(l, ia, macFor(a.name(), ifaceA), a.random("arp:", ifaceA),
                ib, macFor(b.name(), ifaceB), b.random("arp:", ifaceB));
        links.add(l);
        indexAddress(addrA, ia);
        indexAddress(addrB, ib);
        return l;
    }

    private void requireNewLink(String linkName) {
        if (links.contains(linkName)) {
            throw new IllegalArgumentException("duplicate link " + linkName);
        }
    }

    /** Indexes a new interface by its IPv4 address; an IPv6-only interface has none. */
    private void indexAddress(Cidr addr, NetInterface i) {
        if (addr != null) {
            byAddress.put(addr.address(), i);
        }
    }

    private Link newLink(String linkName, LinkParams p) {
        Link l = new Link(linkName, p.bandwidthBps(), p.delayNs(), p.mtu(), p.queuePackets(), p.queueBytes(),
                p.loss(), p.cost(), sim, trace);
        l.setEthernet(EthernetFrame.WIRE_OVERHEAD, EthernetFrame.MIN_FRAME);
        return l;
    }

    /** The MAC address the seed gives interface {@code iface} of node {@code node} (locally administered unicast). */
    public long macFor(String node, String iface) {
        return Mac.derived(sim.randoms().stream("mac:", node, ":", iface, ""));
    }

    /** Adds an Ethernet switch (its bridge MAC derived from the seed), running spanning tree if {@code stp}. */
    public Switch addSwitch(String name, boolean stp) {
        if (switches.containsKey(name) || nodes.contains(name)) {
            throw new IllegalArgumentException("duplicate switch " + name);
        }
        Switch s = new Switch(name, Mac.derived(sim.randoms().stream("switch:" + name)), stp, sim, trace);
        switches.put(name, s);
        return s;
    }

    public Switch switchNamed(String name) {
        return switches.get(name);
    }

    public Collection<Switch> switches() {
        return Collections.unmodifiableCollection(switches.values());
    }

    /**
     * Plugs a new interface of {@code n} into a new access port of {@code sw} (untagged in VLAN
     * {@code vlan}) with a cable of parameters {@code p}; {@code mac} 0 derives the address from the seed.
     */
    public NetInterface attachToSwitch(Node n, String iface, Cidr addr, long mac, Switch sw, int vlan, LinkParams p) {
        String portName = "swp" + (sw.portCount() + 1);
        String linkName = sw.name() + ":" + portName;
        requireNewLink(linkName);
        Link l = newLink(linkName, p);
        NetInterface ni = n.ip().addInterface(iface, addr);
        Switch.Port port = sw.addPort(portName, l, false, vlan, NO_VLANS, true);
        l.attach(ni, port);
        ni.attachEthernet(l, true, mac != 0 ? mac : macFor(n.name(), iface), n.random("arp:", iface));
        links.add(l);
        indexAddress(addr, ni);
        return ni;
    }

    /** Keeps the address index current when a DHCP client gains ({@code i}'s address) or loses ({@code old}) an address. */
    public void addressChanged(NetInterface i, int old) {
        if (old != 0 && byAddress.get(old) == i) {
            byAddress.remove(old);
        }
        if (i.cidr() != null) {
            byAddress.put(i.address(), i);
        }
    }

    /**
     * A trunk between two switches: VLAN 1 untagged (the native VLAN, as Linux's default PVID) and
     * {@code vlans} tagged (802.1Q) on both ends.
     */
    public Link trunk(Switch a, Switch b, BitSet vlans, LinkParams p) {
        String pa = "swp" + (a.ports().size() + 1);
        String pb = "swp" + (b.ports().size() + 1);
        String linkName = a.name() + ":" + pa + "--" + b.name() + ":" + pb;
        Link l = newLink(linkName, p);
        Switch.Port ea = a.addPort(pa, l, true, 1, vlans, false);
        Switch.Port eb = b.addPort(pb, l, false, 1, vlans, false);
        l.attach(ea, eb);
        links.add(l);
        return l;
    }

    /** Adds a Wi-Fi access point sending at {@code apRateBps}, each transmitter queueing up to {@code queuePackets} frames. */
    public AccessPoint addAccessPoint(String name, long apRateBps, int queuePackets) {
        if (accessPoints.containsKey(name) || switches.containsKey(name) || nodes.contains(name)) {
            throw new IllegalArgumentException("duplicate access point " + name);
        }
        AccessPoint ap = new AccessPoint(name, apRateBps, queuePackets, sim, trace);
        accessPoints.put(name, ap);
        return ap;
    }

    public AccessPoint accessPoint(String name) {
        return accessPoints.get(name);
    }

    public Collection<AccessPoint> accessPoints() {
        return Collections.unmodifiableCollection(accessPoints.values());
    }

    /**
     * Makes a new interface of {@code n} a station of {@code ap} sending at {@code rateBps};
     * {@code mac} 0 derives the address from the seed. Its frames cross the air under the DCF.
     */
    public NetInterface joinWifi(Node n, String iface, Cidr addr, long mac, AccessPoint ap, long rateBps, int mtu) {
        String linkName = ap.name() + ":sta" + (ap.stationCount() + 1);
        requireNewLink(linkName);
        // the medium queues the station's frames (its own transmitter is unused): the link says the medium's limit
        Link l = newLink(linkName, new LinkParams(rateBps, 0, mtu, ap.medium().queueLimit(), 0, 0.0, 1));
        NetInterface ni = n.ip().addInterface(iface, addr);
        long m = mac != 0 ? mac : macFor(n.name(), iface);
        ap.addStation(l, ni, m, rateBps);
        ni.attachEthernet(l, true, m, n.random("arp:", iface));
        links.add(l);
        byAddress.put(addr.address(), ni);
        return ni;
    }

    /** Plugs a new interface of {@code n} into the wired port of {@code ap} with a cable of parameters {@code p}. */
    public NetInterface wireToAccessPoint(Node n, String iface, Cidr addr, long mac, AccessPoint ap, LinkParams p) {
        String linkName = ap.name() + ":uplink";
        requireNewLink(linkName);
        Link l = newLink(linkName, p);
        NetInterface ni = n.ip().addInterface(iface, addr);
        ap.addUplink(l, ni);
        ni.attachEthernet(l, true, mac != 0 ? mac : macFor(n.name(), iface), n.random("arp:", iface));
        links.add(l);
        byAddress.put(addr.address(), ni);
        return ni;
    }

    /** Connects with default interface names eth0, eth1, ... in creation order. */
    public Link connect(Node a, Cidr addrA, Node b, Cidr addrB, LinkParams p) {
        return connect(a.name() + "--" + b.name() + (links.contains(a.name() + "--" + b.name()) ? "#" + links.size() : ""),
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
            if (nameOrAddress.equals("localhost")) {
                return Ip4.LOCALHOST; // every node's /etc/hosts: 127.0.0.1 localhost
            }
            Integer a = hostNames.get(nameOrAddress);
            return a == null ? 0 : a;
        }
        return n.ip().primaryAddress();
    }

    /** Adds a line to the world's hosts table: {@code name} (e.g. www.example.com) stands for {@code address}. */
    public void addHostName(String name, int address) {
        hostNames.put(name, address);
    }

    /** The lines {@link #addHostName} added, sorted by name. */
    public Map<String, Integer> hostNames() {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hostNames));
    }

    /** The name of the node owning {@code address} (reverse lookup), or null. */
    public String reverse(int address) {
        if (address == Ip4.LOCALHOST) {
            return "localhost";
        }
        NetInterface i = byAddress.get(address);
        return i == null ? null : i.nodeName();
    }
}
