package dev.minternet.live;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * Every datagram that starts across a link, as the web view animates it: a tap on each
 * interface (the same place {@code tcpdump} and the pcaps read) records when it leaves, when it
 * arrives (serialization at the link's rate plus the propagation delay), the link, both ends,
 * its protocol and its bytes. The last {@link #KEEP} are kept for the page to ask about
 * ({@link #packet}); readers on other threads wait for new ones with {@link #after}.
 */
final class PacketFeed {
    /** How many recent packets are kept (a ring). */
    static final int KEEP = 4096;

    /** One datagram on one link. */
    record Packet(long id, long departNs, long arriveNs, String link, String from, String to, String proto, byte[] bytes) {
        String json() {
            return "{\"id\":" + id + ",\"t\":" + departNs + ",\"arr\":" + arriveNs + ",\"link\":" + Json.str(link)
                    + ",\"from\":" + Json.str(from) + ",\"to\":" + Json.str(to) + ",\"proto\":" + Json.str(proto)
                    + ",\"len\":" + bytes.length + ",\"sum\":" + Json.str(PacketDecoder.summary(bytes)) + "}";
        }
    }

    private final Packet[] ring = new Packet[KEEP];
    private long next = 1;

    /** Taps every interface of {@code world} (simulation thread, before the clock runs). */
    PacketFeed(World world) {
        for (Node n : world.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                i.addTap((d, outgoing) -> {
                    if (outgoing && i.link() != null && i.peer() != null) {
                        record(world, i, d);
                    }
                });
            }
        }
    }

    private void record(World world, NetInterface from, byte[] d) {
        Link link = from.link();
        long now = world.sim().now();
        long arrive = now + Durations.serialization(d.length, link.bandwidthBps()) + link.delayNs();
        Packet p;
        synchronized (this) {
            p = new Packet(next, now, arrive, link.name(), from.nodeName(), from.peer().nodeName(),
                    PacketDecoder.protocol(d), d.clone());
            ring[(int) (next % KEEP)] = p;
            next++;
            notifyAll();
        }
    }

    /** The packet numbered {@code id}, or null when it is too old or not yet sent. */
    synchronized Packet packet(long id) {
        Packet p = id > 0 && id < next ? ring[(int) (id % KEEP)] : null;
        return p != null && p.id() == id ? p : null;
    }

    /** The number the next packet will get. */
    synchronized long nextId() {
        return next;
    }

    /**
     * The packets numbered {@code from} and up (at most {@code max}, the oldest kept first),
     * waiting up to {@code waitMs} for one when there is none yet.
     */
    synchronized List<Packet> after(long from, int max, long waitMs) throws InterruptedException {
        if (from >= next && waitMs > 0) {
            wait(waitMs);
        }
        long start = Math.max(from, next - KEEP + 1);
        List<Packet> out = new ArrayList<>();
        for (long id = Math.max(1, start); id < next && out.size() < max; id++) {
            out.add(ring[(int) (id % KEEP)]);
        }
        return out;
    }
}
