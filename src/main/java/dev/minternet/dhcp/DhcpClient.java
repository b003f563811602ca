package dev.minternet.dhcp;

import dev.minternet.dns.StubResolver;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.DhcpMessage;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Mac;
import dev.minternet.wire.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A DHCPv4 client on one Ethernet interface (RFC 2131 4.4, figure 5), as ISC dhclient with
 * dhclient-script behaves. Until its first ACK the interface has no address: the client speaks
 * through a packet socket (DISCOVER and REQUEST from 0.0.0.0 to 255.255.255.255 in broadcast
 * frames; the server's unicast answers reach it there too). On an ACK it installs the address and
 * netmask (option 1) with lifetimes of the lease ({@code ip addr} shows {@code dynamic} and
 * {@code valid_lft}), a default route via option 3 ({@code proto dhcp}) and option 6 as the
 * resolver's nameservers. At T1 (option 58, default 0.5 x lease) it renews with a unicast REQUEST
 * to the server, at T2 (option 59, default 0.875 x lease) it rebinds with a broadcast REQUEST, and
 * when the lease ends it loses the address and starts again. Unanswered DISCOVERs and REQUESTs
 * are sent again after 4, 8, 16, 32, 64, 64, ... s, each randomised by -1..+1 s (RFC 2131 4.1);
 * after four unanswered REQUESTs the client starts over with a DISCOVER; while renewing or
 * rebinding it waits half the time left to T2 (to the lease's end), at least 60 s (4.4.5). A NAK
 * sends it back to INIT. The xid and the randomisation come from the node's seeded stream. Not
 * The first DISCOVER waits a random 1..10 s after the client starts (RFC 2131 4.4.1, to
 * desynchronise hosts that boot together) and, if the interface has no carrier, for the carrier
 * first (as NetworkManager starts DHCP when a cable is plugged in). Before it takes a new address
 * it checks that nobody holds it, as Fedora's dhclient-script runs {@code arping -D -c 2}: two ARP
 * probes from 0.0.0.0 (RFC 5227 2.1.1) 1 s apart, then 1 s more to listen; an ARP packet from
 * another MAC address with that sender address makes it DECLINE the lease and start over 10 s later
 * (RFC 2131 3.1.5). Once the address is installed it announces it with a gratuitous ARP request
 * ({@code arping -U}). A client may also start with a lease it held before the world began
 * ({@link #startLeased}: a warm start, no packet). Not modelled: INIT-REBOOT with a remembered lease.
 */
public final class DhcpClient {
    /** RFC 2131 figure 5's states (INIT-REBOOT and REBOOTING are not used). */
    public enum State { INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING }

    /** dhclient's default request list: subnet mask, broadcast, time offset, routers, domain name, DNS, host name. */
    static final byte[] PARAMETERS = {1, 28, 2, 3, 15, 6, 12};
    /** REQUESTs sent in REQUESTING before the client starts over with a DISCOVER. */
    static final int MAX_REQUESTS = 4;
    static final long MIN_RENEW_WAIT_NS = 60 * Durations.S;
    /** arping -D -c 2: two probes, one a second (iputils' default interval), then a second to listen. */
    static final int ARP_PROBES = 2;
    static final long ARP_INTERVAL_NS = Durations.S;
    /** RFC 2131 3.1.5: after a DECLINE, at least ten seconds before starting over. */
    static final long DECLINE_WAIT_NS = 10 * Durations.S;

    private final Node node;
    private final NetInterface nic;
    private final SplittableRandom random;
    private final Timer retransmit;
    private final Timer t1Timer;
    private final Timer t2Timer;
    private final Timer expiry;
    private final Timer boot;
    private final Timer arpTimer;
    /** The ACK whose address is being checked by ARP probes, or null. */
    private DhcpMessage checking;
    private int probesSent;
    /** Run once at the next BOUND ({@link #whenBound}). */
    private final List<Runnable> onBound = new java.util.ArrayList<>();
    private State state = State.INIT;
    private int xid;
    private long started;
    private int attempts;
    private long requestSent;
    private int offered;
    private int server;
    private long leaseStart;
    private long leaseNs;
    private long t1Ns;
    private long t2Ns;
    private int router;
    private List<Integer> dns = List.of();

    private DhcpClient(Node node, NetInterface nic) {
        this.node = node;
        this.nic = nic;
        this.random = node.random("dhcp:" + nic.name());
        this.retransmit = new Timer(node.sim(), this::retransmit);
        this.t1Timer = new Timer(node.sim(), this::renew);
        this.t2Timer = new Timer(node.sim(), this::rebind);
        this.expiry = new Timer(node.sim(), this::expire);
        this.boot = new Timer(node.sim(), this::init);
        this.arpTimer = new Timer(node.sim(), this::probe);
    }

    /**
     * Starts a client on {@code nic} (an Ethernet interface without an address): its first DISCOVER
     * goes 1..10 s later, or that long after the carrier comes up.
     */
    public static DhcpClient start(Node node, NetInterface nic) {
        DhcpClient c = new DhcpClient(node, nic);
        nic.setPacketSocket(c::frame);
        nic.onCarrierChange(c::carrier);
        node.onCrash(c::crashed);
        node.onRestore(c::startup);
        node.sim().schedule(0, c::startup);
        return c;
    }

    /**
     * Starts a client that already holds a lease of {@code addr} from {@code server} when the world
     * starts (a laptop that joined before: scenario {@code dhcp leased ADDRESS}): the lease, its
     * routes and nameservers are installed while the world is built, as if a REQUEST had been
     * ACKed at 0 s; no DHCP packet is sent, and the interface announces the address at 0 s as any
     * interface that comes up does. T1, T2 and the lease's end run from 0 s.
     */
    public static DhcpClient startLeased(Node node, NetInterface nic, DhcpServer server, int addr) {
        DhcpClient c = new DhcpClient(node, nic);
        nic.setPacketSocket(c::frame);
        nic.onCarrierChange(c::carrier);
        node.onCrash(c::crashed);
        node.onRestore(c::startup);
        // bound now, while the world is built, so that whatever runs at 0 s finds the address
        c.xid = c.random.nextInt();
        c.started = c.now();
        c.requestSent = c.now();
        c.offered = addr;
        DhcpMessage req = c.base(DhcpMessage.REQUEST);
        req.address(DhcpMessage.OPT_REQUESTED_IP, addr);
        c.common(req);
        c.bind(server.leasedAtStart(req, addr));
        return c;
    }

    /** RFC 2131 4.4.1: a random 1..10 s wait before INIT's DISCOVER, once the interface has carrier. */
    private void startup() {
        if (nic.isUp() && !node.isCrashed()) {
            boot.setAfter(Durations.S + random.nextLong(9 * Durations.S));
        }
    }

    /** The power went: the process dies with its timers, and the address goes with the kernel's state. */
    private void crashed() {
        boot.cancel();
        stopChecking();
        drop();
        setState(State.INIT);
    }

    private void carrier() {
        if (state == State.INIT && nic.isUp()) {
            startup();
        }
    }

    /** Runs {@code r} once, when the client next installs a lease (at once if it is bound now). */
    public void whenBound(Runnable r) {
        if (state == State.BOUND) {
            r.run();
        } else {
            onBound.add(r);
        }
    }

    public State state() {
        return state;
    }

    public NetInterface nic() {
        return nic;
    }

    /** The leased address's server (option 54), or 0. */
    public int server() {
        return server;
    }

    /** When the lease began (the REQUEST that got the ACK), its length and T1/T2 (ns); 0 before the first ACK. */
    public long leaseStart() {
        return leaseStart;
    }

    public long leaseNs() {
        return leaseNs;
    }

    public long t1Ns() {
        return t1Ns;
    }

    public long t2Ns() {
        return t2Ns;
    }

    public int router() {
        return router;
    }

    public List<Integer> dns() {
        return dns;
    }

    private long now() {
        return node.sim().now();
    }

    private void setState(State s) {
        if (s == state) {
            return;
        }
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DhcpEvents.STATE, nic.name(), state.name(), s.name());
        }
        state = s;
    }

    private void init() {
        setState(State.INIT);
        if (!nic.isUp()) {
            return; // no carrier: carrier() starts again when the cable is back
        }
        xid = random.nextInt();
        started = now();
        attempts = 0;
        offered = 0;
        setState(State.SELECTING);
        send(discover());
    }

    /** RFC 2131 4.1: 4 s, doubled each time up to 64 s, randomised by a uniform -1..+1 s. */
    private long backoff() {
        long base = Math.min(4L << Math.min(attempts, 4), 64) * Durations.S;
        attempts++;
        return base + random.nextLong(2 * Durations.S + 1) - Durations.S;
    }

    private void retry(DhcpMessage m, long wait) {
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DhcpEvents.RETRY, nic.name(), DhcpMessage.typeName(m.type()), wait);
        }
        retransmit.setAfter(wait);
    }

    private void retransmit() {
        switch (state) {
            case SELECTING -> send(discover());
            case REQUESTING -> {
                if (attempts >= MAX_REQUESTS) {
                    init();
                } else {
                    send(selectingRequest());
                }
            }
            case RENEWING -> send(renewRequest());
            case REBINDING -> send(renewRequest());
            default -> {
            }
        }
    }

    private DhcpMessage base(int type) {
        DhcpMessage m = DhcpMessage.of(DhcpMessage.BOOTREQUEST, type, xid, nic.mac());
        m.secs = (int) Math.min(0xffff, (now() - started) / Durations.S);
        m.option(DhcpMessage.OPT_CLIENT_ID, DhcpPackets.clientId(nic.mac()));
        return m;
    }

    private void common(DhcpMessage m) {
        m.option(DhcpMessage.OPT_HOST_NAME, node.name().getBytes(StandardCharsets.US_ASCII));
        m.option(DhcpMessage.OPT_PARAMETER_LIST, PARAMETERS);
    }

    private DhcpMessage discover() {
        DhcpMessage m = base(DhcpMessage.DISCOVER);
        common(m);
        return m;
    }

    private DhcpMessage selectingRequest() {
        DhcpMessage m = base(DhcpMessage.REQUEST);
        m.address(DhcpMessage.OPT_SERVER_ID, server);
        m.address(DhcpMessage.OPT_REQUESTED_IP, offered);
        common(m);
        return m;
    }

    /** RENEWING and REBINDING: ciaddr set, no server identifier or requested address (RFC 2131 table 5). */
    private DhcpMessage renewRequest() {
        DhcpMessage m = base(DhcpMessage.REQUEST);
        m.ciaddr = nic.address();
        common(m);
        return m;
    }

    /** Sends {@code m} the way the current state says and arms the retransmission. */
    private void send(DhcpMessage m) {
        int type = m.type();
        if (type == DhcpMessage.REQUEST) {
            requestSent = now();
        }
        if (state == State.RENEWING) {
            byte[] d = DhcpPackets.datagram(node.ip(), m, nic.address(), DhcpMessage.CLIENT_PORT, server,
                    DhcpMessage.SERVER_PORT);
            DhcpPackets.trace(node.ip(), DhcpEvents.SEND, nic, m, nic.address(), server);
            node.ip().outputBuilt(d);
            long wait = Math.max(MIN_RENEW_WAIT_NS, (leaseStart + t2Ns - now()) / 2);
            if (now() + wait < leaseStart + t2Ns) {
                retry(m, wait);
            }
            return;
        }
        int src = state == State.REBINDING ? nic.address() : 0;
        byte[] d = DhcpPackets.datagram(node.ip(), m, src, DhcpMessage.CLIENT_PORT, 0xffffffff, DhcpMessage.SERVER_PORT);
        DhcpPackets.trace(node.ip(), DhcpEvents.SEND, nic, m, src, 0xffffffff);
        nic.sendRaw(Mac.BROADCAST, d);
        if (state == State.REBINDING) {
            long wait = Math.max(MIN_RENEW_WAIT_NS, (leaseStart + leaseNs - now()) / 2);
            if (now() + wait < leaseStart + leaseNs) {
                retry(m, wait);
            }
        } else if (type == DhcpMessage.DISCOVER || type == DhcpMessage.REQUEST) {
            retry(m, backoff());
        }
    }

    private boolean frame(byte[] f) {
        DhcpPackets.In in;
        try {
            in = DhcpPackets.read(f, DhcpMessage.CLIENT_PORT);
        } catch (MalformedPacketException e) {
            return true;
        }
        if (in == null) {
            return false;
        }
        if (node.isCrashed()) {
            return true;
        }
        DhcpMessage m = in.msg();
        if (m.op != DhcpMessage.BOOTREPLY || m.chaddr != nic.mac() || m.xid != xid) {
            return true; // another client's answer, or a stale transaction: dhclient's socket drops it
        }
        DhcpPackets.trace(node.ip(), DhcpEvents.RECEIVE, nic, m, in.src(), in.dst());
        int type = m.type();
        switch (state) {
            case SELECTING -> {
                if (type == DhcpMessage.OFFER && m.yiaddr != 0 && m.address(DhcpMessage.OPT_SERVER_ID) != 0) {
                    offered = m.yiaddr;
                    server = m.address(DhcpMessage.OPT_SERVER_ID);
                    attempts = 0;
                    setState(State.REQUESTING);
                    send(selectingRequest());
                }
            }
            case REQUESTING -> {
                if (checking != null) {
                    return true; // already checking the address of an earlier ACK
                }
                if (type == DhcpMessage.ACK && m.yiaddr != 0) {
                    check(m);
                } else if (type == DhcpMessage.NAK) {
                    drop();
                    init();
                }
            }
            case RENEWING, REBINDING -> {
                if (type == DhcpMessage.ACK && m.yiaddr != 0) {
                    bind(m);
                } else if (type == DhcpMessage.NAK) {
                    drop();
                    init();
                }
            }
            default -> {
            }
        }
        return true;
    }

    /** A new address: probe it before taking it (arping -D -c 2), listening to every ARP packet. */
    private void check(DhcpMessage ack) {
        retransmit.cancel();
        checking = ack;
        probesSent = 0;
        nic.setArpWatch(this::arp);
        probe();
    }

    /** The next probe, or after the last one's second of listening, the address is ours. */
    private void probe() {
        if (checking == null) {
            return;
        }
        if (probesSent < ARP_PROBES) {
            probesSent++;
            nic.arpProbe(checking.yiaddr);
            arpTimer.setAfter(ARP_INTERVAL_NS);
            return;
        }
        DhcpMessage ack = checking;
        stopChecking();
        bind(ack);
        nic.announce();
    }

    /** An ARP packet from another interface claiming the address being checked: it is taken, DECLINE it. */
    private void arp(dev.minternet.wire.ArpPacket a) {
        if (checking == null || a.senderIp() != checking.yiaddr || a.senderMac() == nic.mac()) {
            return;
        }
        int taken = checking.yiaddr;
        stopChecking();
        setState(State.INIT);
        DhcpMessage m = base(DhcpMessage.DECLINE);
        m.address(DhcpMessage.OPT_REQUESTED_IP, taken);
        m.address(DhcpMessage.OPT_SERVER_ID, server);
        send(m);
        boot.setAfter(DECLINE_WAIT_NS);
    }

    private void stopChecking() {
        checking = null;
        arpTimer.cancel();
        nic.setArpWatch(null);
    }

    /** Installs the lease of {@code ack}: address, netmask, default route, nameservers; arms T1, T2 and the end. */
    private void bind(DhcpMessage ack) {
        retransmit.cancel();
        leaseStart = requestSent;
        long lease = ack.uint32(DhcpMessage.OPT_LEASE_TIME, 0);
        leaseNs = lease * Durations.S;
        t1Ns = ack.uint32(DhcpMessage.OPT_T1, lease / 2) * Durations.S;
        t2Ns = ack.uint32(DhcpMessage.OPT_T2, lease * 7 / 8) * Durations.S;
        if (ack.has(DhcpMessage.OPT_SERVER_ID)) {
            server = ack.address(DhcpMessage.OPT_SERVER_ID);
        }
        int mask = ack.has(DhcpMessage.OPT_SUBNET_MASK) ? ack.address(DhcpMessage.OPT_SUBNET_MASK) : Ip4.mask(24);
        int prefix = Math.max(0, DhcpPackets.prefixOf(mask));
        int old = nic.address();
        long ends = leaseStart + leaseNs;
        node.ip().configure(nic, new Cidr(ack.yiaddr, prefix), ends, ends);
        node.world().addressChanged(nic, old == ack.yiaddr ? 0 : old);
        node.ip().table().removeIf(r -> r.iface() == nic && "dhcp".equals(r.proto()));
        router = ack.address(DhcpMessage.OPT_ROUTER);
        if (router != 0) {
            node.ip().table().add(new Route(0, 0, nic, router, 0, "dhcp"));
        }
        dns = ack.addresses(DhcpMessage.OPT_DNS);
        if (!dns.isEmpty()) {
            StubResolver stub = node.service(StubResolver.class);
            if (stub == null) {
                node.attach(StubResolver.class, new StubResolver(node, dns, StubResolver.DEFAULT_TIMEOUT_NS,
                        StubResolver.DEFAULT_ATTEMPTS, Map.of()));
            } else {
                stub.setNameservers(dns);
            }
        }
        setState(State.BOUND);
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DhcpEvents.BOUND, nic.name(), Ip4.str(ack.yiaddr), (long) prefix,
                    router == 0 ? "-" : Ip4.str(router), Ip4.str(server), lease, t1Ns / Durations.S, t2Ns / Durations.S);
        }
        List<Runnable> ready = List.copyOf(onBound);
        onBound.clear();
        ready.forEach(Runnable::run);
        t1Timer.setAt(leaseStart + t1Ns);
        t2Timer.setAt(leaseStart + t2Ns);
        expiry.setAt(ends);
        NodeFiles.of(node).append(LEASES, leaseBlock(ack, prefix));
    }

    /** dhclient's lease database: one {@code lease { ... }} block per ACK, appended. */
    public static final String LEASES = "/var/lib/dhcp/dhclient.leases";
    private static final DateTimeFormatter LEASE_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** The block as dhclient writes it: interface, fixed-address, the options received, then renew/rebind/expire in UTC. */
    private String leaseBlock(DhcpMessage ack, int prefix) {
        StringBuilder b = new StringBuilder("lease {\n");
        b.append("  interface \"").append(nic.name()).append("\";\n");
        b.append("  fixed-address ").append(Ip4.str(ack.yiaddr)).append(";\n");
        b.append("  option subnet-mask ").append(Ip4.str(Ip4.mask(prefix))).append(";\n");
        if (router != 0) {
            b.append("  option routers ").append(Ip4.str(router)).append(";\n");
        }
        b.append("  option dhcp-lease-time ").append(leaseNs / Durations.S).append(";\n");
        b.append("  option dhcp-message-type 5;\n");
        if (!dns.isEmpty()) {
            StringBuilder l = new StringBuilder();
            for (int a : dns) {
                l.append(l.length() == 0 ? "" : ",").append(Ip4.str(a));
            }
            b.append("  option domain-name-servers ").append(l).append(";\n");
        }
        b.append("  option dhcp-server-identifier ").append(Ip4.str(server)).append(";\n");
        b.append("  option dhcp-renewal-time ").append(t1Ns / Durations.S).append(";\n");
        b.append("  option dhcp-rebinding-time ").append(t2Ns / Durations.S).append(";\n");
        b.append("  renew ").append(when(leaseStart + t1Ns)).append(";\n");
        b.append("  rebind ").append(when(leaseStart + t2Ns)).append(";\n");
        b.append("  expire ").append(when(leaseStart + leaseNs)).append(";\n");
        return b.append("}\n").toString();
    }

    /** dhclient's "W YYYY/MM/DD HH:MM:SS" (W: day of the week, 0 = Sunday), in UTC. */
    private String when(long simNs) {
        Instant t = node.world().epoch().plusNanos(simNs);
        return (t.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() % 7) + " " + LEASE_TIME.format(t);
    }

    private void renew() {
        if (state != State.BOUND) {
            return;
        }
        setState(State.RENEWING);
        xid = random.nextInt();
        started = now();
        send(renewRequest());
    }

    private void rebind() {
        if (state != State.BOUND && state != State.RENEWING) {
            return;
        }
        setState(State.REBINDING);
        xid = random.nextInt();
        send(renewRequest());
    }

    private void expire() {
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DhcpEvents.EXPIRE, nic.name(), Ip4.str(nic.address()));
        }
        drop();
        init();
    }

    /** Removes the address and its routes (dhclient-script's EXPIRE / NAK: {@code ip addr flush}). */
    private void drop() {
        retransmit.cancel();
        t1Timer.cancel();
        t2Timer.cancel();
        expiry.cancel();
        int old = nic.address();
        if (old != 0) {
            node.ip().deconfigure(nic);
            node.world().addressChanged(nic, old);
        }
    }

    /** Gives the lease back (dhclient -r): a RELEASE unicast to the server, then no address. */
    public void release() {
        if (state != State.BOUND && state != State.RENEWING && state != State.REBINDING) {
            return;
        }
        DhcpMessage m = DhcpMessage.of(DhcpMessage.BOOTREQUEST, DhcpMessage.RELEASE, random.nextInt(), nic.mac());
        m.ciaddr = nic.address();
        m.option(DhcpMessage.OPT_CLIENT_ID, DhcpPackets.clientId(nic.mac()));
        m.address(DhcpMessage.OPT_SERVER_ID, server);
        byte[] d = DhcpPackets.datagram(node.ip(), m, nic.address(), DhcpMessage.CLIENT_PORT, server, DhcpMessage.SERVER_PORT);
        DhcpPackets.trace(node.ip(), DhcpEvents.SEND, nic, m, nic.address(), server);
        node.ip().outputBuilt(d);
        drop();
        setState(State.INIT);
    }
}
