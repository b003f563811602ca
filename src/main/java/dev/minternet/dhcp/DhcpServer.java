package dev.minternet.dhcp;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.trace.Trace;
import dev.minternet.wire.DhcpMessage;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import dev.minternet.wire.MalformedPacketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DHCPv4 server on one Ethernet interface (RFC 2131 4.3), as ISC dhcpd with {@code authoritative;}
 * behaves: it listens on a packet socket (UDP port 67), offers an address from its pool (the
 * client's current or previous one, else the one it asks for, else the lowest never leased, else
 * the one that expired longest ago), holds an offer for {@link #OFFER_HOLD_NS}, and acknowledges a
 * REQUEST for the address it offered or leased to that client; anything else is NAKed. A DECLINE
 * takes the address out of the pool for one lease time (ISC's abandoned lease); a RELEASE frees it.
 * No free address: the DISCOVER gets no answer ("no free leases"). Replies go where RFC 2131 4.1
 * says: to ciaddr when set, broadcast for a NAK or when the client set the broadcast bit, else
 * unicast to chaddr and yiaddr without ARP. A crashed node answers nothing; its leases survive
 * the crash, as dhcpd's lease file does. Not modelled: relay agents (giaddr), static host
 * reservations, DHCPINFORM, failover.
 */
public final class DhcpServer {
    /** How long an offered address stays reserved for the client it was offered to. */
    public static final long OFFER_HOLD_NS = 60 * Durations.S;

    /** The server's configuration: the pool {@code first..last}, the lease time, option 3 (0: none) and option 6. */
    public record Config(int first, int last, long leaseNs, int router, List<Integer> dns) {
    }

    /** A lease as the server keeps it (dhcpd.leases). */
    public static final class Lease {
        final int addr;
        long mac;
        String client;
        long ends;
        String state; // offered, active, abandoned, free

        Lease(int addr) {
            this.addr = addr;
        }

        public int addr() {
            return addr;
        }

        public long mac() {
            return mac;
        }

        public long ends() {
            return ends;
        }

        public String state() {
            return state;
        }
    }

    private final Node node;
    private final NetInterface nic;
    private final Config config;
    /** By address, in pool order (lowest first). */
    private final Map<Integer, Lease> leases = new HashMap<>();

    private DhcpServer(Node node, NetInterface nic, Config config) {
        this.node = node;
        this.nic = nic;
        this.config = config;
    }

    /** Starts a server on {@code nic} of {@code node} (an Ethernet interface with an address). */
    public static DhcpServer start(Node node, NetInterface nic, Config config) {
        DhcpServer s = new DhcpServer(node, nic, config);
        nic.setPacketSocket(s::frame);
        return s;
    }

    public Config config() {
        return config;
    }

    /** The leases, lowest address first. */
    public List<Lease> leases() {
        List<Lease> l = new ArrayList<>(leases.values());
        l.sort((a, b) -> Integer.compareUnsigned(a.addr, b.addr));
        return l;
    }

    private boolean frame(byte[] f) {
        DhcpPackets.In in;
        try {
            in = DhcpPackets.read(f, DhcpMessage.SERVER_PORT);
        } catch (MalformedPacketException e) {
            return true; // a malformed DHCP message: dropped, as dhcpd drops what it cannot parse
        }
        if (in == null || in.dst() != 0xffffffff && in.dst() != nic.address()) {
            return false;
        }
        if (node.isCrashed()) {
            return true; // nobody listens while the power is off; the leases survive (dhcpd.leases is on disk)
        }
        DhcpMessage m = in.msg();
        if (m.op != DhcpMessage.BOOTREQUEST) {
            return true;
        }
        DhcpPackets.trace(node.ip(), DhcpEvents.RECEIVE, nic, m, in.src(), in.dst());
        switch (m.type()) {
            case DhcpMessage.DISCOVER -> discover(m);
            case DhcpMessage.REQUEST -> request(m);
            case DhcpMessage.DECLINE -> decline(m);
            case DhcpMessage.RELEASE -> release(m);
            default -> {
                // BOOTP without option 53 and DHCPINFORM are not served
            }
        }
        return true;
    }

    private static String clientKey(DhcpMessage m) {
        byte[] id = m.bytes(DhcpMessage.OPT_CLIENT_ID);
        if (id == null) {
            return Mac.str(m.chaddr);
        }
        StringBuilder b = new StringBuilder("id:");
        for (byte x : id) {
            b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }

    private long now() {
        return node.sim().now();
    }

    private boolean inPool(int a) {
        return Integer.compareUnsigned(a, config.first) >= 0 && Integer.compareUnsigned(a, config.last) <= 0;
    }

    /** Whether {@code l} may go to {@code client}: its own, or nobody's any more. */
    private boolean usableBy(Lease l, String client) {
        if (l == null) {
            return true;
        }
        if ("abandoned".equals(l.state)) {
            return l.ends <= now();
        }
        return client.equals(l.client) || l.ends <= now() || "free".equals(l.state);
    }

    private Lease leaseOf(String client) {
        for (Lease l : leases()) {
            if (client.equals(l.client) && !"abandoned".equals(l.state)) {
                return l;
            }
        }
        return null;
    }

    /** RFC 2131 4.3.1's choice of an address for {@code client}, or null when the pool is exhausted. */
    private Lease choose(String client, int requested) {
        Lease own = leaseOf(client);
        if (own != null && usableBy(own, client)) {
            return own;
        }
        if (requested != 0 && inPool(requested) && usableBy(leases.get(requested), client)) {
            return leases.computeIfAbsent(requested, Lease::new);
        }
        for (long a = config.first & 0xffffffffL; a <= (config.last & 0xffffffffL); a++) {
            if (!leases.containsKey((int) a)) {
                return leases.computeIfAbsent((int) a, Lease::new);
            }
        }
        Lease oldest = null;
        for (Lease l : leases()) {
            if (usableBy(l, client) && (oldest == null || l.ends < oldest.ends)) {
                oldest = l;
            }
        }
        return oldest;
    }

    private void discover(DhcpMessage m) {
        String client = clientKey(m);
        Lease l = choose(client, m.address(DhcpMessage.OPT_REQUESTED_IP));
        if (l == null) {
            Trace t = node.trace();
            if (t.enabled()) {
                t.emit(node.name(), DhcpEvents.NO_FREE, nic.name(), Mac.str(m.chaddr), "no free leases in "
                        + Ip4.str(config.first) + "-" + Ip4.str(config.last));
            }
            return;
        }
        if (!"active".equals(l.state) || !client.equals(l.client)) {
            l.state = "offered";
            l.ends = now() + OFFER_HOLD_NS;
        }
        l.client = client;
        l.mac = m.chaddr;
        leaseEvent("offer", l);
        reply(m, answer(m, DhcpMessage.OFFER, l.addr));
    }

    private void request(DhcpMessage m) {
        String client = clientKey(m);
        int serverId = m.address(DhcpMessage.OPT_SERVER_ID);
        if (serverId != 0 && serverId != nic.address()) {
            // SELECTING, another server chosen: our offer is free again
            Lease l = leaseOf(client);
            if (l != null && "offered".equals(l.state)) {
                l.state = "free";
                l.ends = now();
            }
            return;
        }
        int want = m.ciaddr != 0 ? m.ciaddr : m.address(DhcpMessage.OPT_REQUESTED_IP);
        Lease l = want == 0 ? null : leases.get(want);
        boolean ok = l != null && client.equals(l.client) && !"abandoned".equals(l.state)
                && ("offered".equals(l.state) || "active".equals(l.state)) && (l.ends > now() || m.ciaddr == 0);
        if (!ok) {
            DhcpMessage nak = DhcpMessage.of(DhcpMessage.BOOTREPLY, DhcpMessage.NAK, m.xid, m.chaddr);
            nak.address(DhcpMessage.OPT_SERVER_ID, nic.address());
            nak.option(DhcpMessage.OPT_MESSAGE, "requested address not available".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Trace t = node.trace();
            if (t.enabled()) {
                t.emit(node.name(), DhcpEvents.LEASE_EVENT, nic.name(), "nak", Ip4.str(want), Mac.str(m.chaddr), 0L);
            }
            reply(m, nak);
            return;
        }
        l.state = "active";
        l.mac = m.chaddr;
        l.ends = now() + config.leaseNs;
        leaseEvent("bind", l);
        reply(m, answer(m, DhcpMessage.ACK, l.addr));
    }

    /**
     * The lease of {@code addr} that {@code request}'s client held when the world started (a
     * scenario's {@code leased}): bound as if the REQUEST had come now; returns the ACK it got.
     */
    public DhcpMessage leasedAtStart(DhcpMessage request, int addr) {
        Lease l = leases.computeIfAbsent(addr, Lease::new);
        l.client = clientKey(request);
        l.mac = request.chaddr;
        l.state = "active";
        l.ends = now() + config.leaseNs;
        leaseEvent("bind", l);
        return answer(request, DhcpMessage.ACK, addr);
    }

    private void decline(DhcpMessage m) {
        Lease l = leases.get(m.address(DhcpMessage.OPT_REQUESTED_IP));
        if (l == null || !clientKey(m).equals(l.client)) {
            return;
        }
        l.state = "abandoned";
        l.client = null;
        l.ends = now() + config.leaseNs;
        leaseEvent("decline", l);
    }

    private void release(DhcpMessage m) {
        Lease l = leases.get(m.ciaddr);
        if (l == null || !clientKey(m).equals(l.client) || !"active".equals(l.state)) {
            return;
        }
        l.state = "free";
        l.ends = now();
        leaseEvent("release", l);
    }

    private void leaseEvent(String action, Lease l) {
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DhcpEvents.LEASE_EVENT, nic.name(), action, Ip4.str(l.addr), Mac.str(l.mac),
                    "offer".equals(action) || "bind".equals(action) ? config.leaseNs / Durations.S : 0L);
        }
    }

    /** An OFFER or ACK of {@code addr}: options 53, 54, 51, 58, 59, 1, 3, 6 in dhcpd's order. */
    private DhcpMessage answer(DhcpMessage req, int type, int addr) {
        DhcpMessage a = DhcpMessage.of(DhcpMessage.BOOTREPLY, type, req.xid, req.chaddr);
        a.yiaddr = addr;
        a.ciaddr = type == DhcpMessage.ACK ? req.ciaddr : 0;
        long lease = config.leaseNs / Durations.S;
        a.address(DhcpMessage.OPT_SERVER_ID, nic.address());
        a.int32(DhcpMessage.OPT_LEASE_TIME, (int) lease);
        a.int32(DhcpMessage.OPT_T1, (int) (lease / 2));
        a.int32(DhcpMessage.OPT_T2, (int) (lease * 7 / 8));
        a.address(DhcpMessage.OPT_SUBNET_MASK, Ip4.mask(nic.cidr().length()));
        if (config.router != 0) {
            a.address(DhcpMessage.OPT_ROUTER, config.router);
        }
        if (!config.dns.isEmpty()) {
            a.addresses(DhcpMessage.OPT_DNS, config.dns);
        }
        return a;
    }

    /** Sends {@code a} where RFC 2131 4.1 says (giaddr is always 0 here: no relays). */
    private void reply(DhcpMessage req, DhcpMessage a) {
        a.flags = req.flags;
        int src = nic.address();
        if (req.ciaddr != 0 && a.type() != DhcpMessage.NAK) {
            byte[] d = DhcpPackets.datagram(node.ip(), a, src, DhcpMessage.SERVER_PORT, req.ciaddr, DhcpMessage.CLIENT_PORT);
            DhcpPackets.trace(node.ip(), DhcpEvents.SEND, nic, a, src, req.ciaddr);
            node.ip().outputBuilt(d);
        } else if (a.type() == DhcpMessage.NAK || (req.flags & DhcpMessage.FLAG_BROADCAST) != 0) {
            byte[] d = DhcpPackets.datagram(node.ip(), a, src, DhcpMessage.SERVER_PORT, 0xffffffff, DhcpMessage.CLIENT_PORT);
            DhcpPackets.trace(node.ip(), DhcpEvents.SEND, nic, a, src, 0xffffffff);
            nic.sendRaw(Mac.BROADCAST, d);
        } else {
            byte[] d = DhcpPackets.datagram(node.ip(), a, src, DhcpMessage.SERVER_PORT, a.yiaddr, DhcpMessage.CLIENT_PORT);
            DhcpPackets.trace(node.ip(), DhcpEvents.SEND, nic, a, src, a.yiaddr);
            nic.sendRaw(req.chaddr, d);
        }
    }
}
