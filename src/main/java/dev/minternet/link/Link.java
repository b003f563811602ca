package dev.minternet.link;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A point-to-point full-duplex link: two independent {@link Channel}s sharing bandwidth figure,
 * propagation delay, MTU, queue limit and loss rate. It can be taken down and brought back at any
 * simulated time; while down, everything queued, in flight or offered is dropped.
 */
public final class Link {
    /**
     * Its name, or null when that is its ends' node names joined by "--" ("h17--edge3"), made when
     * asked ({@link #name}) from the ends attached.
     */
    private final String name;
    /** Bandwidth, delay, MTU, queue limits, loss and cost: one shared object for every link built alike. */
    private final Params params;
    private final Simulator sim;
    private final Trace trace;
    private final Channel ab;
    private final Channel ba;
    private boolean up = true;
    private int carrierChanges;
    /** Bytes each frame costs on the wire beyond its captured bytes (0 on raw IP links; 24 on Ethernet). */
    int overheadBytes;
    /** The smallest frame the transmitter sends (shorter ones are padded after the capture point); 0 on raw IP links. */
    int minFrame;
    private boolean ethernet;
    /** The first listener (usually the only one: global routing's), then any others in a list made with the second. */
    private Consumer<Link> stateListener;
    private List<Consumer<Link>> moreStateListeners;

    public Link(String name, long bandwidthBps, long delayNs, int mtu, int queuePackets, int queueBytes,
                double loss, int cost, Simulator sim, Trace trace) {
        this.name = name;
        this.params = Params.of(new Params(bandwidthBps, delayNs, mtu, queuePackets, queueBytes, loss, cost));
        this.sim = sim;
        this.trace = trace;
        this.ab = new Channel(this);
        this.ba = new Channel(this);
    }

    /** Attaches the two ends; returns the channels each end transmits on (a's first). */
    public void attach(LinkEnd a, LinkEnd b) {
        ab.from = a;
        ab.to = b;
        ba.from = b;
        ba.to = a;
    }

    public Channel channelFromA() {
        return ab;
    }

    public Channel channelFromB() {
        return ba;
    }

    public LinkEnd endA() {
        return ab.from;
    }

    public LinkEnd endB() {
        return ba.from;
    }

    public void onStateChange(Consumer<Link> listener) {
        if (stateListener == null) {
            stateListener = listener;
            return;
        }
        if (moreStateListeners == null) {
            moreStateListeners = new ArrayList<>(1);
        }
        moreStateListeners.add(listener);
    }

    /** Administrative up/down. Going down drops everything queued and in flight. */
    public void setUp(boolean newState) {
        if (newState == up) {
            return;
        }
        up = newState;
        carrierChanges++;
        ab.up = newState;
        ba.up = newState;
        if (!up) {
            ab.flush();
            ba.flush();
        }
        if (trace.enabled()) {
            trace.emit(ab.from.nodeName(), up ? LinkEvents.UP : LinkEvents.DOWN, name(),
                    ab.from.nodeName() + ":" + ab.from.ifaceName(), ba.from.nodeName() + ":" + ba.from.ifaceName());
        }
        sim.enterRegionOutside(ab.fromRegion()); // each end reacts in its own region (docs/partitioning.md)
        ab.from.carrier(up);
        sim.enterRegionOutside(ba.fromRegion());
        ba.from.carrier(up);
        if (stateListener != null) {
            stateListener.accept(this);
        }
        if (moreStateListeners != null) {
            for (Consumer<Link> l : moreStateListeners) {
                l.accept(this);
            }
        }
    }

    /**
     * Makes this an Ethernet link: what crosses it are Ethernet frames (captured as LINKTYPE_ETHERNET),
     * and each costs {@code EthernetFrame.WIRE_OVERHEAD} more bytes of wire time (preamble and start
     * delimiter, FCS, inter-frame gap) than its captured length, and a frame shorter than
     * {@code minFrameBytes} is padded by the transmitter after the capture point, as a Linux NIC
     * driver pads: the sender's capture shows the short frame, the wire and the receiver the padded one.
     */
    public void setEthernet(int wireOverheadBytes, int minFrameBytes) {
        this.ethernet = true;
        this.overheadBytes = wireOverheadBytes;
        this.minFrame = minFrameBytes;
        ab.overheadBytes = wireOverheadBytes;
        ab.minFrame = minFrameBytes;
        ba.overheadBytes = wireOverheadBytes;
        ba.minFrame = minFrameBytes;
    }

