package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.LanPort;
import dev.minternet.scenario.Scenario.LanSpec;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.sim.RandomStreams;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code lans:} section: Ethernet switches and what is plugged into their ports. A port is
 * {@code node[:iface] address/prefix [vlan N] [mac XX:XX:XX:XX:XX:XX]} (an access port, VLAN 1 by
 * default) or {@code trunk SWITCH [vlans N,M,...]} (a trunk to another switch: VLAN 1 untagged, the
 * listed VLANs tagged). Checked once every section is read: an interface in two LANs, addresses
 * taken twice, a node's subnets overlapping, MAC addresses colliding (the derived ones too), a
 * VLAN with access ports on several switches that a switch's trunks do not carry.
 */
final class LansReader {
    private static final String[] LAN_FIELDS = {"switch", "stp", "bandwidth", "delay", "mtu", "ports"};
    private static final String PORT_SYNTAX = "expected 'node[:iface] address/prefix [vlan N] [mac XX:XX:XX:XX:XX:XX] [delay D]'"
            + " or 'trunk SWITCH [vlans N,M]', e.g. 'laptop 192.168.1.10/24 vlan 10'";

    private final Topology world;

    LansReader(Topology world) {
        this.world = world;
    }

    /** A switch as read. */
    static final class LanDraft {
        final Val val;
        final String name;
        final boolean stp;
        final long bandwidth;
        final long delay;
        final int mtu;
        final List<PortDraft> ports = new ArrayList<>();

        LanDraft(Val val, String name, boolean stp, long bandwidth, long delay, int mtu) {
            this.val = val;
            this.name = name;
            this.stp = stp;
            this.bandwidth = bandwidth;
            this.delay = delay;
            this.mtu = mtu;
        }
    }

    static final class PortDraft {
        final Val val;
        EndDraft end;
        int vlan = 1;
        long mac;
        boolean explicitMac;
        String trunkTo;
        Val trunkVal;
        final BitSet vlans = new BitSet();
        /** This port's cable delay, or -1 for the LAN's. */
        long delayNs = -1;

        PortDraft(Val val) {
            this.val = val;
        }
    }

    void read(Val v) throws ScenarioException {
        Obj o = v.obj(LAN_FIELDS);
        Val nameVal = o.req("switch", "the switch's name, e.g. switch: sw1");
        String name = nameVal.text().strip();
        if (!Topology.NAME.matcher(name).matches()) {
            throw nameVal.error("bad switch name '" + Yaml.oneLine(name) + "': " + Topology.NAME_RULE);
        }
        if (world.lans.containsKey(name)) {
            throw nameVal.error("duplicate switch '" + name + "' (first at line "
                    + world.lans.get(name).val.loc().line() + ")");
        }
        if (world.nodes.containsKey(name)) {
            throw nameVal.error("switch '" + name + "' has the name of a node; give it another");
        }
        boolean stp = o.opt("stp", true, Fields::bool);
        long bandwidth = o.opt("bandwidth", LinksReader.DEFAULT_BANDWIDTH_BPS, x -> x.parse(Units::bitsPerSecond));
        long delay = o.opt("delay", 0L, x -> x.parse(Units::durationNs));
        int mtu = (int) (long) o.opt("mtu", (long) LinksReader.DEFAULT_MTU, x -> x.integer(LinksReader.MIN_MTU, 1500));
        LanDraft lan = new LanDraft(nameVal, name, stp, bandwidth, delay, mtu);
        List<Val> ports = o.req("ports", "the switch's ports, e.g. - laptop 192.168.1.10/24").list();
        if (ports.isEmpty()) {
            throw o.req("ports", "").error("a switch needs at least one port");
        }
        for (Val pv : ports) {
            lan.ports.add(readPort(lan, pv));
        }
        world.lans.put(name, lan);
    }

