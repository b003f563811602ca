package dev.minternet.ip;

/** IP-layer counters, named after the IP-MIB (RFC 4293) where one exists. */
public final class IpCounters {
    public long inReceives;
    public long inHdrErrors;
    public long inAddrErrors;
    public long inDelivers;
    public long inUnknownProtos;
    public long inDiscards;
    public long forwDatagrams;
    public long outRequests;
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

    @Override
    public String toString() {
        return "in " + inReceives + " (hdr errors " + inHdrErrors + ", delivered " + inDelivers + ", discards "
                + inDiscards + "), forwarded " + forwDatagrams + ", out " + outRequests + " (no route " + outNoRoutes
                + "), fragments created " + outFragCreates + ", reassembled " + reasmOks + " (failed " + reasmFails
                + "), TTL exceeded " + ttlExceeded + ", ICMP errors sent " + icmpErrorsSent;
    }
}
