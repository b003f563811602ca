package dev.minternet.link.wifi;

import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.link.Medium;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Mac;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One access point's radio channel, shared by the access point and its stations under the 802.11
 * distributed coordination function (DCF), with 802.11a timing ({@link Dcf}).
 *
 * <p>Each transmitter (a station, or the access point for everything it sends) has a DropTail
 * queue and a backoff counter. A frame that finds the channel idle for DIFS goes at once; one that
 * finds it busy draws a backoff of 0..CW slots. The counter counts down one 9 us slot at a time
 * while the channel has been idle for DIFS (EIFS after a collision), and is frozen while another
 * transmitter has the channel. When it reaches zero the frame is sent; a unicast frame is answered
 * after SIFS by an ACK at the basic rate (the highest of 6, 12, 24 Mbit/s not above the frame's
 * rate), and the channel stays busy until the ACK ends. After a success (or a drop) CW goes back
 * to CWmin 15 and a new backoff is drawn (post-backoff). When two or more counters reach zero in
 * the same slot the frames collide: none is received, each sender waits for the ACK timeout,
 * doubles CW (up to CWmax 1023) and tries again; after 7 attempts the frame is dropped. Frames the
 * access point sends to a group address (broadcast, multicast) go once, at 6 Mbit/s, unacknowledged.
 * Every station hears every other (no hidden nodes), and only collisions lose frames.
 */
public final class WifiMedium implements Medium {
    private static final long GROUP_RATE = 6_000_000L;

    private final String name;
    private final Simulator sim;
    private final Trace trace;
    private final int queueLimit;
    private final List<Contender> contenders = new ArrayList<>();
    private final Map<Channel, Contender> byChannel = new IdentityHashMap<>();
    private final Map<Channel, Long> rates = new IdentityHashMap<>();
    /** The access point's channels toward each station, in the order the stations joined. */
    private final List<Channel> downlinks = new ArrayList<>();
    private final Contender ap;
    private boolean busy;
    private final Access access = new Access();
    private final ExchangeEnd exchangeEnd = new ExchangeEnd();
    private List<Contender> sending = List.of();
    private boolean collided;
    private long busyNs;
    private long collisions;

    /** A frame waiting for the channel: to {@code channel}'s far end, or (channel null) to every station but {@code except}'s. */
    private record Frame(Channel channel, byte[] data, long rate, Channel except) {
        boolean group() {
            return channel == null;
        }
    }

    /** A transmitter: a station, or the access point. */
    private final class Contender {
        final String node;
        final String iface;
        final SplittableRandom random;
        final ArrayDeque<Frame> queue = new ArrayDeque<>();
        int cw = Dcf.CW_MIN;
        int retries;
        /** A backoff was drawn and has not run out yet. */
        boolean backoff;
        int counter;
        /** When the counter starts (or started) counting down: the channel went idle plus DIFS or EIFS. */
        long countFrom;
        /** When the frame at the head of the queue got there. */
        long readyAt;
        long airtime;

        Contender(String node, String iface) {
            this.node = node;
            this.iface = iface;
            this.random = sim.randoms().stream("wifi:" + name + ":" + node + ":" + iface + ":backoff");
        }

        String who() {
            return node.equals(name) ? name : node + ":" + iface;
        }

        long fireAt() {
            return Math.max(readyAt, countFrom + counter * Dcf.SLOT_NS);
        }

        void draw() {
            backoff = true;
            counter = random.nextInt(cw + 1);
            if (trace.enabled()) {
                trace.emit(node, WifiEvents.BACKOFF, iface, name, (long) cw, (long) counter, (long) retries);
            }
        }
    }

    /** The channel of access point {@code name}; each transmitter's queue holds up to {@code queueLimit} frames. */
    public WifiMedium(String name, int queueLimit, Simulator sim, Trace trace) {
        this.name = name;
        this.sim = sim;
        this.trace = trace;
        this.queueLimit = queueLimit;
        this.ap = new Contender(name, "radio");
        contenders.add(ap);
    }

