package dev.minternet.link;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One direction of a point-to-point link: a DropTail queue in front of a transmitter, then the
 * wire. A datagram waits in the queue, is serialized at the link rate (bits / rate), then
 * propagates for the link delay. Propagation delay is constant, so datagrams in flight arrive in
 * the order they were sent: one reusable arrival event walks a FIFO, and the data path allocates
 * nothing per packet.
 *
 * <p>A large world has two channels per host, most of them idle most of the time, so a channel is
 * kept small (issue 19): it is itself its arrival event, its "transmission done" event is made
 * when a datagram first waits in its queue, a lone datagram on the wire needs no ring, and what
 * few channels use (loss, a shared medium, drop counts, a crossing between regions) sits in
 * objects made at first use.
 */
public final class Channel extends Event {
    private final Link link;
    /**
     * What sending reads of the link, held here too so that a datagram sent (every frame a switch
     * port or a NIC sends) does not fetch the link object: its simulator, trace and parameters
     * (interned, shared by every link alike), whether it is up and its Ethernet framing
     * ({@link Link#setUp} and {@link Link#setEthernet} keep them equal to the link's).
     */
    final Simulator sim;
    final Trace trace;
    final Link.Params params;
    boolean up = true;
    int minFrame;
    int overheadBytes;
    /** Loss, a shared medium and drop counts: made at first need, most channels never have them. */
    private Rare rare;
    /** Counted here for {@link #counters()} (a view): sent and received, packets and bytes. */
    long sentPackets;
    long sentBytes;
    long receivedPackets;
    long receivedBytes;
    LinkEnd from;
    LinkEnd to;

    /**
     * When the transmitter is free again: the end of the last datagram's serialization
     * ({@link Long#MIN_VALUE}: nothing sent since the last flush). Its "transmission done" event
     * is scheduled only when something waits for it (a datagram in the queue): otherwise it is
     * elided, and its stamp ({@link #txSched}, {@link #txStamp}, taken when it would have been
     * scheduled) says whether it would have fired yet when a datagram comes at that very
     * instant, so the channel queues or sends exactly as if it existed.
     */
    long busyUntil = Long.MIN_VALUE;
    long txSched;
    long txStamp;
    /**
     * The queue, and the "transmission done" event pending while a datagram waits in it (or after a
     * transmission of no duration): made when that first happens.
     */
    TxDone txDone;
    /**
     * Whether {@link #txDone} is pending (kept here so that a datagram offered to an idle channel
     * does not fetch that event and its queue). Invariant: a datagram waits in the queue only while
     * the event is pending, so when this is false the queue is empty.
     */
    boolean txPending;
    /**
     * Whether the queue drains without "transmission done" events: the head of the queue starts
     * when the event of stamp ({@link #busyUntil}, {@link #txSched}, {@link #txStamp}) would fire,
     * the next when the one of its end would, and so on; {@link #catchUp} performs those starts
     * when something looks (an arrival, a datagram offered, a counter read). Exact because nothing
     * else sees a start: the sender is not captured ({@link #quietSender}), nothing is lost
     * (no trace line, no draw), and with a delay the wire is never empty while datagrams wait, so
     * every arrival event is scheduled as before (by the arrival before it). Each start after the
     * first takes the stamp of its start time and the first place among the events scheduled then
     * (the event it stands for would have taken its place among them while the one before it ran).
     * Invariant: true only while the queue holds a datagram and {@link #txPending} is false.
     */
    boolean lazy;
    /** Set by the sending end (a NIC or a switch port): nobody captures what it transmits, so a start needs no call to it at its instant. */
    private boolean quietSender;

    /**
     * The datagram on the wire while it is the only one (this event's time is its arrival); with a
     * second one, both move into a ring of two arrays, kept from then on but used only while two or
     * more are on the wire: a channel that once had a burst (a LAN's gratuitous-ARP storm) then
     * carries its single datagrams without fetching the ring. Not null exactly while it is in use
     * (never on a channel between two regions, whose datagrams carry stamps in the ring).
     */
    byte[] lone;
    /** Datagrams on the wire and when each arrives: a ring, created when two are on the wire at once. */
    Ring ring;
    /** Datagrams on the wire (the lone one or the ring's). */
    int arrCount;

