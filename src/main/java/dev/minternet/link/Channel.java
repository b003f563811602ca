package dev.minternet.link;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One direction of a point-to-point link: a DropTail queue in front of a transmitter, then the
 * wire. A datagram waits in the queue, is serialized at the link rate (bits / rate), then
 * propagates for the link delay. Propagation delay is constant, so datagrams in flight arrive in
 * the order they were sent: one reusable arrival event walks a FIFO, and the data path allocates
 * nothing per packet.
 */
public final class Channel {
    private final Link link;
    private final String direction;
    private final Simulator sim;
    private final Trace trace;
    /** Drawn from only on a lossy link: created at its first draw (its stream depends on the name alone). */
    private SplittableRandom lossRandom;
    /** Loss of this direction only (netem on one interface's egress), or NaN for the link's. */
    private double egressLoss = Double.NaN;
    /** The shared medium transmitting for this channel (Wi-Fi), or null: this channel's own transmitter. */
    private Medium medium;
    final LinkCounters counters = new LinkCounters();
    LinkEnd from;
    LinkEnd to;

    private ArrayDeque<byte[]> queue;
    private int queuedBytes;
    private boolean busy;
    private final TxDone txDone = new TxDone();

    /** Datagrams on the wire and when each arrives: one ring of two arrays, created with the first datagram. */
    private byte[][] inFlight;
    private long[] arrivalTimes;
    private int arrHead;
    private int arrCount;
    private final Arrival arrival = new Arrival();

    Channel(Link link, String direction, Simulator sim, Trace trace) {
        this.link = link;
        this.direction = direction;
        this.sim = sim;
        this.trace = trace;
    }

    private SplittableRandom lossRandom() {
        if (lossRandom == null) {
            lossRandom = sim.randoms().stream("link:" + link.name() + ":" + direction + ":loss");
        }
        return lossRandom;
    }

    public LinkCounters counters() {
        return counters;
    }

