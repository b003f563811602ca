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
    /**
     * Beside {@link #queue}, once a queued frame came with a shared padded copy (see
     * {@link #send(byte[], byte[])}): each queued frame's padded copy, or {@link #NO_PAD}.
     */
    private ArrayDeque<byte[]> pads;
    private static final byte[] NO_PAD = new byte[0];
    /**
     * When the transmitter is free again: the end of the last datagram's serialization
     * ({@link Long#MIN_VALUE}: nothing sent since the last flush). Its "transmission done" event
     * is scheduled only when something waits for it (a datagram in the queue): otherwise it is
     * elided, and its stamp ({@link #txSched}, {@link #txStamp}, taken when it would have been
     * scheduled) says whether it would have fired yet when a datagram comes at that very
     * instant, so the channel queues or sends exactly as if it existed.
     */
    private long busyUntil = Long.MIN_VALUE;
    private long txSched;
    private long txStamp;
    /** Pending while a datagram waits in the queue (or after a transmission of no duration). */
    private final TxDone txDone = new TxDone();
    /**
     * Whether {@link #txDone} is pending, kept here: a send to an idle transmitter (each copy of a
     * flooded frame) then reads no event.
     */
    private boolean txPending;

    /** Datagrams on the wire and when each arrives: one ring of two arrays, created with the first datagram. */
    private byte[][] inFlight;
    private long[] arrivalTimes;
    private int arrHead;
    private int arrCount;
    private final Arrival arrival = new Arrival();

    /** Regions of the sending and receiving ends (docs/design.md section 16); equal unless the world is split. */
    private int fromRegion;
    private int toRegion;
    /** Per datagram on the wire, when it crosses regions: the stamp it was sent with (see Simulator#stamp). */
    private long[] sentAt;
    private long[] stamps;
    /** Datagrams sent during a window of a partitioned run toward another lane: collected by that lane after it. */
    private CrossingBox crossing;

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
        send(d, null);
    }

    /**
     * The same, with {@code padded} (when not null) a copy of frame {@code d} padded to this
     * link's minimum frame: the copies of a flooded short frame (an ARP request) then share one
     * padded array instead of one each. The bytes on the wire are the same.
     */
    public void send(byte[] d, byte[] padded) {
        if (!link.isUp()) {
            counters.droppedDown++;
            traceDrop(d, "link-down");
            return;
        }
        if (medium != null) {
            medium.offer(this, d);
            return;
        }
        boolean waiting = txPending;
        if (!waiting && transmitterFree()) {
            startTransmission(d, padded);
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
        if (padded != null && pads == null) {
            pads = new ArrayDeque<>();
            for (int i = 1; i < queue.size(); i++) {
                pads.addLast(NO_PAD);
            }
        }
        if (pads != null) {
            pads.addLast(padded != null ? padded : NO_PAD);
        }
        if (!waiting) {
            // the elided event takes the place it would have had: the datagram leaves when it fires
            sim.scheduleAsStamped(busyUntil, txSched, txStamp, txDone);
            txPending = true;
        }
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

    /**
     * Whether the last transmission is over (its elided "transmission done" would have fired by
     * now): later than its end, or at its end after the event would have fired (an event that
     * was scheduled before it, at the same instant, still finds the transmitter busy).
     */
    private boolean transmitterFree() {
        long now = sim.now();
        if (now != busyUntil) {
            return now > busyUntil;
        }
        return sim.hasFired(busyUntil, txSched, txStamp);
    }

    private void startTransmission(byte[] d, byte[] padded) {
        long now = sim.now();
        long ser = Durations.serialization(Math.max(d.length, link.minFrame) + link.overheadBytes, link.bandwidthBps());
        busyUntil = now + ser;
        counters.sentPackets++;
        counters.sentBytes += d.length;
        from.transmitted(d);
        if (ser == 0 || (queue != null && !queue.isEmpty())) {
            // the next datagram waits for it (a transmission of no duration ends after the event sending it)
            sim.scheduleAt(busyUntil, txDone);
            txPending = true;
        } else {
            txSched = now;
            txStamp = sim.stamp();
        }
        double p = Double.isNaN(egressLoss) ? link.loss() : egressLoss;
        if (p > 0 && lossRandom().nextDouble() < p) {
            counters.droppedLoss++;
            traceDrop(d, "random-loss");
            return;
        }
        if (d.length < link.minFrame) {
            // the NIC pads after the capture point
            d = padded != null && padded.length == link.minFrame ? padded : java.util.Arrays.copyOf(d, link.minFrame);
        }
        pushInFlight(d, now + ser + link.delayNs());
    }

    private void pushInFlight(byte[] d, long at) {
        if (fromRegion != toRegion) {
            long sched = sim.now();
            long stamp = sim.stamp();
            if (crossing != null) {
                crossing.post(d, at, sched, stamp);
            } else {
                pushStamped(d, at, sched, stamp);
            }
            return;
        }
        int tail = ringSlot();
        arrivalTimes[tail] = at;
        inFlight[tail] = d;
        arrCount++;
        if (!arrival.isPending()) {
            sim.scheduleAt(at, arrival);
        }
    }

    /**
     * A datagram from another region goes on the wire with the stamp it was sent with; its arrival
     * is scheduled with that stamp, so that it takes the same place among the receiver's events
     * whether the sender ran on this thread or another one.
     */
    private void pushStamped(byte[] d, long at, long sched, long stamp) {
        int tail = ringSlot();
        arrivalTimes[tail] = at;
        inFlight[tail] = d;
        sentAt[tail] = sched;
        stamps[tail] = stamp;
        arrCount++;
        if (!arrival.isPending()) {
            sim.scheduleStamped(at, sched, stamp, toRegion, arrival);
        }
    }

    /** The ring's next free slot, growing the ring when it is full. */
    private int ringSlot() {
        boolean cross = fromRegion != toRegion;
        if (inFlight == null) {
            inFlight = new byte[2][];
            arrivalTimes = new long[2];
            if (cross) {
                sentAt = new long[2];
                stamps = new long[2];
            }
        } else if (arrCount == arrivalTimes.length) {
            int len = arrivalTimes.length;
            long[] n = new long[len * 2];
            byte[][] f = new byte[n.length][];
            long[] s = cross ? new long[n.length] : null;
            long[] st = cross ? new long[n.length] : null;
            for (int i = 0; i < arrCount; i++) {
                int k = (arrHead + i) & (len - 1);
                n[i] = arrivalTimes[k];
                f[i] = inFlight[k];
                if (cross) {
                    s[i] = sentAt[k];
                    st[i] = stamps[k];
                }
            }
            arrivalTimes = n;
            inFlight = f;
            sentAt = s;
            stamps = st;
            arrHead = 0;
        }
        return (arrHead + arrCount) & (arrivalTimes.length - 1); // the ring's length is a power of two
    }

    private void onTxDone() {
        busyUntil = Long.MIN_VALUE;
        if (queue != null && !queue.isEmpty()) {
            byte[] next = queue.pollFirst();
            queuedBytes -= next.length;
            startTransmission(next, pads == null ? null : pads.pollFirst());
        }
    }

    private void onArrival() {
        byte[] d = inFlight[arrHead];
        inFlight[arrHead] = null;
        arrHead = (arrHead + 1) & (arrivalTimes.length - 1);
        arrCount--;
        if (arrCount > 0) {
            if (fromRegion != toRegion) {
                sim.scheduleStamped(arrivalTimes[arrHead], sentAt[arrHead], stamps[arrHead], toRegion, arrival);
            } else {
                sim.scheduleAt(arrivalTimes[arrHead], arrival);
            }
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
            pads = null;
        }
        for (int i = 0; i < arrCount; i++) {
            int k = (arrHead + i) & (arrivalTimes.length - 1);
            counters.droppedDown++;
            traceDrop(inFlight[k], "link-down");
            inFlight[k] = null;
        }
        arrCount = 0;
        arrHead = 0;
        sim.cancel(arrival);
        sim.cancel(txDone);
        txPending = false;
        busyUntil = Long.MIN_VALUE;
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

    /**
     * Places the sending end in region {@code from} and the receiving end in region {@code to}
     * (docs/design.md section 16): a datagram between two regions is stamped by its sender. Only
     * while nothing is on the wire.
     */
    public void setRegions(int from, int to) {
        if (arrCount != 0) {
            throw new IllegalStateException("datagrams on the wire");
        }
        this.fromRegion = from;
        this.toRegion = to;
        this.inFlight = null;
        this.arrivalTimes = null;
        this.sentAt = null;
        this.stamps = null;
        this.arrHead = 0;
    }

    public int fromRegion() {
        return fromRegion;
    }

    public int toRegion() {
        return toRegion;
    }

    /**
     * For a partitioned run whose lanes hold the two ends apart: from now on what this channel
     * sends waits in the returned mailbox until the receiving lane collects it between windows.
     * {@link #closeMailbox} ends it.
     */
    public Simulator.Mailbox openMailbox() {
        if (fromRegion == toRegion) {
            throw new IllegalStateException("a channel inside one region needs no mailbox");
        }
        crossing = new CrossingBox();
        return crossing;
    }

    /** Sends straight onto the wire again (after a partitioned run); the mailbox must be empty. */
    public void closeMailbox() {
        if (crossing != null && crossing.count != 0) {
            throw new IllegalStateException("mailbox not collected");
        }
        crossing = null;
    }

    /** Datagrams posted by the sending lane during a window, in the order sent. */
    private final class CrossingBox implements Simulator.Mailbox {
        byte[][] data = new byte[4][];
        long[] at = new long[4];
        long[] sched = new long[4];
        long[] stamp = new long[4];
        int count;

        void post(byte[] d, long t, long s, long st) {
            if (count == data.length) {
                int n = count * 2;
                data = java.util.Arrays.copyOf(data, n);
                at = java.util.Arrays.copyOf(at, n);
                sched = java.util.Arrays.copyOf(sched, n);
                stamp = java.util.Arrays.copyOf(stamp, n);
            }
            data[count] = d;
            at[count] = t;
            sched[count] = s;
            stamp[count++] = st;
        }

        @Override
        public void collect() {
            for (int i = 0; i < count; i++) {
                pushStamped(data[i], at[i], sched[i], stamp[i]);
                data[i] = null;
            }
            count = 0;
        }
    }

    private final class TxDone extends Event {
        @Override
        protected void fire() {
            txPending = false;
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