    private PortDraft readPort(LanDraft lan, Val v) throws ScenarioException {
        String text = v.text().strip();
        String[] w = text.split("\\s+");
        PortDraft p = new PortDraft(v);
        if (w[0].equals("trunk")) {
            if (w.length != 2 && !(w.length == 4 && w[2].equals("vlans"))) {
                throw v.error(PORT_SYNTAX + "; got '" + Yaml.oneLine(text) + "'");
            }
            p.trunkTo = w[1];
            p.trunkVal = v;
            if (w[1].equals(lan.name)) {
                throw v.error("a trunk from switch '" + lan.name + "' to itself");
            }
            if (w.length == 4) {
                for (String s : w[3].split(",")) {
                    p.vlans.set(vid(v, s));
                }
            }
            return p;
        }
        if (w.length < 2 || w.length % 2 != 0) {
            throw v.error(PORT_SYNTAX + "; got '" + Yaml.oneLine(text) + "'");
        }
        String nodeName = w[0];
        String iface = null;
        int colon = nodeName.indexOf(':');
        if (colon >= 0) {
            iface = nodeName.substring(colon + 1);
            nodeName = nodeName.substring(0, colon);
            if (!Topology.IFACE.matcher(iface).matches()) {
                throw v.error("bad interface name '" + Yaml.oneLine(iface) + "': use at most 15 lower-case letters,"
                        + " digits, '.', '_' or '-', starting with a letter or digit");
            }
        }
        NodeDraft node = world.nodes.get(nodeName);
        if (node == null) {
            throw v.error(world.unknownNode(Yaml.oneLine(nodeName)));
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(w[1]);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address: " + Yaml.oneLine(e.getMessage()));
        }
        if (cidr.length() > 30) {
            throw v.error(cidr + ": a LAN needs a prefix of /30 or shorter (room for hosts and a broadcast address)");
        }
        if (cidr.address() == cidr.network() || cidr.address() == cidr.broadcast() || (cidr.address() >>> 24) == 127
                || (cidr.address() >>> 24) == 0 || (cidr.address() >>> 28) >= 0xe) {
            throw v.error(Ip4.str(cidr.address()) + " is not a host address of " + cidr.networkString());
        }
        for (int i = 2; i < w.length; i += 2) {
            switch (w[i]) {
                case "vlan" -> p.vlan = vid(v, w[i + 1]);
                case "mac" -> {
                    try {
                        p.mac = Mac.parse(w[i + 1]);
                    } catch (IllegalArgumentException e) {
                        throw v.error(Yaml.oneLine(e.getMessage()));
                    }
                    if (Mac.isMulticast(p.mac) || p.mac == 0) {
                        throw v.error("MAC address " + w[i + 1] + " is not a unicast address (the first octet must be even)");
                    }
                    p.explicitMac = true;
                }
                case "delay" -> {
                    try {
                        p.delayNs = dev.minternet.units.Units.durationNs(w[i + 1]);
                    } catch (IllegalArgumentException e) {
                        throw v.error(Yaml.oneLine(e.getMessage()));
                    }
                }
                default -> throw v.error("unknown port option '" + Yaml.oneLine(w[i]) + "'; " + PORT_SYNTAX);
            }
        }
        EndDraft e = new EndDraft(v, node, iface, cidr);
        e.lan = lan.name;
        node.ends.add(e);
        p.end = e;
        return p;
    }

    private static int vid(Val v, String s) throws ScenarioException {
        if (!s.matches("\\d{1,4}")) {
            throw v.error("bad VLAN ID '" + Yaml.oneLine(s) + "': expected a number from 1 to 4094");
        }
        int n = Integer.parseInt(s);
        if (n < 1 || n > 4094) {
            throw v.error("VLAN ID " + n + " is out of range: 802.1Q VLAN IDs are 1 to 4094");
        }
        return n;
    }

    /** Registers the interface names LAN ports give explicitly (before the links name theirs). */
    void claimExplicitNames() throws ScenarioException {
        for (LanDraft l : world.lans.values()) {
            for (PortDraft p : l.ports) {
                if (p.end != null && p.end.explicit) {
                    EndDraft prev = p.end.node.ifaces.putIfAbsent(p.end.iface, p.end);
                    if (prev != null) {
                        throw p.val.error("interface " + p.end.iface + " of " + p.end.node.name + " is already in "
                                + prev.where() + " (line " + prev.val.loc().line() + "); an interface is in one LAN");
                    }
                }
            }
        }
    }

    /** Names the other LAN interfaces eth0, eth1, ... after the links' (per node, skipping names taken). */
    void nameRest() {
        for (LanDraft l : world.lans.values()) {
            for (PortDraft p : l.ports) {
                if (p.end != null && !p.end.explicit) {
                    NodeDraft n = p.end.node;
                    while (n.ifaces.containsKey("eth" + n.nextEth)) {
                        n.nextEth++;
                    }
                    p.end.iface = "eth" + n.nextEth++;
                    n.ifaces.put(p.end.iface, p.end);
                }
            }
        }
    }

