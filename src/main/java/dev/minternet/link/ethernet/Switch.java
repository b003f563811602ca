package dev.minternet.link.ethernet;

import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.link.LinkEnd;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Bpdu;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * An Ethernet switch: a store-and-forward learning bridge (IEEE 802.1D) with 802.1Q VLANs and the
 * classic spanning tree protocol. A frame is handled when its last bit has arrived on a port (no
 * further processing delay is modelled): its VLAN is the tag's on a trunk or the port's PVID when
 * untagged; the source address is learnt for that VLAN; the destination is looked up in the MAC
 * table (entries unused for 300 s are gone, as Linux's ageing_time) and the frame leaves by the
 * learnt port, or by every other forwarding port of the VLAN when the address is unknown, broadcast
 * or multicast. A port sends a VLAN untagged when it is the port's untagged VLAN, tagged otherwise.
 *
 * <p>Spanning tree (802.1D-1998, as Linux's bridge runs it): configuration BPDUs to
 * 01:80:c2:00:00:00, bridge ID = priority 0x8000 and the switch's MAC, port ID 0x8000 + number,
 * Linux's path costs (4 at 1 Gbit/s, 19 at 100 Mbit/s, 2 at 10 Gbit/s, 100 below), hello 2 s,
 * max age 20 s, forward delay 15 s. The root sends BPDUs every hello time; a bridge relays on its
 * designated ports when one arrives on its root port, and answers an inferior BPDU at once. A root
 * or designated port goes blocking, listening (15 s), learning (15 s), forwarding; other ports
 * block. Ports facing hosts are edge ports (Linux's bridge_port "edge"/Cisco's portfast): forwarding
 * at once until a BPDU arrives on them. Topology-change notification is not modelled: a port that
 * stops forwarding loses its MAC table entries, others are relearnt from traffic or age out.
 */
public final class Switch {
    public enum Role { ROOT, DESIGNATED, ALTERNATE, EDGE, DISABLED }

    public enum State { BLOCKING, LISTENING, LEARNING, FORWARDING }

    public static final long AGEING_NS = 300 * Durations.S;
    public static final long HELLO_NS = 2 * Durations.S;
    public static final long MAX_AGE_NS = 20 * Durations.S;
    public static final long FORWARD_DELAY_NS = 15 * Durations.S;
    private static final int T256 = 256;

    private final String name;
    private final long mac;
    private final long bridgeId;
    private final boolean stp;
    private final Simulator sim;
    private final Trace trace;
    private final List<Port> ports = new ArrayList<>();
    private final Fdb fdb = new Fdb();
    private final Timer hello;
    private long rootId;
    private int rootCost;
    private Port rootPort;
    /** Message age (1/256 s) of the root port's information when it was received, and when. */
    private long frames;

    public Switch(String name, long mac, boolean stp, Simulator sim, Trace trace) {
        this.name = name;
        this.mac = mac;
        this.bridgeId = (0x8000L << 48) | mac;
        this.stp = stp;
        this.sim = sim;
        this.trace = trace;
        this.rootId = bridgeId;
        this.hello = new Timer(sim, this::onHello);
        if (stp) {
            hello.setAt(sim.now());
        }
    }

    public String name() {
        return name;
    }

    public long mac() {
        return mac;
    }

    public long bridgeId() {
        return bridgeId;
    }

    public long rootId() {
        return rootId;
    }

    public int rootCost() {
        return rootCost;
    }

    public boolean stp() {
        return stp;
    }

    /** The number of ports (without the view {@link #ports} makes). */
    public int portCount() {
        return ports.size();
    }

    public List<Port> ports() {
        return Collections.unmodifiableList(ports);
    }

    public Port port(String portName) {
        for (Port p : ports) {
            if (p.name.equals(portName)) {
                return p;
            }
        }
        return null;
    }

    /** Frames that arrived on any port, BPDUs included. */
    public long framesReceived() {
        return frames;
    }

    /**
     * Adds a port on {@code link} (this switch is end {@code atA ? A : B}). {@code pvid} is the
     * VLAN of untagged frames (0: none), {@code tagged} the VLANs carried tagged; an edge port faces
     * a host.
     */
    public Port addPort(String portName, Link link, boolean atA, int pvid, BitSet tagged, boolean edge) {
        Port p = new Port(portName, ports.size() + 1, link, atA, pvid, tagged, edge);
        ports.add(p);
        if (!stp || edge) {
            p.role = stp ? Role.EDGE : Role.DESIGNATED;
            p.state = State.FORWARDING;
        } else {
            p.role = Role.DESIGNATED;
            p.state = State.BLOCKING;
            setState(p, State.LISTENING);
        }
        link.onStateChange(l -> {
            if (!l.isUp()) {
                p.info = null;
                if (p.infoTimer != null) { // made by the first BPDU (never without spanning tree)
                    p.infoTimer.cancel();
                }
                flushPort(p);
            }
            if (stp) {
                recompute();
            }
        });
        return p;
    }

    /** One MAC table entry, as {@code bridge fdb show} lists it. */
    public record FdbEntry(long mac, int vlan, Port port, long updatedNs) {
    }

    /**
     * The live MAC table entries, sorted by port, VLAN and address (expired ones are removed first,
     * in that order).
     */
    public List<FdbEntry> fdb() {
        List<Fdb.Slot> all = fdb.all();
        all.sort(Comparator.comparingInt((Fdb.Slot e) -> e.port.number).thenComparingInt(e -> e.vlan)
                .thenComparingLong(e -> e.mac));
        List<FdbEntry> out = new ArrayList<>();
        for (Fdb.Slot e : all) {
            if (expired(e)) {
                age(e);
            } else {
                out.add(new FdbEntry(e.mac, e.vlan, e.port, e.updatedNs));
            }
        }
        return out;
    }

    /** iproute2's {@code bridge fdb show} lines for this switch's learnt entries. */
    public List<String> fdbShow() {
        List<String> lines = new ArrayList<>();
        for (FdbEntry e : fdb()) {
            lines.add(Mac.str(e.mac) + " dev " + e.port.name + " vlan " + e.vlan + " master " + name);
        }
        return lines;
    }

    /** iproute2's {@code bridge vlan show} for this switch's ports. */
    public List<String> vlanShow() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-16s  %-9s", "port", "vlan-id"));
        for (Port p : ports) {
            List<Integer> vids = new ArrayList<>();
            if (p.pvid > 0) {
                vids.add(p.pvid);
            }
            for (int v = p.tagged.nextSetBit(0); v >= 0; v = p.tagged.nextSetBit(v + 1)) {
                if (v != p.pvid) {
                    vids.add(v);
                }
            }
            Collections.sort(vids);
            boolean first = true;
            for (int v : vids) {
                String flags = v == p.pvid ? " PVID Egress Untagged" : "";
                lines.add(String.format("%-16s  %d%s", first ? p.name : "", v, flags));
                first = false;
            }
        }
        return lines;
    }

    private boolean expired(Fdb.Slot e) {
        return sim.now() - e.updatedNs >= AGEING_NS;
    }

    private void age(Fdb.Slot e) {
        fdb.remove(e.key);
        if (trace.enabled()) {
            trace.emit(name, BridgeEvents.AGE, e.port.name, Mac.str(e.mac), (long) e.vlan);
        }
    }

    private void flushPort(Port p) {
        fdb.removeIf(e -> e.port == p);
    }

    void receive(Port in, byte[] f) {
        frames++;
        if (f.length < EthernetFrame.HEADER) {
            return;
        }
        long dst = EthernetFrame.dst(f);
        if (dst == Mac.STP_GROUP) {
            if (stp && in.link.isUp()) {
                Bpdu b = Bpdu.parse(f);
                if (b != null) {
                    onBpdu(in, b);
                }
            }
            return; // 802.1D: frames to the bridge group address are never forwarded
        }
        int vid;
        byte[] untagged;
        if (EthernetFrame.tagged(f)) {
            vid = EthernetFrame.vid(f);
            untagged = EthernetFrame.untag(f);
        } else {
            vid = in.pvid;
            untagged = f;
        }
        if (vid == 0 || !in.member(vid)) {
            drop(in, dst, "vlan-not-member");
            return;
        }
        if (in.state == State.BLOCKING || in.state == State.LISTENING) {
            drop(in, dst, "not-forwarding");
            return;
        }
        long src = EthernetFrame.src(f);
        if (!Mac.isMulticast(src)) {
            // a port mostly hears one source (a host's port) or few: its last slot is the table's
            // slot for that key while the table holds it (slots are never re-keyed)
            long k = Fdb.key(vid, src);
            Fdb.Slot e = in.learned;
            if (e == null || e.key != k || !e.live) {
                e = fdb.getOrAdd(k, src, vid);
                in.learned = e;
            }
            boolean fresh = e.port == null || e.port != in || expired(e);
            e.port = in;
            e.updatedNs = sim.now();
            if (fresh && trace.enabled()) {
                trace.emit(name, BridgeEvents.LEARN, in.name, Mac.str(src), (long) vid);
            }
        }
        if (in.state != State.FORWARDING) {
            drop(in, dst, "not-forwarding");
            return;
        }
        if (!Mac.isMulticast(dst)) {
            long k = Fdb.key(vid, dst);
            Fdb.Slot e = in.lastDst; // a host's port sends to its gateway: the same slot frame after frame
            if (e == null || e.key != k || !e.live) {
                e = fdb.get(k);
                in.lastDst = e;
            }
            if (e != null && expired(e)) {
                age(e);
                e = null;
            }
            if (e != null) {
                if (e.port != in && e.port.state == State.FORWARDING) {
                    e.port.send(vid, untagged);
                }
                return;
            }
        }
        long n = 0;
        // a short frame is padded by each port's transmitter: one padded copy serves them all
        byte[] padded = untagged.length < EthernetFrame.MIN_FRAME ? java.util.Arrays.copyOf(untagged, EthernetFrame.MIN_FRAME)
                : null;
        for (Port p : ports) {
            if (p != in && p.state == State.FORWARDING && p.member(vid) && p.out.isUp()) {
                p.send(vid, untagged, padded);
                n++;
            }
        }
        if (trace.enabled()) {
            trace.emit(name, BridgeEvents.FLOOD, in.name, Mac.str(dst), (long) vid, n);
        }
    }

    private void drop(Port in, long dst, String reason) {
        if (trace.enabled()) {
            trace.emit(name, BridgeEvents.DROP, in.name, Mac.str(dst), reason);
        }
    }

    // ---- spanning tree ----

    /** Linux's br_initial_port_cost: 802.1D-1998 costs by link speed. */
    static int pathCost(long bps) {
        if (bps >= 10_000_000_000L) {
            return 2;
        }
        if (bps >= 1_000_000_000L) {
            return 4;
        }
        if (bps >= 100_000_000L) {
            return 19;
        }
        return 100;
    }

    /** A priority vector compared as 802.1D does: root, cost, designated bridge, designated port (lower wins). */
    private static int compare(long rootA, long costA, long bridgeA, int portA, long rootB, long costB, long bridgeB,
                               int portB) {
        int c = Long.compareUnsigned(rootA, rootB);
        if (c != 0) {
            return c;
        }
        c = Long.compare(costA, costB);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(bridgeA, bridgeB);
        return c != 0 ? c : Integer.compare(portA, portB);
    }

    private void onBpdu(Port p, Bpdu b) {
        if (p.role == Role.EDGE) {
            p.role = Role.DESIGNATED; // a BPDU on an edge port: a bridge is there after all
        }
        if (b.messageAge() >= b.maxAge()) {
            return;
        }
        if (p.role == Role.DESIGNATED
                && compare(rootId, rootCost, bridgeId, p.id, b.rootId(), b.rootCost() & 0xffff_ffffL, b.bridgeId(),
                b.portId()) < 0) {
            sendBpdu(p); // an inferior BPDU on a designated port: answer with ours at once
            return;
        }
        p.info = b;
        p.infoTimer().setAt(sim.now() + Math.max(0, (long) (b.maxAge() - b.messageAge()) * Durations.S / T256));
        p.infoReceivedNs = sim.now();
        recompute();
        if (p == rootPort) {
            for (Port q : ports) {
                if ((q.role == Role.DESIGNATED || q.role == Role.EDGE) && q.link.isUp()) {
                    sendBpdu(q);
                }
            }
        }
    }

    private void onInfoExpired(Port p) {
        p.info = null;
        recompute();
    }

    private void onHello() {
        if (rootPort == null) {
            for (Port p : ports) {
                if ((p.role == Role.DESIGNATED || p.role == Role.EDGE) && p.link.isUp()) {
                    sendBpdu(p);
                }
            }
        }
        hello.setAfter(HELLO_NS);
    }

    private void sendBpdu(Port p) {
        int age = 0;
        if (rootPort != null && rootPort.info != null) {
            long held = (sim.now() - rootPort.infoReceivedNs) * T256 / Durations.S;
            age = (int) Math.min(0xffff, rootPort.info.messageAge() + held + T256);
        }
        Bpdu b = new Bpdu(0, rootId, rootCost, bridgeId, p.id, age, (int) (MAX_AGE_NS / Durations.S * T256),
                (int) (HELLO_NS / Durations.S * T256), (int) (FORWARD_DELAY_NS / Durations.S * T256));
        if (age < b.maxAge()) {
            p.out().send(b.frame(mac));
        }
    }

    private void recompute() {
        long bestRoot = bridgeId;
        long bestCost = 0;
        long bestBridge = bridgeId;
        int bestPort = 0;
        int bestRx = 0;
        Port best = null;
        for (Port p : ports) {
            Bpdu i = p.info;
            if (i == null || !p.link.isUp() || i.bridgeId() == bridgeId) {
                continue;
            }
            long cost = (i.rootCost() & 0xffff_ffffL) + p.cost;
            int c = compare(i.rootId(), cost, i.bridgeId(), i.portId(), bestRoot, bestCost, bestBridge, bestPort);
            if (c < 0 || c == 0 && best != null && p.id < bestRx) {
                bestRoot = i.rootId();
                bestCost = cost;
                bestBridge = i.bridgeId();
                bestPort = i.portId();
                bestRx = p.id;
                best = p;
            }
        }
        boolean changed = bestRoot != rootId || best != rootPort || bestCost != rootCost;
        rootId = bestRoot;
        rootCost = best == null ? 0 : (int) bestCost;
        rootPort = best;
        if (changed && trace.enabled()) {
            trace.emit(name, BridgeEvents.ROOT_CHANGE, Bpdu.idText(rootId), (long) rootCost,
                    rootPort == null ? "-" : rootPort.name);
        }
        for (Port p : ports) {
            Role r;
            if (!p.link.isUp()) {
                r = Role.DISABLED;
            } else if (p == rootPort) {
                r = Role.ROOT;
            } else if (p.info == null || compare(rootId, rootCost, bridgeId, p.id, p.info.rootId(),
                    p.info.rootCost() & 0xffff_ffffL, p.info.bridgeId(), p.info.portId()) < 0) {
                r = p.role == Role.EDGE ? Role.EDGE : Role.DESIGNATED;
            } else {
                r = Role.ALTERNATE;
            }
            setRole(p, r);
        }
        if (changed) {
            for (Port p : ports) {
                if ((p.role == Role.DESIGNATED || p.role == Role.EDGE) && p.link.isUp()) {
                    sendBpdu(p);
                }
            }
        }
    }

    private void setRole(Port p, Role r) {
        Role old = p.role;
        p.role = r;
        if (r == Role.ALTERNATE || r == Role.DISABLED) {
            if (p.stateTimer != null) {
                p.stateTimer.cancel();
            }
            if (p.state != State.BLOCKING) {
                flushPort(p);
                setState(p, State.BLOCKING);
            } else if (old != r) {
                traceState(p);
            }
        } else if (r == Role.EDGE) {
            if (p.state != State.FORWARDING) {
                setState(p, State.FORWARDING);
            }
        } else if (p.state == State.BLOCKING) {
            setState(p, State.LISTENING);
        } else if (old != r) {
            traceState(p);
        }
    }

    private void setState(Port p, State s) {
        p.state = s;
        if (s == State.LISTENING || s == State.LEARNING) {
            p.stateTimer().setAfter(FORWARD_DELAY_NS);
        }
        traceState(p);
    }

    private void traceState(Port p) {
        if (trace.enabled()) {
            trace.emit(name, BridgeEvents.PORT_STATE, p.name, p.role.name().toLowerCase(java.util.Locale.ROOT),
                    p.state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void onForwardDelay(Port p) {
        if (p.state == State.LISTENING) {
            setState(p, State.LEARNING);
        } else if (p.state == State.LEARNING) {
            setState(p, State.FORWARDING);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.function.BiConsumer<byte[], Boolean>[] newTaps(int n) {
        return new java.util.function.BiConsumer[n];
    }

    /** The taps of a port nobody captures: one array for all (a flood reads every port's). */
    private static final java.util.function.BiConsumer<byte[], Boolean>[] NO_TAPS = newTaps(0);
    /** The tagged VLANs of a port that carries none (every access port): never changed, so shared. */
    private static final BitSet NO_VLANS = new BitSet();

    /** One switch port: an end of a link, with its VLAN membership and spanning-tree role and state. */
    public final class Port implements LinkEnd {
        private final String name;
        private final int number;
        private final int id;
        private final Link link;
        /** The channel this port sends on (its link's direction away from the switch). */
        private final Channel out;
        private final int pvid;
        private final BitSet tagged;
        private final int cost;
        private Role role;
        private State state;
        /** The MAC table's slot for the source address last heard on this port, and for the last unicast destination. */
        Fdb.Slot learned;
        Fdb.Slot lastDst;
        private Bpdu info;
        private long infoReceivedNs;
        /**
         * Spanning tree's timers, made at their first use: a port of a switch without spanning
         * tree never sets them (a 10,000-host LAN bench made 20,000 timers for nothing).
         */
        private Timer infoTimer;
        private Timer stateTimer;
        private java.util.function.BiConsumer<byte[], Boolean>[] taps = NO_TAPS;

        Port(String name, int number, Link link, boolean atA, int pvid, BitSet tagged, boolean edge) {
            this.name = name;
            this.number = number;
            this.id = 0x8000 | number;
            this.link = link;
            this.out = atA ? link.channelFromA() : link.channelFromB();
            this.out.setQuietSender(true);
            this.pvid = pvid;
            this.tagged = tagged.isEmpty() ? NO_VLANS : (BitSet) tagged.clone(); // never changed: shared when empty
            this.cost = pathCost(link.bandwidthBps());
        }

        private Timer infoTimer() {
            if (infoTimer == null) {
                infoTimer = new Timer(sim, () -> onInfoExpired(this));
            }
            return infoTimer;
        }

        private Timer stateTimer() {
            if (stateTimer == null) {
                stateTimer = new Timer(sim, () -> onForwardDelay(this));
            }
            return stateTimer;
        }

        public String name() {
            return name;
        }

        public Role role() {
            return role;
        }

        public State state() {
            return state;
        }

        public int pvid() {
            return pvid;
        }

        public Link link() {
            return link;
        }

        /** The spanning-tree path cost of this port. */
        public int cost() {
            return cost;
        }

        boolean member(int vid) {
            return vid == pvid || tagged.get(vid);
        }

        Channel out() {
            return out;
        }

        void send(int vid, byte[] untagged) {
            out.send(vid == pvid ? untagged : EthernetFrame.tag(untagged, vid));
        }

        /** The same, with {@code padded} the untagged frame already padded to the minimum frame (or null). */
        void send(int vid, byte[] untagged, byte[] padded) {
            if (vid == pvid) {
                out.send(untagged, padded);
            } else {
                out.send(EthernetFrame.tag(untagged, vid));
            }
        }

        /** Observes the frames crossing this port (a capture of the switch port, like a mirror port): bytes, outgoing. */
        public void addTap(java.util.function.BiConsumer<byte[], Boolean> tap) {
            var n = java.util.Arrays.copyOf(taps, taps.length + 1);
            n[taps.length] = tap;
            taps = n;
            out.setQuietSender(false);
        }

        @Override
        public void arrive(byte[] frame) {
            for (var t : taps) {
                t.accept(frame, false);
            }
            receive(this, frame);
        }

        @Override
        public void transmitted(byte[] frame) {
            for (var t : taps) {
                t.accept(frame, true);
            }
        }

        @Override
        public void carrier(boolean up) {
        }

        @Override
        public String nodeName() {
            return Switch.this.name;
        }

        @Override
        public String ifaceName() {
            return name;
        }
    }
}