    /** How many frames each transmitter's queue holds. */
    public int queueLimit() {
        return queueLimit;
    }

    public String name() {
        return name;
    }

    /**
     * Adds a station: {@code up} is the channel it transmits on (at {@code rateBps}), {@code down}
     * the access point's channel toward it (at the lower of {@code apRateBps} and the station's rate).
     */
    public void addStation(Channel up, Channel down, long rateBps, long apRateBps) {
        Contender c = new Contender(up.fromEnd().nodeName(), up.fromEnd().ifaceName());
        contenders.add(c);
        byChannel.put(up, c);
        rates.put(up, rateBps);
        byChannel.put(down, ap);
        rates.put(down, Math.min(rateBps, apRateBps));
        downlinks.add(down);
        up.useMedium(this);
        down.useMedium(this);
        up.link().onStateChange(l -> {
            if (!l.isUp()) {
                purge(l);
            }
        });
    }

    /**
     * A station's link went down (it left): the frames queued to or from it are dropped, except one
     * already on the air (it is lost on arrival).
     */
    private void purge(Link l) {
        for (Contender c : contenders) {
            Frame first = c.queue.peekFirst();
            boolean onAir = sending.contains(c);
            boolean headGone = false;
            for (var it = c.queue.iterator(); it.hasNext(); ) {
                Frame f = it.next();
                if (f.channel != null && f.channel.link() == l && !(onAir && f == first)) {
                    it.remove();
                    f.channel.mediumDropped(f.data, "link-down");
                    headGone |= f == first;
                }
            }
            if (headGone) {
                c.retries = 0;
                c.cw = Dcf.CW_MIN;
                if (!c.queue.isEmpty()) {
                    head(c);
                }
            }
        }
        if (!busy) {
            reschedule();
        }
    }

    /** Time the channel was busy (frames, ACKs and collisions), ns. */
    public long busyNs() {
        return busyNs;
    }

    public long collisions() {
        return collisions;
    }

    @Override
    public void offer(Channel from, byte[] frame) {
        Contender c = byChannel.get(from);
        enqueue(c, new Frame(from, frame, rates.get(from), null));
    }

    /**
     * The access point sends {@code frame} (to a group address) once to every station; the one
     * whose channel toward the access point is {@code except} (the frame's sender) ignores it.
     */
    public void offerGroup(byte[] frame, Channel except) {
        enqueue(ap, new Frame(null, frame, GROUP_RATE, except));
    }

    private void enqueue(Contender c, Frame f) {
        if (c.queue.size() >= queueLimit) {
            if (f.channel != null) {
                f.channel.mediumDropped(f.data, "queue-full");
            }
            return;
        }
        c.queue.addLast(f);
        if (c.queue.size() == 1) {
            head(c);
            if (!busy) {
                reschedule();
            }
        }
    }

    /** The frame at the head of {@code c}'s queue starts contending now. */
    private void head(Contender c) {
        Frame f = c.queue.peekFirst();
        c.readyAt = sim.now();
        if (f.channel != null) {
            f.channel.mediumTransmitting(f.data);
        }
        if (c.backoff) {
            return; // a post-backoff still running: the frame waits for it
        }
        if (busy) {
            c.draw();
        } else {
            c.counter = 0; // idle channel: the frame goes once the channel has been idle for DIFS
        }
    }

    private void reschedule() {
        long next = Long.MAX_VALUE;
        for (Contender c : contenders) {
            if (!c.queue.isEmpty()) {
                next = Math.min(next, c.fireAt());
            }
        }
        if (next == Long.MAX_VALUE) {
            sim.cancel(access);
        } else if (!access.isPending() || access.time() != next) {
            sim.cancel(access);
            sim.scheduleAt(Math.max(next, sim.now()), access);
        }
    }

