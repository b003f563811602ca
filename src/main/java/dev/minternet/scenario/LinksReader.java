package dev.minternet.scenario;

import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.LinkDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip6;
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
            "expected 'node[:iface] address/prefix', e.g. 'laptop 192.168.1.10/24', 'router:eth1 10.0.0.1/30' or"
            + " 'r1 10.0.12.1/30 2001:db8:12::1/64' (an IPv4 address, an IPv6 address and a link-local fe80::/64"
            + " address, each at most once)";

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
        checkFamilies(a, b);
        if (a.cidr != null && a.cidr.length() != b.cidr.length()) {
            throw b.val.error("prefix length /" + b.cidr.length() + " differs from /" + a.cidr.length()
                    + " at end a (" + a.cidr + "); both ends of a link share one subnet");
        }
        if (a.cidr != null && a.cidr.network() != b.cidr.network()) {
            throw b.val.error(b.cidr + " is not in the same subnet as end a " + a.cidr + " ("
                    + b.cidr.networkString() + " vs " + a.cidr.networkString() + ")");
        }
        if (a.cidr6 != null && a.cidr6.length() != b.cidr6.length()) {
            throw b.val.error("IPv6 prefix length /" + b.cidr6.length() + " differs from /" + a.cidr6.length()
                    + " at end a (" + a.cidr6 + "); both ends of a link share one subnet");
        }
        if (a.cidr6 != null && !a.cidr6.network().equals(b.cidr6.network())) {
            throw b.val.error(b.cidr6 + " is not in the same subnet as end a " + a.cidr6 + " ("
                    + b.cidr6.networkString() + " vs " + a.cidr6.networkString() + ")");
        }
        if (a.cidr6 != null && a.cidr6.address().equals(b.cidr6.address())) {
            throw b.val.error("IPv6 address " + b.cidr6.address() + " is end a's too; each end needs its own");
        }
        if (a.linkLocal6 != null && a.linkLocal6.equals(b.linkLocal6)) {
            throw b.val.error("link-local address " + b.linkLocal6 + " is end a's too; each end needs its own");
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
        long delay = o.opt("delay", 0L, Fields::linkDelay);
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
        if (a.ipv6() && mtu < dev.minternet.wire.Ipv6Packet.MIN_MTU) {
            throw o.req("mtu", "").error("IPv6 on link '" + name + "' needs an MTU of 1280 or more (RFC 8200 5), got "
                    + mtu);
        }
        if (ethernet && a.cidr != null && a.cidr.length() > 30) {
            throw o.req("ethernet", "").error("an Ethernet link needs a prefix of /30 or shorter (ARP and a broadcast"
                    + " address), got /" + a.cidr.length());
        }

        LinkDraft link = new LinkDraft(v, name, a, b, bandwidth, delay, mtu, queuePackets,
                queueBytes, loss, cost, ethernet);
        a.link = link;
        b.link = link;
        for (EndDraft e : new EndDraft[] {a, b}) {
            if (e.cidr != null) {
                e.node.ends.add(e); // an IPv6-only end has no IPv4 address to check routes, NAT or OSPF against
            }
            if (e.ipv6()) {
                e.node.ends6.add(e);
            }
        }
        world.links.put(name, link);
    }

    /** Both ends carry the same families: IPv4 at both or neither, an IPv6 prefix at both or neither, IPv6 at both or neither. */
    private static void checkFamilies(EndDraft a, EndDraft b) throws ScenarioException {
        if ((a.cidr == null) != (b.cidr == null)) {
            EndDraft has = a.cidr != null ? a : b;
            throw b.val.error("family mismatch: end " + (has == a ? "a" : "b") + " has IPv4 " + has.cidr + " but end "
                    + (has == a ? "b" : "a") + " has no IPv4 address; give both ends an address in one IPv4 subnet, or"
                    + " neither");
        }
        if ((a.cidr6 == null) != (b.cidr6 == null) && a.ipv6() && b.ipv6()) {
            EndDraft has = a.cidr6 != null ? a : b;
            throw b.val.error("family mismatch: end " + (has == a ? "a" : "b") + " has IPv6 " + has.cidr6 + " but end "
                    + (has == a ? "b" : "a") + " only a link-local address; give both ends an address in one IPv6"
                    + " subnet, or neither");
        }
        if (a.ipv6() != b.ipv6()) {
            EndDraft has = a.ipv6() ? a : b;
            throw b.val.error("family mismatch: end " + (has == a ? "a" : "b") + " has IPv6 ("
                    + (has.cidr6 != null ? has.cidr6 : has.linkLocal6) + ") but end " + (has == a ? "b" : "a")
                    + " has none; IPv6 runs on a link when both ends have it");
        }
    }

    private EndDraft readEnd(Val v) throws ScenarioException {
        String text = v.text().strip();
        String[] parts = text.split("\\s+");
        if (parts.length < 2) {
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
        Cidr cidr = null;
        Ip6.Cidr cidr6 = null;
        Ip6 linkLocal = null;
        for (int i = 1; i < parts.length; i++) {
            String w = parts[i];
            if (w.equals("ipv6") && i + 1 < parts.length) {
                w = parts[++i]; // 'ipv6 ADDRESS/PREFIX', as a LAN port writes it
                if (!w.contains(":")) {
                    throw v.error("bad IPv6 address: not an IPv6 address: '" + Yaml.oneLine(w) + "'");
                }
            }
            if (w.contains(":")) {
                Ip6.Cidr c;
                try {
                    c = Ip6.Cidr.parse(w);
                } catch (IllegalArgumentException e) {
                    throw v.error("bad IPv6 address: " + Yaml.oneLine(e.getMessage()));
                }
                if (c.address().isLinkLocal()) {
                    if (linkLocal != null) {
                        throw v.error("two link-local addresses (" + linkLocal + ", " + c.address() + "); an end has one");
                    }
                    linkLocal = linkLocal(v, c);
                } else {
                    if (cidr6 != null) {
                        throw v.error("two IPv6 addresses (" + cidr6 + ", " + c + "); an end has one (and may add a"
                                + " link-local fe80::/64 one)");
                    }
                    cidr6 = LansReader.ipv6(v, w);
                }
            } else {
                if (cidr != null) {
                    throw v.error("two IPv4 addresses (" + cidr + ", " + Yaml.oneLine(w) + "); an end has one");
                }
                try {
                    cidr = Cidr.parse(w);
                } catch (IllegalArgumentException e) {
                    throw v.error("bad address: " + Yaml.oneLine(e.getMessage()));
                }
                checkHostAddress(v, cidr);
            }
        }
        EndDraft end = new EndDraft(v, node, iface, cidr);
        end.cidr6 = cidr6;
        end.linkLocal6 = linkLocal;
        return end;
    }

    /** A link-local address the scenario gives: in fe80::/64, with prefix /64, not fe80:: itself. */
    private static Ip6 linkLocal(Val v, Ip6.Cidr c) throws ScenarioException {
        if (c.length() != 64 || !c.address().inPrefix(new Ip6(Ip6.LINK_LOCAL_HI, 0), 64)) {
            throw v.error("link-local address " + c + " must be in fe80::/64 with prefix /64 (RFC 4291 2.5.6),"
                    + " e.g. fe80::1/64");
        }
        if (c.address().lo() == 0) {
            throw v.error("fe80:: is the subnet-router anycast address of fe80::/64; give the interface another,"
                    + " e.g. fe80::1/64");
        }
        return c.address();
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
        Map<Ip6, EndDraft> used6 = new HashMap<>();
        for (LinkDraft l : world.links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                if (e.cidr6 != null) {
                    EndDraft prev6 = used6.putIfAbsent(e.cidr6.address(), e);
                    if (prev6 != null) {
                        throw e.val.error("IPv6 address " + e.cidr6.address() + " is already used by " + prev6.node.name
                                + " " + prev6.iface + " (line " + prev6.val.loc().line() + ")");
                    }
                }
                if (e.cidr == null) {
                    continue;
                }
                EndDraft prev = used.putIfAbsent(e.cidr.address(), e);
                if (prev != null && !(prev.shared && e.shared && prev.node == e.node)) {
                    throw e.val.error("address " + Ip4.str(e.cidr.address()) + " is already used by "
                            + prev.node.name + " " + prev.iface + " (line " + prev.val.loc().line() + ")");
                }
            }
        }
    }

}
