package dev.minternet.ip6;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembly of IPv6 fragments (RFC 8200 4.5) as Linux's reassembly.c does it. Fragments are
 * queued by (source, destination, identification); a datagram is whole when its first fragment
 * (offset 0) and its last (M = 0) are in and nothing between is missing. Then the first
 * fragment's IPv6 header (the unfragmentable part) with the Fragment header's next header and the
 * total payload length heads the joined payloads. As Linux:
 *
 * <ul>
 * <li>a queue lives 60 s from its first fragment (IPV6_FRAG_TIMEOUT, net.ipv6.ip6frag_time);
 * then it is discarded, and when its first fragment had come the source gets Time Exceeded code 1
 * (fragment reassembly time exceeded, RFC 8200 4.5) quoting that fragment;
 * <li>a fragment that overlaps one already queued discards the whole queue (RFC 5722, with
 * erratum 3089); one whose bytes are all already there (a duplicate) is ignored;
 * <li>a last fragment that ends elsewhere than an earlier last fragment said, or before bytes
 * already received, or a fragment past the known end, discards the queue;
 * <li>a fragment with M = 1 whose payload is not a multiple of 8 gets a Parameter Problem code 0
 * pointing at the payload length (offset 4), one that would end past 65535 one pointing at the
 * fragment offset (offset 42), and is dropped;
 * <li>an atomic fragment (offset 0, M = 0: RFC 6946) is a whole datagram on its own: it is
 * delivered without its Fragment header and never joins a queue.
 * </ul>
 *
 * <p>The same queues serve a router with a firewall ({@code local} false), as Linux's
 * nf_defrag_ipv6 gathers fragments before conntrack and the filter: the counters of
 * /proc/net/snmp6 are not moved there and no Parameter Problem is sent (netfilter drops
 * silently), but a timeout still sends Time Exceeded (ip6frag_expire_frag_queue). At most
 * {@link #MAX_QUEUES} queues at once (Linux bounds them by memory, net.ipv6.ip6frag_high_thresh).
 */
final class Ip6Reassembly {
    /** Linux's IPV6_FRAG_TIMEOUT (net.ipv6.ip6frag_time): 60 s. */
    static final long TIMEOUT_NS = 60 * Durations.S;
    /** Queues at once, so that a flood of fragments cannot exhaust memory. */
    static final int MAX_QUEUES = 1024;

    private record Key(Ip6 src, Ip6 dst, long id) {
    }

    private final class Queue {
        final Key key;
        /** The fragments as they arrived. */
        final List<byte[]> arrived = new ArrayList<>();
        /** Byte ranges received: offset to end (disjoint). */
        final TreeMap<Integer, Integer> pieces = new TreeMap<>();
        /** The total payload length once the last fragment came, else -1. */
        int total = -1;
        int maxEnd;
        byte[] first;
        final Timer timer;

        Queue(Key key) {
            this.key = key;
            this.timer = new Timer(ip.sim(), () -> expire(this));
        }
    }

    private final Ip6Stack ip;
    private final Ip6Fragments.Counters counters;
    private final boolean local;
    private final Map<Key, Queue> queues = new HashMap<>();
    private List<byte[]> lastFragments = List.of();

    Ip6Reassembly(Ip6Stack ip, Ip6Fragments.Counters counters, boolean local) {
        this.ip = ip;
        this.counters = counters;
        this.local = local;
    }

    /** The fragments, in the order they arrived, of the datagram {@link #add} last returned. */
    List<byte[]> lastFragments() {
        return lastFragments;
    }

    /**
     * Adds fragment {@code f} (an IPv6 datagram of exactly its payload length whose next header is
     * 44) that arrived on {@code in}; returns the whole datagram when it completes one, else null.
     */
    byte[] add(byte[] f, Ip6Interface in) {
        int fh = Ipv6Packet.HEADER;
        int off = Ipv6Fragment.offset(f, fh);
        boolean more = Ipv6Fragment.more(f, fh);
        int len = f.length - fh - Ipv6Fragment.HEADER;
        int end = off + len;
        if (local) {
            counters.reasmReqds++;
        }
        if (!more && off == 0) {
            if (local) {
                counters.reasmOks++; // Linux's ipv6_frag_rcv counts an atomic fragment as reassembled
            }
            lastFragments = List.of(f);
            return whole(f, len, List.of(f));
        }
        if (more && (len & 7) != 0 || end > 0xffff) {
            ip.drop("bad-fragment", f, in);
            if (local) {
                counters.reasmFails++;
                ip.sendError(f, Icmpv6Packet.PARAMETER_PROBLEM, 0, end > 0xffff ? fh + 2 : 4);
            }
            return null;
        }
        Key k = new Key(Ipv6Packet.src(f, 0), Ipv6Packet.dst(f, 0), Ipv6Fragment.identification(f, fh));
        Queue q = queues.get(k);
        if (q == null) {
            if (queues.size() >= MAX_QUEUES) {
                if (local) {
                    counters.reasmFails++;
                }
                failed("queue-full", k, 1);
                return null;
            }
            q = new Queue(k);
            queues.put(k, q);
            inUse();
            q.timer.setAfter(TIMEOUT_NS);
        }
        if (!more ? end < q.maxEnd || q.total >= 0 && end != q.total : q.total >= 0 && end > q.total) {
            discard(q, "inconsistent-length", 1);
            return null;
        }
        var below = q.pieces.floorEntry(end - 1);
        if (below != null && below.getValue() > off && len > 0) {
            if (below.getKey() <= off && below.getValue() >= end) {
                return null; // a duplicate: dropped, the queue kept (Linux's IPFRAG_DUP)
            }
            discard(q, "overlap", 1);
            return null;
        }
        if (!more) {
            q.total = end;
        }
        q.pieces.put(off, end);
        q.arrived.add(f);
        q.maxEnd = Math.max(q.maxEnd, end);
        if (off == 0) {
            q.first = f;
        }
        if (q.first == null || q.total < 0) {
            return null;
        }
        int pos = 0;
        for (var e : q.pieces.entrySet()) {
            if (e.getKey() != pos) {
                return null;
            }
            pos = e.getValue();
        }
        if (pos != q.total) {
            return null;
        }
        queues.remove(k);
        inUse();
        q.timer.cancel();
        if (local) {
            counters.reasmOks++;
        }
        lastFragments = List.copyOf(q.arrived);
        return whole(q.first, q.total, q.arrived);
    }

    /** The reassembled datagram: {@code first}'s IPv6 header, then every fragment's payload at its offset. */
    private byte[] whole(byte[] first, int total, List<byte[]> frags) {
        int fh = Ipv6Packet.HEADER;
        byte[] d = new byte[fh + total];
        System.arraycopy(first, 0, d, 0, fh);
        BigEndian.put16(d, 4, total);
        d[6] = (byte) Ipv6Fragment.nextHeader(first, fh);
        for (byte[] f : frags) {
            int n = f.length - fh - Ipv6Fragment.HEADER;
            System.arraycopy(f, fh + Ipv6Fragment.HEADER, d, fh + Ipv6Fragment.offset(f, fh), n);
        }
        if (ip.trace().enabled() && frags.size() > 1) {
            ip.trace().emit(ip.nodeName(), Ip6Events.REASSEMBLED, Ipv6Packet.src(d, 0).toString(),
                    Ipv6Packet.dst(d, 0).toString(), Ipv6Fragment.identification(first, fh), (long) d.length,
                    (long) frags.size());
        }
        return d;
    }

    private void discard(Queue q, String reason, int extra) {
        queues.remove(q.key);
        inUse();
        q.timer.cancel();
        if (local) {
            counters.reasmFails++;
        }
        failed(reason, q.key, q.arrived.size() + extra);
    }

    private void failed(String reason, Key k, int fragments) {
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), Ip6Events.REASSEMBLY_FAILED, reason, k.src().toString(), k.dst().toString(),
                    k.id(), (long) fragments);
        }
    }

    /** 60 s after the first fragment: discarded; Time Exceeded (code 1) when the first fragment came. */
    private void expire(Queue q) {
        queues.remove(q.key);
        inUse();
        if (local) {
            counters.reasmFails++;
            counters.reasmTimeout++;
        }
        failed("timeout", q.key, q.arrived.size());
        if (q.first != null) {
            ip.sendError(q.first, Icmpv6Packet.TIME_EXCEEDED, Icmpv6Packet.CODE_REASSEMBLY_TIME, 0);
        }
    }

    /** Keeps the count of datagrams being reassembled for this node (sockstat6's FRAG6 inuse) up to date. */
    private void inUse() {
        if (local) {
            counters.queuesInUse = queues.size();
        }
    }
}