    /** Region of the sending end (docs/design.md section 16). */
    int fromRegion;
    /**
     * What the receiving NIC's check for a broadcast ARP it ignores reads ({@link #mirrorArpFilter}),
     * while it may run here (a NIC on Ethernet, no capture, no ARP watcher); else null (24 bytes
     * fewer on a raw IP link's). A LAN's hosts ignore nearly every broadcast they hear: deciding
     * it here spares the fetch of one more host's objects for each copy.
     */
    private ArpMirror mirror;

    /**
     * Whether the datagrams on the wire ({@link #lone} or the ring's) are ghosts: broadcasts the
     * receiving NIC will ignore by the mirror above, with no arrival event. Each arrives, uncounted
     * until someone looks ({@link #settle}), when its event would have fired: the first at
     * {@link Ghosts#at} with the stamp ({@link Ghosts#sched}, {@link Ghosts#stamp}) its event would
     * have had (taken when it was sent onto an empty wire, or when the datagram ahead of it
     * arrived), each later one at its own time, stamped at the arrival of the one ahead of it and
     * in the first place among the events stamped then (as a lazily draining queue's starts,
     * {@link #lazy}). A queue may drain lazily behind ghosts while every datagram in it is one
     * more ghost. Anything that could change what an arrival does or who sees it (a datagram the
     * NIC would not ignore joining them on the wire or in the queue, the mirror changing, the
     * trace going on) first gives the first of them its arrival event back
     * ({@link #materializeGhost}): they arrive as frames, each where it would have.
     * Invariant: true only while a datagram is on the wire and no arrival event is pending.
     */
    boolean ghost;
    /** In the world's {@link GhostList}. */
    boolean listed;
    /** When the first ghost arrives and its region's list: made at the channel's first ghost (only a channel into a NIC on Ethernet has one). */
    private Ghosts ghosts;
    /** The receiving end's region and the stamps, when it is another region than the sender's; else null. */
    private Crossing cross;

    Channel(Link link) {
        this.link = link;
        this.sim = link.sim();
        this.trace = link.trace();
        this.params = link.params();
    }

    private Rare rare() {
        if (rare == null) {
            rare = new Rare();
        }
        return rare;
    }

    private SplittableRandom lossRandom() {
        Rare r = rare();
        if (r.lossRandom == null) {
            r.lossRandom = link.sim().randoms().stream("link:" + link.name() + ":" + direction() + ":loss");
        }
        return r.lossRandom;
    }

    /** This direction's counters: a live view. */
    public LinkCounters counters() {
        return new LinkCounters(this);
    }

    long droppedQueue() {
        return rare == null ? 0 : rare.droppedQueue;
    }

    long droppedLoss() {
        return rare == null ? 0 : rare.droppedLoss;
    }

    long droppedDown() {
        return rare == null ? 0 : rare.droppedDown;
    }

