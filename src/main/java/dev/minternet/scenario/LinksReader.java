package dev.minternet.scenario;

import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.LinkDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code links:} section: each link's two ends (node, optional interface, address/prefix on a
 * shared subnet) and its channel (bandwidth, delay, MTU, queue, loss, cost). Once every link is
 * read, {@link #nameInterfaces} names the ends and {@link #checkAddressesUnique} finds an address
 * used twice.
 */
final class LinksReader {
    static final long DEFAULT_BANDWIDTH_BPS = 1_000_000_000L;
    static final int DEFAULT_MTU = 1500;
    /** The smallest MTU every IPv4 link must carry (RFC 791: a 60-byte header plus 8 data bytes). */
    static final int MIN_MTU = 68;
    static final int DEFAULT_QUEUE_PACKETS = 100;
    /** Interface costs are 16-bit, as OSPF's (RFC 2328 appendix C.3), so path sums cannot overflow. */
    static final int MAX_COST = 65535;

    private static final String[] LINK_FIELDS =
            {"name", "a", "b", "bandwidth", "delay", "mtu", "queue", "loss", "cost", "ethernet"};
    private static final String ENDPOINT_SYNTAX =
            "expected 'node[:iface] address/prefix', e.g. 'laptop 192.168.1.10/24' or 'router:eth1 10.0.0.1/30'";

    private final Topology world;

    LinksReader(Topology world) {
        this.world = world;
    }

    void read(Val v) throws ScenarioException {
        Obj o = v.obj(LINK_FIELDS);
        EndDraft a = readEnd(o.req("a", "a link needs both ends, e.g. a: laptop 192.168.1.10/24"));
        EndDraft b = readEnd(o.req("b", "a link needs both ends, e.g. b: router:eth0 192.168.1.1/24"));
        if (a.node == b.node) {
            throw b.val.error("both ends are on node '" + a.node.name + "'; a link joins two different nodes");
        }
        if (a.cidr.length() != b.cidr.length()) {
            throw b.val.error("prefix length /" + b.cidr.length() + " differs from /" + a.cidr.length()
                    + " at end a (" + a.cidr + "); both ends of a link share one subnet");
        }
        if (a.cidr.network() != b.cidr.network()) {
            throw b.val.error(b.cidr + " is not in the same subnet as end a " + a.cidr + " ("
                    + b.cidr.networkString() + " vs " + a.cidr.networkString() + ")");
        }

        Val nameVal = o.opt("name");
        String name;
        if (nameVal != null) {
            name = nameVal.text().strip();
            if (!Topology.NAME.matcher(name).matches()) {
                throw nameVal.error("bad link name '" + Yaml.oneLine(name) + "': " + Topology.NAME_RULE);
            }
        } else {
            name = a.node.name + "--" + b.node.name;
        }
        LinkDraft first = world.links.get(name);
        if (first != null) {
            Val at = nameVal != null ? nameVal : v;
            throw at.error("duplicate link name '" + name + "' (first at line " + first.val().loc().line() + ")"
                    + (nameVal == null ? "; a link's name defaults to <a-node>--<b-node>: give this one a 'name'"
                    : ""));
        }

        long bandwidth = o.opt("bandwidth", DEFAULT_BANDWIDTH_BPS, x -> x.parse(Units::bitsPerSecond));
        long delay = o.opt("delay", 0L, x -> x.parse(Units::durationNs));
        int mtu = (int) (long) o.opt("mtu", (long) DEFAULT_MTU, x -> x.integer(MIN_MTU, 65535));
        int queuePackets = DEFAULT_QUEUE_PACKETS;
        int queueBytes = 0;
        Val queue = o.opt("queue");
        if (queue != null) {
            String q = queue.text().strip();
            if (q.matches("[-+]?\\d+")) {
                queuePackets = (int) queue.integer(1, Integer.MAX_VALUE);
            } else {
                long bytes;
                try {
                    bytes = Units.bytes(q);
                } catch (IllegalArgumentException e) {
                    throw queue.error(Yaml.oneLine(e.getMessage())
                            + "; a queue is a plain number of packets (100) or a size in bytes (64KB, 128KiB)");
                }
                if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                    throw queue.error("queue size must be from 1 byte to " + Integer.MAX_VALUE + " bytes, got " + bytes);
                }
                queuePackets = 0;
                queueBytes = (int) bytes;
            }
        }
        double loss = o.opt("loss", 0.0, x -> x.parse(Units::probability));
        int cost = (int) (long) o.opt("cost", 1L, x -> x.integer(1, MAX_COST));
        boolean ethernet = o.opt("ethernet", false, Fields::bool);
        if (ethernet && a.cidr.length() > 30) {
            throw o.req("ethernet", "").error("an Ethernet link needs a prefix of /30 or shorter (ARP and a broadcast"
                    + " address), got /" + a.cidr.length());
        }

        LinkDraft link = new LinkDraft(v, name, a, b, bandwidth, delay, mtu, queuePackets,
                queueBytes, loss, cost, ethernet);
        a.link = link;
        b.link = link;
        a.node.ends.add(a);
        b.node.ends.add(b);
        world.links.put(name, link);
    }

    private EndDraft readEnd(Val v) throws ScenarioException {
        String text = v.text().strip();
        String[] parts = text.split("\\s+");
        if (parts.length != 2) {
            throw v.error(ENDPOINT_SYNTAX + "; got '" + Yaml.oneLine(text) + "'");
        }
        String nodeName = parts[0];
        String iface = null;
        int colon = nodeName.indexOf(':');
        if (colon >= 0) {
            iface = nodeName.substring(colon + 1);
            nodeName = nodeName.substring(0, colon);
            if (!Topology.IFACE.matcher(iface).matches()) {
                throw v.error("bad interface name '" + iface + "': use at most 15 lower-case letters, digits,"
                        + " '.', '_' or '-', starting with a letter or digit");
            }
        }
        NodeDraft node = world.nodes.get(nodeName);
        if (node == null) {
            throw v.error(world.unknownNode(nodeName));
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(parts[1]);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address: " + Yaml.oneLine(e.getMessage()));
        }
        checkHostAddress(v, cidr);
        return new EndDraft(v, node, iface, cidr);
    }

    /** An interface address must be a unicast host address of its subnet. */
    private static void checkHostAddress(Val v, Cidr c) throws ScenarioException {
        int a = c.address();
        String addr = Ip4.str(a);
        int firstOctet = a >>> 24;
        if (firstOctet == 0) {
            throw v.error(addr + " is in 0.0.0.0/8 ('this network', RFC 1122), not usable on an interface");
        }
        if (firstOctet == 127) {
            throw v.error(addr + " is a loopback address (127.0.0.0/8), not usable on a link");
        }
        if (firstOctet >= 224) {
            throw v.error(addr + " is a multicast or reserved address (224.0.0.0 and above), not usable on an"
                    + " interface");
        }
        // RFC 3021: on a /31 both addresses are hosts; /32 has only the one address.
        if (c.length() < 31) {
            String hosts = "use a host address from " + Ip4.str(c.network() + 1) + " to "
                    + Ip4.str(c.broadcast() - 1);
            if (a == c.network()) {
                throw v.error(addr + " is the network address of " + c.networkString() + " (" + hosts + ")");
            }
            if (a == c.broadcast()) {
                throw v.error(addr + " is the broadcast address of " + c.networkString() + " (" + hosts + ")");
            }
        }
    }

    /**
     * Names interfaces: first the explicit {@code node:iface} names (which must be unique on their
     * node), then eth0, eth1, ... per node in link order, skipping the names already taken.
     */
    void nameInterfaces() throws ScenarioException {
        for (LinkDraft l : world.links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                if (e.explicit) {
                    EndDraft prev = e.node.ifaces.putIfAbsent(e.iface, e);
                    if (prev != null) {
                        throw e.val.error("interface " + e.iface + " of " + e.node.name
                                + " is already used by " + prev.where() + " (line "
                                + prev.val.loc().line() + ")");
                    }
                }
            }
        }
        for (LinkDraft l : world.links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                if (!e.explicit) {
                    NodeDraft n = e.node;
                    while (n.ifaces.containsKey("eth" + n.nextEth)) {
                        n.nextEth++;
                    }
                    e.iface = "eth" + n.nextEth++;
                    n.ifaces.put(e.iface, e);
                }
            }
        }
    }

    void checkAddressesUnique() throws ScenarioException {
        Map<Integer, EndDraft> used = new HashMap<>();
        for (LinkDraft l : world.links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                EndDraft prev = used.putIfAbsent(e.cidr.address(), e);
                if (prev != null && !(prev.shared && e.shared && prev.node == e.node)) {
                    throw e.val.error("address " + Ip4.str(e.cidr.address()) + " is already used by "
                            + prev.node.name + " " + prev.iface + " (line " + prev.val.loc().line() + ")");
                }
            }
        }
    }

}