    /** The checks that need every section and the seed: trunks, addresses, subnets, MACs, VLANs. */
    void check(long seed) throws ScenarioException {
        RandomStreams streams = new RandomStreams(seed);
        Map<Integer, EndDraft> addrs = new HashMap<>();
        for (NodeDraft n : world.nodes.values()) {
            for (EndDraft e : n.ends) {
                if (e.lan == null) {
                    addrs.putIfAbsent(e.cidr.address(), e);
                }
            }
        }
        Map<Long, PortDraft> macs = new HashMap<>();
        Map<Integer, List<LanDraft>> vlanSwitches = new HashMap<>();
        for (LanDraft l : world.lans.values()) {
            for (PortDraft p : l.ports) {
                if (p.trunkTo != null) {
                    if (!world.lans.containsKey(p.trunkTo)) {
                        throw p.val.error("unknown switch '" + Yaml.oneLine(p.trunkTo) + "' (known switches: "
                                + Yaml.listSome(new ArrayList<>(world.lans.keySet()), Topology.MAX_LISTED) + ")");
                    }
                    continue;
                }
                EndDraft e = p.end;
                EndDraft prev = addrs.putIfAbsent(e.cidr.address(), e);
                if (prev != null) {
                    throw p.val.error("address " + Ip4.str(e.cidr.address()) + " is already used by " + prev.node.name
                            + " " + prev.iface + " (line " + prev.val.loc().line() + ")");
                }
                for (EndDraft o : e.node.ends) {
                    if (o == e) {
                        break; // the later of two overlapping interfaces is the one reported
                    }
                    if (overlap(o.cidr, e.cidr)) {
                        throw p.val.error(e.cidr.networkString() + " of " + e.node.name + " " + e.iface + " overlaps "
                                + o.cidr.networkString() + " of its " + o.iface + " (line " + o.val.loc().line()
                                + "); a node's interfaces are on different subnets");
                    }
                }
                long mac = p.explicitMac ? p.mac : Mac.derived(streams.stream("mac:" + e.node.name + ":" + e.iface));
                p.mac = mac;
                PortDraft other = macs.putIfAbsent(mac, p);
                if (other != null) {
                    throw p.val.error("MAC address " + Mac.str(mac) + " collides with " + other.end.node.name + " "
                            + other.end.iface + " (line " + other.val.loc().line() + ")");
                }
                List<LanDraft> sws = vlanSwitches.computeIfAbsent(p.vlan, k -> new ArrayList<>());
                if (!sws.contains(l)) {
                    sws.add(l);
                }
            }
        }
        for (Map.Entry<Integer, List<LanDraft>> en : vlanSwitches.entrySet()) {
            int vid = en.getKey();
            if (vid == 1 || en.getValue().size() < 2) {
                continue;
            }
            for (LanDraft l : en.getValue()) {
                if (!carries(l, vid)) {
                    PortDraft first = null;
                    for (PortDraft p : l.ports) {
                        if (p.trunkTo == null && p.vlan == vid) {
                            first = p;
                            break;
                        }
                    }
                    throw first.val.error("VLAN " + vid + " has ports on several switches but no trunk of switch '"
                            + l.name + "' carries it; add it to a trunk's vlans");
                }
            }
        }
    }

    /** Whether a trunk of {@code l}, declared on it or on the switch at the other end, carries {@code vid}. */
    private boolean carries(LanDraft l, int vid) {
        for (LanDraft o : world.lans.values()) {
            for (PortDraft p : o.ports) {
                if (p.trunkTo != null && p.vlans.get(vid) && (o == l || p.trunkTo.equals(l.name))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean overlap(Cidr a, Cidr b) {
        int len = Math.min(a.length(), b.length());
        int mask = len == 0 ? 0 : -1 << (32 - len);
        return (a.network() & mask) == (b.network() & mask);
    }

    List<LanSpec> specs() {
        List<LanSpec> out = new ArrayList<>();
        for (LanDraft l : world.lans.values()) {
            List<LanPort> ports = new ArrayList<>();
            for (PortDraft p : l.ports) {
                ports.add(new LanPort(p.end == null ? null : p.end.build(), p.vlan, p.explicitMac ? p.mac : 0, p.trunkTo, p.vlans,
                        p.val.loc(), p.delayNs));
            }
            out.add(new LanSpec(l.name, l.stp, l.bandwidth, l.delay, l.mtu, List.copyOf(ports), l.val.loc()));
        }
        return List.copyOf(out);
    }
}