    /** A backoff ran out (or a frame found the channel idle): whoever's counter ended now transmits. */
    private void onAccess() {
        long t = sim.now();
        List<Contender> now = new ArrayList<>(2);
        for (Contender c : contenders) {
            if (!c.queue.isEmpty() && c.fireAt() <= t) {
                now.add(c);
            }
        }
        if (now.isEmpty()) {
            reschedule();
            return;
        }
        busy = true;
        for (Contender c : contenders) {
            if (now.contains(c)) {
                continue;
            }
            if (c.backoff && t > c.countFrom) {
                c.counter = (int) Math.max(0, c.counter - (t - c.countFrom) / Dcf.SLOT_NS); // frozen from here
                if (c.counter == 0 && c.queue.isEmpty()) {
                    c.backoff = false;
                }
            }
            if (!c.queue.isEmpty() && !c.backoff) {
                c.draw(); // was waiting out DIFS/EIFS and the channel went busy
            }
        }
        long end = t;
        for (Contender c : now) {
            Frame f = c.queue.peekFirst();
            c.airtime = Dcf.dataAirtime(f.data.length, f.rate);
            end = Math.max(end, t + c.airtime);
        }
        sending = now;
        collided = now.size() > 1;
        if (collided) {
            collisions++;
            if (trace.enabled()) {
                StringBuilder who = new StringBuilder();
                for (Contender c : now) {
                    who.append(who.length() == 0 ? "" : ",").append(c.who());
                }
                trace.emit(name, WifiEvents.COLLISION, name, (long) now.size(), who.toString(), end - t);
            }
        } else {
            Contender c = now.get(0);
            Frame f = c.queue.peekFirst();
            sim.scheduleAt(t + c.airtime, () -> deliver(f));
            if (!f.group()) {
                end += Dcf.SIFS_NS + Dcf.ackAirtime(f.rate);
            }
        }
        busyNs += end - t;
        sim.scheduleAt(end, exchangeEnd);
    }

    private void deliver(Frame f) {
        if (!f.group()) {
            if (f.channel.link().isUp()) {
                f.channel.mediumDelivered(f.data);
            }
            return;
        }
        for (Channel d : downlinks) {
            if (d.link().isUp() && (f.except == null || d.link() != f.except.link())) {
                d.mediumDelivered(f.data);
            }
        }
    }

    /** The channel goes idle: the last frame's ACK ended, or the longest colliding frame did. */
    private void onExchangeEnd() {
        long end = sim.now();
        long t0 = end;
        for (Contender c : sending) {
            t0 = Math.min(t0, end - c.airtime);
        }
        for (Contender c : contenders) {
            c.countFrom = end + (collided ? Dcf.EIFS_NS : Dcf.DIFS_NS);
        }
        for (Contender c : sending) {
            Frame f = c.queue.peekFirst();
            if (collided && !f.group()) {
                // no ACK: the sender notices at the ACK timeout, then defers DIFS like everyone else
                c.countFrom = Math.max(t0 + c.airtime + Dcf.ACK_TIMEOUT_NS, end + Dcf.DIFS_NS);
                c.retries++;
                if (c.retries < Dcf.RETRY_LIMIT) {
                    c.cw = Math.min(2 * c.cw + 1, Dcf.CW_MAX);
                    if (trace.enabled()) {
                        trace.emit(c.node, WifiEvents.RETRY_EVENT, c.iface, name, (long) c.retries, (long) c.cw,
                                (long) f.data.length, Mac.str(EthernetFrame.dst(f.data)));
                    }
                    c.draw();
                    continue;
                }
                if (trace.enabled()) {
                    trace.emit(c.node, WifiEvents.DROP, c.iface, name, "retry-limit", (long) f.data.length,
                            Mac.str(EthernetFrame.dst(f.data)));
                }
                f.channel.mediumDropped(f.data, "retry-limit");
            }
            c.queue.pollFirst();
            c.cw = Dcf.CW_MIN;
            c.retries = 0;
            c.draw();
            if (!c.queue.isEmpty()) {
                head(c);
            }
        }
        sending = List.of();
        busy = false;
        reschedule();
    }

    private final class Access extends Event {
        @Override
        protected void fire() {
            onAccess();
        }
    }

    private final class ExchangeEnd extends Event {
        @Override
        protected void fire() {
            onExchangeEnd();
        }
    }
}