    /**
     * Drops each datagram this direction sends with probability {@code p}, whatever the link's own
     * loss, as {@code tc qdisc add dev eth0 root netem loss P%} does on one interface's egress only.
     */
    public void setEgressLoss(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("loss must be between 0 and 1");
        }
        this.egressLoss = p;
    }

    /** Datagrams waiting in the queue (not counting the one being serialized). */
    public int queueLength() {
        return queue == null ? 0 : queue.size();
    }

    /** Hands a datagram to this direction: sent at once if the transmitter is idle, else queued. */
    public void send(byte[] d) {
        if (!link.isUp()) {
            counters.droppedDown++;
            traceDrop(d, "link-down");
            return;
        }
        if (medium != null) {
            medium.offer(this, d);
            return;
        }
        if (!busy) {
            startTransmission(d);
            return;
        }
        int qp = link.queuePackets();
        int qb = link.queueBytes();
        int n = queue == null ? 0 : queue.size();
        if ((qp > 0 && n >= qp) || (qb > 0 && queuedBytes + d.length > qb)) {
            counters.droppedQueue++;
            traceDrop(d, "queue-full");
            return;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        queue.addLast(d);
        queuedBytes += d.length;
        if (trace.enabled()) {
            trace.emit(from.nodeName(), LinkEvents.ENQUEUE, from.ifaceName(), link.name(), d.length, queue.size());
        }
    }

    /** Hands this channel's datagrams to {@code m} (a shared medium) instead of its own queue and transmitter. */
    public void useMedium(Medium m) {
        this.medium = m;
    }

    /** The link this channel is a direction of. */
    public Link link() {
        return link;
    }

    /** The end that receives what this channel carries. */
    public LinkEnd toEnd() {
        return to;
    }

    /** The end that sends on this channel. */
    public LinkEnd fromEnd() {
        return from;
    }

    /** The medium starts sending {@code d} for this channel (its first attempt): counted, and seen by the sender's taps. */
    public void mediumTransmitting(byte[] d) {
        counters.sentPackets++;
        counters.sentBytes += d.length;
        from.transmitted(d);
    }

    /** The medium delivered the last bit of {@code d} to the far end of this channel. */
    public void mediumDelivered(byte[] d) {
        counters.receivedPackets++;
        counters.receivedBytes += d.length;
        to.arrive(d);
    }

    /**
     * The medium dropped {@code d}: {@code queue-full} and {@code link-down} are traced as this
     * channel's drops; any other reason (the medium traces it) counts as a loss.
     */
    public void mediumDropped(byte[] d, String reason) {
        switch (reason) {
            case "queue-full" -> {
                counters.droppedQueue++;
                traceDrop(d, reason);
            }
            case "link-down" -> {
                counters.droppedDown++;
                traceDrop(d, reason);
            }
            default -> counters.droppedLoss++;
        }
    }

    private void startTransmission(byte[] d) {
        busy = true;
        long now = sim.now();
        long ser = Durations.serialization(Math.max(d.length, link.minFrame) + link.overheadBytes, link.bandwidthBps());
        counters.sentPackets++;
        counters.sentBytes += d.length;
        from.transmitted(d);
        sim.scheduleAt(now + ser, txDone);
        double p = Double.isNaN(egressLoss) ? link.loss() : egressLoss;
        if (p > 0 && lossRandom().nextDouble() < p) {
            counters.droppedLoss++;
            traceDrop(d, "random-loss");
            return;
        }
        if (d.length < link.minFrame) {
            d = java.util.Arrays.copyOf(d, link.minFrame); // the NIC pads after the capture point
        }
        pushInFlight(d, now + ser + link.delayNs());
    }

    private void pushInFlight(byte[] d, long at) {
        if (inFlight == null) {
            inFlight = new byte[2][];
            arrivalTimes = new long[2];
        } else if (arrCount == arrivalTimes.length) {
            long[] n = new long[arrivalTimes.length * 2];
            byte[][] f = new byte[n.length][];
            for (int i = 0; i < arrCount; i++) {
                n[i] = arrivalTimes[(arrHead + i) % arrivalTimes.length];
                f[i] = inFlight[(arrHead + i) % arrivalTimes.length];
            }
            arrivalTimes = n;
            inFlight = f;
            arrHead = 0;
        }
        int tail = (arrHead + arrCount) % arrivalTimes.length;
        arrivalTimes[tail] = at;
        inFlight[tail] = d;
        arrCount++;
        if (!arrival.isPending()) {
            sim.scheduleAt(at, arrival);
        }
    }

    private void onTxDone() {
        busy = false;
        if (queue != null && !queue.isEmpty()) {
            byte[] next = queue.pollFirst();
            queuedBytes -= next.length;
            startTransmission(next);
        }
    }

    private void onArrival() {
        byte[] d = inFlight[arrHead];
        inFlight[arrHead] = null;
        arrHead = (arrHead + 1) % arrivalTimes.length;
        arrCount--;
        if (arrCount > 0) {
            sim.scheduleAt(arrivalTimes[arrHead], arrival);
        }
        counters.receivedPackets++;
        counters.receivedBytes += d.length;
        to.arrive(d);
    }

    /** The link went down: everything queued or on the wire is lost. */
    void flush() {
        if (queue != null) {
            for (byte[] d : queue) {
                counters.droppedDown++;
                traceDrop(d, "link-down");
            }
            queue.clear();
            queuedBytes = 0;
        }
        for (int i = 0; i < arrCount; i++) {
            int k = (arrHead + i) % arrivalTimes.length;
            counters.droppedDown++;
            traceDrop(inFlight[k], "link-down");
            inFlight[k] = null;
        }
        arrCount = 0;
        arrHead = 0;
        sim.cancel(arrival);
        sim.cancel(txDone);
        busy = false;
    }

    private void traceDrop(byte[] d, String reason) {
        if (trace.enabled()) {
            int o = link.isEthernet() ? ipOffset(d) : 0;
            trace.emit(from.nodeName(), LinkEvents.DROP, from.ifaceName(), link.name(), reason, d.length,
                    o < 0 ? "?" : ipSrc(d, o), o < 0 ? "?" : ipDst(d, o));
        }
    }

    static String ipSrc(byte[] d, int o) {
        if (isIpv6(d, o)) {
            return dev.minternet.wire.Ipv6Packet.src(d, o).toString();
        }
        return d.length >= o + 20 ? Ip4.str(Ipv4Packet.src(d, o)) : "?";
    }

    static String ipDst(byte[] d, int o) {
        if (isIpv6(d, o)) {
            return dev.minternet.wire.Ipv6Packet.dst(d, o).toString();
        }
        return d.length >= o + 20 ? Ip4.str(Ipv4Packet.dst(d, o)) : "?";
    }

    /** An IPv6 header at {@code o} (a raw link carries both versions; the first nibble tells them apart). */
    private static boolean isIpv6(byte[] d, int o) {
        return d.length >= o + dev.minternet.wire.Ipv6Packet.HEADER && (d[o] & 0xf0) == 0x60;
    }

    /** Where the IPv4 header of an Ethernet frame starts (after an 802.1Q tag too), or -1 if it carries none. */
    static int ipOffset(byte[] f) {
        if (f.length < EthernetFrame.HEADER) {
            return -1;
        }
        int t = EthernetFrame.type(f);
        if (t == EthernetFrame.TYPE_VLAN && f.length >= EthernetFrame.HEADER + EthernetFrame.TAG) {
            return BigEndian.u16(f, 16) == EthernetFrame.TYPE_IPV4 ? EthernetFrame.HEADER + EthernetFrame.TAG : -1;
        }
        return t == EthernetFrame.TYPE_IPV4 ? EthernetFrame.HEADER : -1;
    }

    public String direction() {
        return direction;
    }

    private final class TxDone extends Event {
        @Override
        protected void fire() {
            onTxDone();
        }
    }

    private final class Arrival extends Event {
        @Override
        protected void fire() {
            onArrival();
        }
    }
}