    /**
     * Drops each datagram this direction sends with probability {@code p}, whatever the link's own
     * loss, as {@code tc qdisc add dev eth0 root netem loss P%} does on one interface's egress only.
     */
    public void setEgressLoss(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("loss must be between 0 and 1");
        }
        materialize();
        rare().egressLoss = p;
    }

    /** Datagrams waiting in the queue (not counting the one being serialized). */
    public int queueLength() {
        if (lazy) {
            catchUp();
        }
        return txDone == null ? 0 : txDone.queue.size();
    }

    /**
     * Whether a queue that starts now may drain without events ({@link #lazy}): one region, a
     * quiet sender, no loss, a propagation delay, and a serialization of some time for any frame.
     */
    private boolean drainsLazily() {
        Link.Params p = params;
        return quietSender && cross == null && p.delayNs() > 0
                && (rare == null ? p.loss() : Double.isNaN(rare.egressLoss) ? p.loss() : rare.egressLoss) == 0
                && Durations.serialization(Math.max(1, minFrame) + overheadBytes, p.bandwidthBps()) > 0;
    }

    /**
     * Performs the starts of a lazily draining queue that have come by now (see {@link #lazy}),
     * in order: each goes on the wire behind the datagrams already on it.
     */
    void catchUp() {
        TxDone t = txDone;
        Simulator sim = this.sim;
        while (sim.hasFired(busyUntil, txSched, txStamp)) {
            byte[] d = t.poll();
            byte[] padded = t.pads == null ? null : t.pads.pollFirst();
            long start = busyUntil;
            long ser = serialization(d);
            t.queuedSer -= ser;
            t.queuedWire -= Math.max(d.length, minFrame);
            busyUntil = start + ser;
            sentPackets++;
            sentBytes += d.length;
            txSched = start;
            txStamp = (long) fromRegion << Simulator.COUNT_BITS; // the first place among the events stamped at its start
            if (d.length < minFrame) {
                d = padded != null && padded.length == minFrame ? padded : java.util.Arrays.copyOf(d, minFrame);
            }
            if (arrCount == 0) {
                throw new IllegalStateException("a lazily draining queue behind an empty wire");
            }
            int tail = ringSlot();
            ring.at[tail] = busyUntil + params.delayNs();
            ring.data[tail] = d;
            arrCount++;
            if (t.queue.isEmpty()) {
                lazy = false;
                return;
            }
        }
    }

    /**
     * Brings the counts and the queue up to now (a lazily draining queue's starts that have come):
     * before they are read.
     */
    void settle() {
        if (ghost) {
            settleGhost(); // the lazy starts first, or all at once when the last has arrived
        } else if (lazy) {
            catchUp();
        }
    }

    /** See {@link Ghosts#settle}. */
    private void settleGhost() {
        ghosts.settle();
    }

    /** The datagrams on the wire become ghosts, the first arriving at {@code at} with the given stamp; listed for the trace. */
    private void becomeGhosts(long at, long sched, long stamp) {
        if (ghosts == null) {
            ghosts = new Ghosts(this);
        }
        ghosts.become(at, sched, stamp);
    }

    /** Whether a ghost is still on the wire (one that has arrived is settled). */
    boolean ghostOnWire() {
        if (ghost) {
            settleGhost();
        }
        return ghost;
    }

    /** A ghost still on the wire gets its arrival event back, with the stamp it was sent with. */
    void materializeGhost() {
        if (ghost) {
            settleGhost();
        }
        if (ghost) {
            ghost = false;
            Ghosts g = ghosts;
            sim.scheduleStamped(g.at, g.sched, g.stamp, (int) (g.stamp >>> Simulator.COUNT_BITS), this);
        }
    }

    /** A lazily draining queue goes back to its "transmission done" event, in the place the next start takes. */
    private void materialize() {
        if (lazy) {
            catchUp();
        }
        if (lazy) {
            lazy = false;
            sim.scheduleStamped(busyUntil, txSched, txStamp, fromRegion, txDone);
            txPending = true;
        }
    }

    /**
     * Set by the sending end: {@code quiet} when nothing captures what it transmits (a start of a
     * queued datagram then needs no call to it at its instant).
     */
    public void setQuietSender(boolean quiet) {
        if (!quiet) {
            materialize();
        }
        quietSender = quiet;
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
        if (!up) {
            rare().droppedDown++;
            traceDrop(d, "link-down");
            return;
        }
        if (rare != null && rare.medium != null) {
            rare.medium.offer(this, d);
            return;
        }
        if (ghost) {
            settleGhost(); // and the lazy starts that have come
        } else if (lazy) {
            catchUp();
        }
        boolean waiting = txPending || lazy;
        if (!waiting && transmitterFree()) {
            startTransmission(d, padded, false); // nothing waits: the queue is empty (see txPending)
            return;
        }
        int qp = params.queuePackets();
        int qb = params.queueBytes();
        int n = txDone == null ? 0 : txDone.queue.size(); // the starts that have come are done (above)
        if ((qp > 0 && n >= qp) || (qb > 0 && (txDone == null ? 0 : txDone.queuedBytes) + d.length > qb)) {
            rare().droppedQueue++;
            traceDrop(d, "queue-full");
            return;
        }
        TxDone t = txDone();
        t.add(d);
        if (padded != null && t.pads == null) {
            t.pads = new ArrayDeque<>();
            for (int i = 1; i < t.queue.size(); i++) {
                t.pads.addLast(TxDone.NO_PAD);
            }
        }
        if (t.pads != null) {
            t.pads.addLast(padded != null ? padded : TxDone.NO_PAD);
        }
        if (!waiting) {
            if (drainsLazily()) {
                if (ghost && !ghostly(d)) {
                    materializeGhost(); // its arrival drives the drain (catchUp)
                }
                lazy = true; // the datagram leaves when the elided event would have fired (catchUp)
                t.queuedSer = 0; // the sums start with it (below)
                t.queuedWire = 0;
            } else {
                // the elided event takes the place it would have had: the datagram leaves when it fires
                sim.scheduleStamped(busyUntil, txSched, txStamp, fromRegion, t); // the sender's event
                txPending = true;
            }
        } else if (lazy && ghost && !ghostly(d)) {
            materializeGhost(); // it will arrive as a frame: the arrivals ahead of it drive the drain again
        }
        if (lazy) {
            t.queuedSer += serialization(d);
            t.queuedWire += Math.max(d.length, minFrame);
        }
        if (trace.enabled()) {
            trace.emit(from.nodeName(), LinkEvents.ENQUEUE, from.ifaceName(), link.name(), d.length, t.queue.size());
        }
    }

    /** Hands this channel's datagrams to {@code m} (a shared medium) instead of its own queue and transmitter. */
    public void useMedium(Medium m) {
        rare().medium = m;
    }

    /** The link's MTU ({@link Link#mtu}, read here without fetching the link). */
    public int mtu() {
        return params.mtu();
    }

    /** Whether the link is up ({@link Link#isUp}, read here without fetching the link). */
    public boolean isUp() {
        return up;
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
        sentPackets++;
        sentBytes += d.length;
        from.transmitted(d);
    }

    /** The medium delivered the last bit of {@code d} to the far end of this channel. */
    public void mediumDelivered(byte[] d) {
        receivedPackets++;
        receivedBytes += d.length;
        to.arrive(d);
    }

    /**
     * The medium dropped {@code d}: {@code queue-full} and {@code link-down} are traced as this
     * channel's drops; any other reason (the medium traces it) counts as a loss.
     */
    public void mediumDropped(byte[] d, String reason) {
        switch (reason) {
            case "queue-full" -> {
                rare().droppedQueue++;
                traceDrop(d, reason);
            }
            case "link-down" -> {
                rare().droppedDown++;
                traceDrop(d, reason);
            }
            default -> rare().droppedLoss++;
        }
    }

    /**
     * Whether the last transmission is over (its elided "transmission done" would have fired by
     * now): later than its end, or at its end after the event would have fired (an event that
     * was scheduled before it, at the same instant, still finds the transmitter busy).
     */
    private boolean transmitterFree() {
        Simulator sim = this.sim;
        long now = sim.now();
        if (now != busyUntil) {
            return now > busyUntil;
        }
        return sim.hasFired(busyUntil, txSched, txStamp);
    }

    /** How long {@code d} takes to serialize on this channel (padded, with the link's overhead). */
    long serialization(byte[] d) {
        return Durations.serialization(Math.max(d.length, minFrame) + overheadBytes, params.bandwidthBps());
    }

    /** The "transmission done" event, made the first time one is scheduled. */
    private TxDone txDone() {
        if (txDone == null) {
            txDone = new TxDone(this);
        }
        return txDone;
    }

    /** Sends {@code d} now; {@code queued}: datagrams may wait in the queue behind it (false: it is empty). */
    private void startTransmission(byte[] d, byte[] padded, boolean queued) {
        Simulator sim = this.sim;
        long now = sim.now();
        int minFrame = this.minFrame;
        long ser = serialization(d);
        busyUntil = now + ser;
        sentPackets++;
        sentBytes += d.length;
        if (!quietSender) {
            from.transmitted(d); // a quiet sender's would see no tap
        }
        if (ser == 0 || queued && queueLength() > 0) {
            // the next datagram waits for it (a transmission of no duration ends after the event sending it)
            sim.scheduleAt(busyUntil, txDone());
            txPending = true;
        } else {
            txSched = now;
            txStamp = sim.stamp();
        }
        double p = rare == null || Double.isNaN(rare.egressLoss) ? params.loss() : rare.egressLoss;
        if (p > 0 && lossRandom().nextDouble() < p) {
            rare.droppedLoss++;
            traceDrop(d, "random-loss");
            return;
        }
        if (d.length < minFrame) {
            // the NIC pads after the capture point
            d = padded != null && padded.length == minFrame ? padded : java.util.Arrays.copyOf(d, minFrame);
        }
        pushInFlight(d, now + ser + params.delayNs());
    }

    private void pushInFlight(byte[] d, long at) {
        Simulator sim = this.sim;
        if (cross != null) {
            long sched = sim.now();
            long stamp = sim.stamp();
            if (cross.box != null) {
                cross.box.post(d, at, sched, stamp);
            } else {
                pushStamped(d, at, sched, stamp);
            }
            return;
        }
        if (ghost) {
            settleGhost();
            if (ghost) {
                if (ghostly(d)) {
                    int tail = ringSlot(); // one more ghost behind them
                    ring.at[tail] = at;
                    ring.data[tail] = d;
                    arrCount++;
                    return;
                }
                materializeGhost(); // a datagram joins them on the wire: they arrive as frames
            }
        }
        if (arrCount == 0) { // nothing on the wire: the ring, if any, is empty
            lone = d;
            arrCount = 1;
            if (ghostly(d)) {
                becomeGhosts(at, sim.now(), sim.stamp()); // the stamp scheduling its event would take
                return;
            }
            sim.scheduleAt(at, this);
            return;
        }
        int tail = ringSlot();
        ring.at[tail] = at;
        ring.data[tail] = d;
        arrCount++;
        if (!isPending()) {
            sim.scheduleAt(at, this);
        }
    }

    /**
     * A datagram from another region goes on the wire with the stamp it was sent with; its arrival
     * is scheduled with that stamp, so that it takes the same place among the receiver's events
     * whether the sender ran on this thread or another one.
     */
    void pushStamped(byte[] d, long at, long sched, long stamp) {
        int tail = ringSlot();
        ring.at[tail] = at;
        ring.data[tail] = d;
        cross.sentAt[tail] = sched;
        cross.stamps[tail] = stamp;
        arrCount++;
        if (!isPending()) {
            sim.scheduleStamped(at, sched, stamp, cross.toRegion, this);
        }
    }

    /**
     * The ring's next free slot: the ring is made with the first datagram when the ends are in two
     * regions, else when a second joins the lone one on the wire; it grows when it is full.
     */
    private int ringSlot() {
        Crossing cross = this.cross;
        if (ring == null) {
            ring = new Ring();
            if (cross != null) {
                cross.sentAt = new long[2];
                cross.stamps = new long[2];
            }
        }
        Ring ring = this.ring;
        if (lone != null) {
            // the lone datagram goes first into the empty ring: it arrives when this event fires
            ring.head = 0;
            ring.data[0] = lone;
            ring.at[0] = ghost ? ghosts.at : time();
            lone = null;
        }
        if (arrCount == ring.at.length) {
            int len = ring.at.length;
            long[] n = new long[len * 2];
            byte[][] f = new byte[n.length][];
            long[] s = cross != null ? new long[n.length] : null;
            long[] st = cross != null ? new long[n.length] : null;
            for (int i = 0; i < arrCount; i++) {
                int k = (ring.head + i) & (len - 1);
                n[i] = ring.at[k];
                f[i] = ring.data[k];
                if (cross != null) {
                    s[i] = cross.sentAt[k];
                    st[i] = cross.stamps[k];
                }
            }
            ring.at = n;
            ring.data = f;
            if (cross != null) {
                cross.sentAt = s;
                cross.stamps = st;
            }
            ring.head = 0;
        }
        return (ring.head + arrCount) & (ring.at.length - 1);
    }

    void onTxDone() {
        busyUntil = Long.MIN_VALUE;
        byte[] next = txDone.poll();
        if (next != null) {
            startTransmission(next, txDone.pads == null ? null : txDone.pads.pollFirst(), true);
        }
    }

    /** Takes the first datagram off the wire: the lone one, or the ring's head. */
    byte[] takeFirst() {
        byte[] d = lone;
        if (d != null) {
            lone = null;
            arrCount = 0;
            return d;
        }
        Ring r = ring;
        int h = r.head;
        d = r.data[h];
        r.data[h] = null;
        r.head = (h + 1) & (r.at.length - 1);
        arrCount--;
        return d;
    }

    /** The first datagram on the wire arrives. */
    @Override
    protected void fire() {
        if (lazy) {
            catchUp(); // the next datagram started before this one arrives: it joins the wire behind it
        }
        byte[] d = takeFirst();
        if (arrCount > 0) { // the ring's next one (a lone datagram leaves the wire empty)
            Ring r = ring;
            int h = r.head;
            if (cross != null) {
                sim.scheduleStamped(r.at[h], cross.sentAt[h], cross.stamps[h], cross.toRegion, this);
            } else {
                sim.scheduleAt(r.at[h], this);
            }
        }
        receivedPackets++;
        receivedBytes += d.length;
        ArpMirror m = mirror;
        if (m != null && ignoredArp(m, d)) {
            return;
        }
        to.arrive(d);
    }

    /**
     * Set by the NIC this channel delivers to whenever what its check reads changes: {@code on}
     * when it is an Ethernet NIC without taps or ARP watcher, its address (0: none) and presence mask.
     */
    public void mirrorArpFilter(boolean on, int address, long presence, int known, long knownMac) {
        materializeGhost(); // decided on the mirror as it was
        if (!on) {
            mirror = null;
            return;
        }
        ArpMirror m = mirror != null ? mirror : (mirror = new ArpMirror());
        m.address = address;
        m.presence = presence;
        m.known = known;
        m.knownMac = knownMac;
    }

    /** Whether {@code d}, sent now, may travel as a ghost: the NIC ignores it, and an event is running (not the setup). */
    private boolean ghostly(byte[] d) {
        ArpMirror m = mirror;
        return m != null && ignoredArp(m, d) && sim.firing();
    }

    /** The receiving NIC's own first check, on the mirror ({@link ArpMirror#ignored}); not while the trace is on. */
    private boolean ignoredArp(ArpMirror m, byte[] f) {
        return ArpMirror.ignored(f, m.address, m.presence, m.known, m.knownMac) && !trace.enabled();
    }

    /** The link went down: everything queued or on the wire is lost. */
    void flush() {
        settle();
        ghost = false; // one still on the wire is lost with the rest (as the lone datagram)
        if (txDone != null) {
            for (byte[] d : txDone.queue) {
                rare().droppedDown++;
                traceDrop(d, "link-down");
            }
            txDone.clear();
            txDone.pads = null;
        }
        if (lone != null) {
            rare().droppedDown++;
            traceDrop(lone, "link-down");
            lone = null;
            arrCount = 0; // the ring is empty
        }
        for (int i = 0; ring != null && i < arrCount; i++) {
            int k = (ring.head + i) & (ring.at.length - 1);
            rare().droppedDown++;
            traceDrop(ring.data[k], "link-down");
            ring.data[k] = null;
        }
        arrCount = 0;
        if (ring != null) {
            ring.head = 0;
        }
        link.sim().cancel(this);
        if (txDone != null) {
            link.sim().cancel(txDone);
        }
        txPending = false;
        lazy = false;
        busyUntil = Long.MIN_VALUE;
    }

    private void traceDrop(byte[] d, String reason) {
        if (trace.enabled()) {
            int o = link.isEthernet() ? DropFields.ipOffset(d) : 0;
            trace.emit(from.nodeName(), LinkEvents.DROP, from.ifaceName(), link.name(), reason, d.length,
                    o < 0 ? "?" : DropFields.ipSrc(d, o), o < 0 ? "?" : DropFields.ipDst(d, o));
        }
    }

    /** "a>b" or "b>a". */
    public String direction() {
        return this == link.channelFromA() ? "a>b" : "b>a";
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
        if (ghosts != null) {
            ghosts.list = null; // another region's list
        }
        this.cross = from == to ? null : new Crossing(to);
        this.ring = null;
        this.lone = null;
    }

    public int fromRegion() {
        return fromRegion;
    }

    public int toRegion() {
        return cross == null ? fromRegion : cross.toRegion;
    }

    /**
     * For a partitioned run whose lanes hold the two ends apart: from now on what this channel
     * sends waits in the returned mailbox until the receiving lane collects it between windows.
     * {@link #closeMailbox} ends it.
     */
    public Simulator.Mailbox openMailbox() {
        if (cross == null) {
            throw new IllegalStateException("a channel inside one region needs no mailbox");
        }
        cross.box = new Crossing.Box(this);
        return cross.box;
    }

    /** Sends straight onto the wire again (after a partitioned run); the mailbox must be empty. */
    public void closeMailbox() {
        if (cross != null && cross.box != null && cross.box.count != 0) {
            throw new IllegalStateException("mailbox not collected");
        }
        if (cross != null) {
            cross.box = null;
        }
    }

    /** What few channels have: loss of their own, a shared medium, drops. */
    private static final class Rare {
        /** Drawn from only on a lossy link: created at its first draw (its stream depends on the name alone). */
        SplittableRandom lossRandom;
        /** Loss of this direction only (netem on one interface's egress), or NaN for the link's. */
        double egressLoss = Double.NaN;
        /** The shared medium transmitting for this channel (Wi-Fi), or null: this channel's own transmitter. */
        Medium medium;
        long droppedQueue;
        long droppedLoss;
        long droppedDown;
    }
}
