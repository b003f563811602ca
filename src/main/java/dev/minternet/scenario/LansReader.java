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
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
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
    private static final String[] LAN_FIELDS = {"switch", "stp", "bandwidth", "delay", "mtu", "ports", "slaac", "dhcp"};
    private static final String[] DHCP_FIELDS = {"server", "pool", "lease", "router", "dns"};
    private static final String PORT_SYNTAX = "expected 'node[:iface] address/prefix [vlan N] [mac XX:XX:XX:XX:XX:XX]"
            + " [ipv6 ADDRESS/PREFIX] [delay D]', 'node[:iface] dhcp [leased A.B.C.D] [vlan N] [mac M]' or 'trunk SWITCH [vlans N,M]',"
            + " e.g. 'laptop 192.168.1.10/24 vlan 10'";
    /** The shortest lease accepted (T1 and T2 are whole seconds: half and seven eighths of it). */
    static final long MIN_LEASE_NS = 10_000_000_000L;
    /** The most addresses one pool may hold. */
    static final long MAX_POOL = 65_536;

    private static final String[] WIFI_FIELDS = {"wifi", "rate", "ap-rate", "queue", "mtu", "uplink", "bandwidth",
        "delay", "stations"};
    private static final String STATION_SYNTAX = "expected 'node[:iface] address/prefix [rate R] [mac XX:XX:XX:XX:XX:XX]',"
            + " e.g. 'laptop 192.168.1.10/24 rate 24Mbps'";
    static final long DEFAULT_WIFI_RATE = 54_000_000L;

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
        /** A Wi-Fi access point's: its rate and queue limit (0 on a switch). */
        boolean wifi;
        long apRate;
        int queue;
        /** The {@code slaac:} value: the router advertising its IPv6 prefix on this LAN, or null. */
        Val slaac;
        String slaacRouter;
        DhcpDraft dhcp;

        LanDraft(Val val, String name, boolean stp, long bandwidth, long delay, int mtu) {
            this.val = val;
            this.name = name;
            this.stp = stp;
            this.bandwidth = bandwidth;
            this.delay = delay;
            this.mtu = mtu;
        }
    }

    /** A switch's {@code dhcp:} server as read; checked in {@link #check}. */
    static final class DhcpDraft {
        Val val;
        Val serverVal;
        String server;
        String iface;
        Val poolVal;
        int first;
        int last;
        long leaseNs;
        Val routerVal;
        int router;
        List<Integer> dns = new ArrayList<>();
        PortDraft port;
    }

    static final class PortDraft {
        final Val val;
        boolean dhcp;
        /** {@code leased ADDRESS}: the lease a DHCP client holds when the world starts (0: none). */
        int leased;
        Val leasedVal;
        EndDraft end;
        int vlan = 1;
        long mac;
        boolean explicitMac;
        String trunkTo;
        Val trunkVal;
        final BitSet vlans = new BitSet();
        /** A Wi-Fi station's rate (0: the LAN's), or whether the port is a Wi-Fi access point's wired uplink. */
        long rate;
        boolean uplink;
        Ip6.Cidr ipv6;
        /** This port's cable delay, or -1 for the LAN's. */
        long delayNs = -1;

        PortDraft(Val val) {
            this.val = val;
        }
    }

    void read(Val v) throws ScenarioException {
        if (isWifi(v)) {
            readWifi(v);
            return;
        }
        Obj o = v.obj(LAN_FIELDS);
        Val nameVal = o.req("switch", "the switch's name, e.g. switch: sw1");
        String name = checkName(nameVal, "switch");
        boolean stp = o.opt("stp", true, Fields::bool);
        long bandwidth = o.opt("bandwidth", LinksReader.DEFAULT_BANDWIDTH_BPS, x -> x.parse(Units::bitsPerSecond));
        long delay = o.opt("delay", 0L, Fields::linkDelay);
        int mtu = (int) (long) o.opt("mtu", (long) LinksReader.DEFAULT_MTU, x -> x.integer(LinksReader.MIN_MTU, 1500));
        LanDraft lan = new LanDraft(nameVal, name, stp, bandwidth, delay, mtu);
        lan.slaac = o.opt("slaac");
        lan.slaacRouter = lan.slaac == null ? null : lan.slaac.text().strip();
        List<Val> ports = o.req("ports", "the switch's ports, e.g. - laptop 192.168.1.10/24").list();
        if (ports.isEmpty()) {
            throw o.req("ports", "").error("a switch needs at least one port");
        }
        for (Val pv : ports) {
            lan.ports.add(readPort(lan, pv));
        }
        Val dv = o.opt("dhcp");
        if (dv != null) {
            lan.dhcp = readDhcp(dv);
        }
        world.lans.put(name, lan);
    }

    /** Whether the entry is a Wi-Fi access point (it has a {@code wifi:} field) rather than a switch. */
    private static boolean isWifi(Val v) {
        if (v.node instanceof org.snakeyaml.engine.v2.nodes.MappingNode m) {
            for (org.snakeyaml.engine.v2.nodes.NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s && s.getValue().equals("wifi")) {
                    return true;
                }
            }
        }
        return false;
    }

    private String checkName(Val nameVal, String what) throws ScenarioException {
        String name = nameVal.text().strip();
        if (!Topology.NAME.matcher(name).matches()) {
            throw nameVal.error("bad " + what + " name '" + Yaml.oneLine(name) + "': " + Topology.NAME_RULE);
        }
        if (world.lans.containsKey(name)) {
            throw nameVal.error("duplicate " + what + " '" + name + "' (first at line "
                    + world.lans.get(name).val.loc().line() + ")");
        }
        if (world.nodes.containsKey(name)) {
            throw nameVal.error(what + " '" + name + "' has the name of a node; give it another");
        }
        return name;
    }

    /** A {@code wifi:} entry: an 802.11a access point, its stations and its optional wired uplink. */
    private void readWifi(Val v) throws ScenarioException {
        Obj o = v.obj(WIFI_FIELDS);
        Val nameVal = o.req("wifi", "the access point's name, e.g. wifi: home");
        String name = checkName(nameVal, "access point");
        long rate = o.opt("rate", DEFAULT_WIFI_RATE, LansReader::wifiRate);
        long apRate = o.opt("ap-rate", DEFAULT_WIFI_RATE, LansReader::wifiRate);
        int queue = (int) (long) o.opt("queue", (long) LinksReader.DEFAULT_QUEUE_PACKETS, x -> x.integer(1, 100_000));
        long bandwidth = o.opt("bandwidth", LinksReader.DEFAULT_BANDWIDTH_BPS, x -> x.parse(Units::bitsPerSecond));
        long delay = o.opt("delay", 0L, Fields::linkDelay);
        int mtu = (int) (long) o.opt("mtu", (long) LinksReader.DEFAULT_MTU, x -> x.integer(LinksReader.MIN_MTU, 1500));
        LanDraft lan = new LanDraft(nameVal, name, false, bandwidth, delay, mtu);
        lan.wifi = true;
        lan.apRate = apRate;
        lan.queue = queue;
        Val up = o.opt("uplink");
        if (up != null) {
            PortDraft p = readPort(lan, up);
            if (p.rate != 0) {
                throw up.error("the uplink is a cable to the access point: it has no Wi-Fi rate (set bandwidth: instead)");
            }
            p.uplink = true;
            lan.ports.add(p);
        }
        List<Val> stations = o.req("stations", "the access point's stations, e.g. - laptop 192.168.1.10/24").list();
        if (stations.isEmpty()) {
            throw o.req("stations", "").error("an access point needs at least one station");
        }
        for (Val sv : stations) {
            PortDraft p = readPort(lan, sv);
            if (p.rate == 0) {
                p.rate = rate;
            }
            lan.ports.add(p);
        }
        world.lans.put(name, lan);
    }

    /** An 802.11a data rate: 6, 9, 12, 18, 24, 36, 48 or 54 Mbit/s. */
    static long wifiRate(Val v) throws ScenarioException {
        long r = v.parse(Units::bitsPerSecond);
        if (!dev.minternet.link.wifi.Dcf.isRate(r)) {
            throw v.error(Yaml.oneLine(v.text().strip()) + " is not an 802.11a rate: use 6, 9, 12, 18, 24, 36, 48 or 54Mbps");
        }
        return r;
    }

    private static DhcpDraft readDhcp(Val v) throws ScenarioException {
        Obj o = v.obj(DHCP_FIELDS);
        DhcpDraft d = new DhcpDraft();
        d.val = v;
        d.serverVal = o.req("server", "the node[:iface] that serves, a port of this switch, e.g. server: home-router");
        String s = d.serverVal.text().strip();
        int colon = s.indexOf(':');
        d.server = colon < 0 ? s : s.substring(0, colon);
        d.iface = colon < 0 ? null : s.substring(colon + 1);
        d.poolVal = o.req("pool", "the addresses to lease, e.g. pool: 192.168.1.100-192.168.1.199");
        String pool = d.poolVal.text().strip();
        String[] r = pool.split("\\s*-\\s*");
        if (r.length != 2 || !Ip4.isAddress(r[0]) || !Ip4.isAddress(r[1])) {
            throw d.poolVal.error("bad pool '" + Yaml.oneLine(pool) + "': expected FIRST-LAST, e.g. 192.168.1.100-192.168.1.199");
        }
        d.first = Ip4.parse(r[0]);
        d.last = Ip4.parse(r[1]);
        if (Integer.compareUnsigned(d.first, d.last) > 0) {
            throw d.poolVal.error("pool " + pool + " ends before it starts");
        }
        if ((d.last & 0xffffffffL) - (d.first & 0xffffffffL) + 1 > MAX_POOL) {
            throw d.poolVal.error("pool " + pool + " holds more than " + MAX_POOL + " addresses");
        }
        d.leaseNs = o.opt("lease", 3_600_000_000_000L, x -> {
            long ns = x.parse(Units::durationNs);
            if (ns < MIN_LEASE_NS || ns % 1_000_000_000L != 0 || ns / 1_000_000_000L > 0xffffffffL - 1) {
                throw x.error("a lease is whole seconds, at least 10s (got " + Yaml.oneLine(x.text()) + ")");
            }
            return ns;
        });
        d.routerVal = o.opt("router");
        if (d.routerVal != null) {
            d.router = address(d.routerVal);
        }
        Val dns = o.opt("dns");
        if (dns != null) {
            for (Val a : dns.list()) {
                d.dns.add(address(a));
            }
            if (d.dns.isEmpty() || d.dns.size() > 3) {
                throw dns.error("give 1 to 3 nameservers (resolv.conf reads at most 3)");
            }
        }
        return d;
    }

    private static int address(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (!Ip4.isAddress(t)) {
            throw v.error("bad address '" + Yaml.oneLine(t) + "': expected a dotted quad, e.g. 192.168.1.1");
        }
        return Ip4.parse(t);
    }

    private PortDraft readPort(LanDraft lan, Val v) throws ScenarioException {
        String text = v.text().strip();
        String[] w = text.split("\\s+");
        PortDraft p = new PortDraft(v);
        String syntax = lan.wifi ? STATION_SYNTAX : PORT_SYNTAX;
        if (w[0].equals("trunk") && lan.wifi) {
            throw v.error("an access point has no trunks; " + STATION_SYNTAX);
        }
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
            throw v.error(syntax + "; got '" + Yaml.oneLine(text) + "'");
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
        Cidr cidr = null;
        if (w[1].equals("dhcp")) {
            p.dhcp = true;
        } else {
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
        }
        for (int i = 2; i < w.length; i += 2) {
            switch (w[i]) {
                case "vlan" -> {
                    if (lan.wifi) {
                        throw v.error("unknown station option 'vlan'; " + syntax);
                    }
                    p.vlan = vid(v, w[i + 1]);
                }
                case "rate" -> {
                    if (!lan.wifi) {
                        throw v.error("unknown port option 'rate' (rates are a Wi-Fi station's); " + syntax);
                    }
                    p.rate = wifiRate(v, w[i + 1]);
                }
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
                case "ipv6" -> p.ipv6 = ipv6(v, w[i + 1]);
                case "leased" -> {
                    if (!p.dhcp) {
                        throw v.error("'leased' is a DHCP client's (node[:iface] dhcp leased ADDRESS); " + syntax);
                    }
                    try {
                        p.leased = Ip4.parse(w[i + 1]);
                    } catch (IllegalArgumentException e) {
                        throw v.error("bad leased address: " + Yaml.oneLine(e.getMessage()));
                    }
                    p.leasedVal = v;
                }
                case "delay" -> {
                    try {
                        p.delayNs = dev.minternet.units.Units.durationNs(w[i + 1]);
                    } catch (IllegalArgumentException e) {
                        throw v.error(Yaml.oneLine(e.getMessage()));
                    }
                    if (p.delayNs > Fields.MAX_LINK_DELAY_NS) {
                        throw v.error("a cable's delay must be at most 1h, got " + Yaml.oneLine(w[i + 1]));
                    }
                }
                default -> throw v.error("unknown " + (lan.wifi ? "station" : "port") + " option '" + Yaml.oneLine(w[i])
                        + "'; " + syntax);
            }
        }
        EndDraft e = new EndDraft(v, node, iface, cidr);
        e.lan = lan.name;
        if (cidr != null) {
            node.ends.add(e); // a DHCP client's interface has no address to check routes, NAT or OSPF against
        }
        p.end = e;
        return p;
    }

    private static long wifiRate(Val v, String s) throws ScenarioException {
        long r;
        try {
            r = Units.bitsPerSecond(s);
        } catch (IllegalArgumentException e) {
            throw v.error("bad rate: " + Yaml.oneLine(e.getMessage()));
        }
        if (!dev.minternet.link.wifi.Dcf.isRate(r)) {
            throw v.error(Yaml.oneLine(s) + " is not an 802.11a rate: use 6, 9, 12, 18, 24, 36, 48 or 54Mbps");
        }
        return r;
    }

    /** An interface's IPv6 address: a unicast, global (or unique local) address with its prefix length. */
    static Ip6.Cidr ipv6(Val v, String s) throws ScenarioException {
        Ip6.Cidr c;
        try {
            c = Ip6.Cidr.parse(s);
        } catch (IllegalArgumentException e) {
            throw v.error("bad IPv6 address: " + Yaml.oneLine(e.getMessage()));
        }
        Ip6 a = c.address();
        if (a.isMulticast() || a.isUnspecified() || a.isLoopback() || a.isLinkLocal()) {
            throw v.error(a + " is not a global unicast address (the link-local address comes from the MAC address;"
                    + " multicast, :: and ::1 are no interface's)");
        }
        if (c.length() < 8 || c.length() > 127) {
            throw v.error(c + ": an interface's IPv6 prefix is /8 to /127 (a LAN's is /64)");
        }
        if (a.equals(c.network()) && c.length() < 127) {
            throw v.error(a + " is the subnet-router anycast address of " + c.networkString() + " (RFC 4291 2.6.1);"
                    + " give the interface another");
        }
        return c;
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
                if (p.end != null && !p.end.explicit && l.wifi && !p.uplink) {
                    NodeDraft n = p.end.node;
                    int k = 0;
                    while (n.ifaces.containsKey("wlan" + k)) {
                        k++;
                    }
                    p.end.iface = "wlan" + k;
                    n.ifaces.put(p.end.iface, p.end);
                } else if (p.end != null && !p.end.explicit) {
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
                    if (world.lans.get(p.trunkTo).wifi) {
                        throw p.val.error("'" + p.trunkTo + "' is a Wi-Fi access point: a trunk joins two switches"
                                + " (plug a node into the access point's uplink instead)");
                    }
                    continue;
                }
                EndDraft e = p.end;
                EndDraft prev = e.cidr == null ? null : addrs.putIfAbsent(e.cidr.address(), e);
                if (prev != null) {
                    throw p.val.error("address " + Ip4.str(e.cidr.address()) + " is already used by " + prev.node.name
                            + " " + prev.iface + " (line " + prev.val.loc().line() + ")");
                }
                for (EndDraft o : e.node.ends) {
                    if (o == e || e.cidr == null) {
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
        checkIpv6();
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
        checkDhcp();
    }

    /**
     * The DHCP checks: a server that is a statically addressed port of its switch, a pool inside its
     * subnet that holds neither its address nor any static port's, a router inside it, pools that
     * do not overlap, and every {@code dhcp} port on a switch whose server is in its VLAN.
     */
    private void checkDhcp() throws ScenarioException {
        List<LanDraft> served = new ArrayList<>();
        for (LanDraft l : world.lans.values()) {
            DhcpDraft d = l.dhcp;
            if (d == null) {
                continue;
            }
            for (PortDraft p : l.ports) {
                if (p.end != null && p.end.node.name.equals(d.server) && (d.iface == null || d.iface.equals(p.end.iface))) {
                    d.port = p;
                    break;
                }
            }
            if (d.port == null) {
                throw d.serverVal.error("'" + Yaml.oneLine(d.serverVal.text().strip()) + "' has no port on switch '"
                        + l.name + "'; the DHCP server is one of its ports");
            }
            if (d.port.dhcp) {
                throw d.serverVal.error(d.server + " " + d.port.end.iface + " gets its own address by DHCP;"
                        + " a server needs a static address");
            }
            Cidr net = d.port.end.cidr;
            String pool = Ip4.str(d.first) + "-" + Ip4.str(d.last);
            if (!net.contains(d.first) || !net.contains(d.last)) {
                throw d.poolVal.error("pool " + pool + " is outside " + d.server + " " + d.port.end.iface + "'s subnet "
                        + net.networkString());
            }
            if (d.first == net.network() || d.last == net.broadcast()) {
                throw d.poolVal.error("pool " + pool + " holds the " + (d.first == net.network() ? "network" : "broadcast")
                        + " address of " + net.networkString());
            }
            for (PortDraft p : l.ports) {
                if (p.end != null && p.end.cidr != null && inRange(p.end.cidr.address(), d.first, d.last)) {
                    throw d.poolVal.error("pool " + pool + " holds " + Ip4.str(p.end.cidr.address()) + ", the static address of "
                            + p.end.node.name + " " + p.end.iface + " (line " + p.val.loc().line() + ")");
                }
            }
            if (d.routerVal == null) {
                d.router = net.address();
            } else if (!net.contains(d.router)) {
                throw d.routerVal.error("router " + Ip4.str(d.router) + " is outside the served subnet " + net.networkString());
            }
            for (LanDraft o : served) {
                DhcpDraft od = o.dhcp;
                if (Integer.compareUnsigned(d.first, od.last) <= 0 && Integer.compareUnsigned(od.first, d.last) <= 0) {
                    throw d.poolVal.error("pool " + pool + " overlaps the pool " + Ip4.str(od.first) + "-" + Ip4.str(od.last)
                            + " of switch '" + o.name + "' (line " + od.poolVal.loc().line() + ")");
                }
            }
            served.add(l);
        }
        for (LanDraft l : world.lans.values()) {
            for (PortDraft p : l.ports) {
                if (!p.dhcp) {
                    continue;
                }
                if (l.dhcp == null) {
                    throw p.val.error(p.end.node.name + " " + p.end.iface + " asks for DHCP but switch '" + l.name
                            + "' has no DHCP server (add dhcp: to the switch; a client is on its server's switch)");
                }
                if (p.vlan != l.dhcp.port.vlan) {
                    throw p.val.error(p.end.node.name + " " + p.end.iface + " asks for DHCP in VLAN " + p.vlan
                            + " but switch '" + l.name + "''s server " + l.dhcp.server + " is in VLAN " + l.dhcp.port.vlan);
                }
                if (p.leased != 0) {
                    checkLeased(l, p);
                }
            }
        }
    }

    /** A {@code leased} address: inside its switch's pool, held by one client only. */
    private static void checkLeased(LanDraft l, PortDraft p) throws ScenarioException {
        if (!inRange(p.leased, l.dhcp.first, l.dhcp.last)) {
            throw p.leasedVal.error("leased " + Ip4.str(p.leased) + " is outside switch '" + l.name + "''s pool "
                    + Ip4.str(l.dhcp.first) + "-" + Ip4.str(l.dhcp.last));
        }
        for (PortDraft o : l.ports) {
            if (o != p && o.leased == p.leased) {
                throw p.leasedVal.error("leased " + Ip4.str(p.leased) + " is also leased to " + o.end.node.name + " "
                        + o.end.iface + " (line " + o.val.loc().line() + ")");
            }
        }
    }

    private static boolean inRange(int a, int first, int last) {
        return Integer.compareUnsigned(a, first) >= 0 && Integer.compareUnsigned(a, last) <= 0;
    }

    /**
     * IPv6: addresses taken twice, a node's prefixes overlapping, a LAN too small for IPv6's 1280
     * bytes, and each LAN's slaac: router (a router with a /64 on that LAN).
     */
    private void checkIpv6() throws ScenarioException {
        Map<Ip6, PortDraft> taken = new HashMap<>();
        Map<String, List<PortDraft>> byNode = new HashMap<>();
        for (LanDraft l : world.lans.values()) {
            for (PortDraft p : l.ports) {
                if (p.end == null || p.ipv6 == null && !p.end.node.slaac) {
                    continue;
                }
                if (l.mtu < Ipv6Packet.MIN_MTU) {
                    throw p.val.error("IPv6 on LAN '" + l.name + "' needs an MTU of 1280 or more (RFC 8200 5); the"
                            + " LAN's mtu is " + l.mtu);
                }
                if (p.ipv6 == null) {
                    continue;
                }
                PortDraft prev = taken.putIfAbsent(p.ipv6.address(), p);
                if (prev != null) {
                    throw p.val.error("IPv6 address " + p.ipv6.address() + " is already used by " + prev.end.node.name
                            + " " + prev.end.iface + " (line " + prev.val.loc().line() + ")");
                }
                List<PortDraft> mine = byNode.computeIfAbsent(p.end.node.name, k -> new ArrayList<>());
                for (PortDraft o : mine) {
                    if (o.ipv6.overlaps(p.ipv6)) {
                        throw p.val.error(p.ipv6.networkString() + " of " + p.end.node.name + " " + p.end.iface
                                + " overlaps " + o.ipv6.networkString() + " of its " + o.end.iface + " (line "
                                + o.val.loc().line() + "); a node's interfaces are on different IPv6 subnets");
                    }
                }
                mine.add(p);
            }
        }
        for (LanDraft l : world.lans.values()) {
            if (l.slaac == null) {
                continue;
            }
            String router = l.slaacRouter;
            NodeDraft n = world.nodes.get(router);
            if (n == null) {
                throw l.slaac.error(world.unknownNode(Yaml.oneLine(router)));
            }
            if (n.kind != Scenario.NodeKind.ROUTER) {
                throw l.slaac.error(router + " is a host; the node advertising a prefix (slaac:) is a router (kind: router)");
            }
            PortDraft port = null;
            for (PortDraft p : l.ports) {
                if (p.end != null && p.end.node == n) {
                    port = p;
                }
            }
            if (port == null) {
                throw l.slaac.error(router + " has no port on LAN '" + l.name + "'; add one, e.g. '" + router
                        + " 10.0.1.1/24 ipv6 2001:db8:1::1/64'");
            }
            if (port.ipv6 == null || port.ipv6.length() != 64) {
                throw l.slaac.error(router + "'s port on LAN '" + l.name + "' (line " + port.val.loc().line() + ") needs"
                        + " an IPv6 address in a /64 to advertise (SLAAC forms 64-bit interface identifiers, RFC 4862"
                        + " 5.5.3), e.g. 'ipv6 2001:db8:1::1/64'");
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

    /** Whether some port of some switch asks for DHCP (clients renew for ever: the scenario needs a duration). */
    PortDraft firstDhcpClient() {
        for (LanDraft l : world.lans.values()) {
            for (PortDraft p : l.ports) {
                if (p.dhcp) {
                    return p;
                }
            }
        }
        return null;
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
                        p.val.loc(), p.rate, p.uplink, p.ipv6, p.end != null && p.end.node.slaac, p.dhcp, p.delayNs,
                        p.leased));
            }
            DhcpDraft d = l.dhcp;
            Scenario.DhcpSpec dhcp = d == null ? null : new Scenario.DhcpSpec(d.server, d.port.end.iface, d.first, d.last,
                    d.leaseNs, d.router, List.copyOf(d.dns), d.val.loc());
            out.add(new LanSpec(l.name, l.stp, l.bandwidth, l.delay, l.mtu, List.copyOf(ports), l.val.loc(),
                    l.wifi ? new Scenario.WifiSpec(l.apRate, l.queue) : null, l.slaacRouter, dhcp));
        }
        return List.copyOf(out);
    }
}
