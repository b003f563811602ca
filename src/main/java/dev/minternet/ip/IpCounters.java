package dev.minternet.ip;

/**
 * IP-layer counters, named after the IP-MIB (RFC 4293) where one exists. The four every datagram
 * moves are fields here; the error and fragmentation counters, which most nodes of a large world
 * never move, sit in an {@link Errors} object made at the first such count (read them through the
 * accessors, which give 0 before).
 */
public final class IpCounters {
    public long inReceives;
    public long inDelivers;
    public long forwDatagrams;
    public long outRequests;
    /** Linux's IpExt InOctets: the bytes of every datagram received, link-layer padding included (ip_rcv_core counts skb->len before the trim). */
    public long inOctets;
    /** Linux's IpExt OutOctets: the bytes of every datagram sent or forwarded, counted before fragmentation (ip_output). */
    public long outOctets;
    private Errors errors;

    /** The rarely moved counters. */
    public static final class Errors {
        public long inHdrErrors;
        public long inAddrErrors;
        public long inUnknownProtos;
        public long inDiscards;
        public long outNoRoutes;
        public long outFragCreates;
        public long outFragFails;
        public long reasmReqds;
        public long reasmOks;
        public long reasmFails;
        public long ttlExceeded;
        public long filtered;
        public long icmpErrorsSent;
        public long malformedTransport;
        /** IpExt's multicast and broadcast datagrams and their bytes, in and out (InMcastPkts ... OutBcastOctets). */
        public long inMcastPkts;
        public long outMcastPkts;
        public long inBcastPkts;
        public long outBcastPkts;
        public long inMcastOctets;
        public long outMcastOctets;
        public long inBcastOctets;
        public long outBcastOctets;
        /** Datagrams being reassembled now (/proc/net/sockstat's FRAG inuse; not an IP-MIB counter). */
        public int reasmQueues;
    }

    /** The rarely moved counters, made at first use (to count one: {@code counters.errors().ttlExceeded++}). */
    public Errors errors() {
        if (errors == null) {
            errors = new Errors();
        }
        return errors;
    }

    /** Datagrams being reassembled now: fragments of each wait for the rest. */
    public int reassemblyQueues() {
        return errors == null ? 0 : errors.reasmQueues;
    }

    public long inHdrErrors() {
        return errors == null ? 0 : errors.inHdrErrors;
    }

    public long inAddrErrors() {
        return errors == null ? 0 : errors.inAddrErrors;
    }

    public long inUnknownProtos() {
        return errors == null ? 0 : errors.inUnknownProtos;
    }

    public long inDiscards() {
        return errors == null ? 0 : errors.inDiscards;
    }

    public long outNoRoutes() {
        return errors == null ? 0 : errors.outNoRoutes;
    }

    public long outFragCreates() {
        return errors == null ? 0 : errors.outFragCreates;
    }

    public long outFragFails() {
        return errors == null ? 0 : errors.outFragFails;
    }

    public long reasmReqds() {
        return errors == null ? 0 : errors.reasmReqds;
    }

    public long reasmOks() {
        return errors == null ? 0 : errors.reasmOks;
    }

    public long reasmFails() {
        return errors == null ? 0 : errors.reasmFails;
    }

    /** A datagram of {@code length} bytes (link-layer padding included) arrived on an interface: ip_rcv_core's counts. */
    void received(int length) {
        inReceives++;
        inOctets += length;
    }

    /** A datagram to this node's own address: out of lo and into it again, as Linux counts it (ip_output, then ip_rcv). */
    void looped(int length) {
        outOctets += length;
        inReceives++;
        inOctets += length;
    }

    /** A datagram (or one about to be fragmented) leaves by an interface, sent or forwarded: ip_output's counts. */
    void sent(byte[] d) {
        outOctets += d.length;
        int dst = dev.minternet.wire.Ipv4Packet.dst(d, 0);
        if (dst >>> 28 == 0xe) {
            errors().outMcastPkts++;
            errors().outMcastOctets += d.length;
        } else if (dst == -1) {
            errors().outBcastPkts++;
            errors().outBcastOctets += d.length;
        }
    }

    /** A well-formed datagram of {@code total} bytes arrived for a multicast group or the broadcast address (ip_rcv_finish_core). */
    void castIn(int dst, int total) {
        if (dst >>> 28 == 0xe) {
            errors().inMcastPkts++;
            errors().inMcastOctets += total;
        } else if (dst == -1) {
            errors().inBcastPkts++;
            errors().inBcastOctets += total;
        }
    }

    /** The rarely moved counters, or null while none has moved (IpExt's multicast and broadcast counts are read from it). */
    public Errors errorsIfAny() {
        return errors;
    }

    public long ttlExceeded() {
        return errors == null ? 0 : errors.ttlExceeded;
    }

    public long filtered() {
        return errors == null ? 0 : errors.filtered;
    }

    public long icmpErrorsSent() {
        return errors == null ? 0 : errors.icmpErrorsSent;
    }

    public long malformedTransport() {
        return errors == null ? 0 : errors.malformedTransport;
    }

    @Override
    public String toString() {
        return "in " + inReceives + " (hdr errors " + inHdrErrors() + ", delivered " + inDelivers + ", discards "
                + inDiscards() + "), forwarded " + forwDatagrams + ", out " + outRequests + " (no route " + outNoRoutes()
                + "), fragments created " + outFragCreates() + ", reassembled " + reasmOks() + " (failed " + reasmFails()
                + "), TTL exceeded " + ttlExceeded() + ", ICMP errors sent " + icmpErrorsSent();
    }
}