    /** Whether frames (not raw IP datagrams) cross this link. */
    public boolean isEthernet() {
        return ethernet;
    }

    /** How many times the link went down or came up: each end's carrier changes (iproute2's transns). */
    public int carrierChanges() {
        return carrierChanges;
    }

    public boolean isUp() {
        return up;
    }

    public String name() {
        String n = name;
        return n != null ? n : ab.from.nodeName() + "--" + ba.from.nodeName();
    }

    /** Whether {@code n} is its name, without making it. */
    public boolean named(String n) {
        return name != null ? name.equals(n) : isDerivedName(n, ab.from.nodeName(), ba.from.nodeName());
    }

    /** {@code name().hashCode()}, without making the name. */
    public int nameHash() {
        if (name != null) {
            return name.hashCode();
        }
        String a = ab.from.nodeName();
        String b = ba.from.nodeName();
        int h = (a.hashCode() * 31 + '-') * 31 + '-';
        for (int k = b.length(); k > 0; k--) {
            h *= 31;
        }
        return h + b.hashCode();
    }

    /** Whether {@code n} is {@code a + "--" + b}. */
    public static boolean isDerivedName(String n, String a, String b) {
        int la = a.length();
        return n != null && n.length() == la + 2 + b.length() && n.startsWith(a) && n.charAt(la) == '-'
                && n.charAt(la + 1) == '-' && n.startsWith(b, la + 2);
    }

    public long bandwidthBps() {
        return params.bandwidthBps;
    }

    public long delayNs() {
        return params.delayNs;
    }

    public int mtu() {
        return params.mtu;
    }

    public int queuePackets() {
        return params.queuePackets;
    }

    public int queueBytes() {
        return params.queueBytes;
    }

    public double loss() {
        return params.loss;
    }

    public int cost() {
        return params.cost;
    }

    Params params() {
        return params;
    }

    Simulator sim() {
        return sim;
    }

    Trace trace() {
        return trace;
    }

    /**
     * A link's immutable configuration, interned: the million access links of a large world share
     * one (a value, so which instance a link holds changes nothing but memory).
     */
    record Params(long bandwidthBps, long delayNs, int mtu, int queuePackets, int queueBytes, double loss,
                          int cost) {
        // the record's own equals and hashCode, written out: no invokedynamic linked at first use (RecordValuesTest)
        @Override
        public boolean equals(Object other) {
            return other instanceof Params o && bandwidthBps == o.bandwidthBps && delayNs == o.delayNs
                    && mtu == o.mtu && queuePackets == o.queuePackets && queueBytes == o.queueBytes
                    && Double.compare(loss, o.loss) == 0 && cost == o.cost;
        }

        @Override
        public int hashCode() {
            int h = Long.hashCode(bandwidthBps);
            h = 31 * h + Long.hashCode(delayNs);
            h = 31 * h + Integer.hashCode(mtu);
            h = 31 * h + Integer.hashCode(queuePackets);
            h = 31 * h + Integer.hashCode(queueBytes);
            h = 31 * h + Double.hashCode(loss);
            h = 31 * h + Integer.hashCode(cost);
            return h;
        }

        private static final ConcurrentHashMap<Params, Params> INTERNED = new ConcurrentHashMap<>();

        /** The last one interned: a world builds its links mostly alike, one after another. */
        private static volatile Params last;

        static Params of(Params p) {
            Params l = last;
            if (p.equals(l)) {
                return l;
            }
            Params known = INTERNED.putIfAbsent(p, p);
            Params interned = known != null ? known : p;
            last = interned;
            return interned;
        }
    }
}
