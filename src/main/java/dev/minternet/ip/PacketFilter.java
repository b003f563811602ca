package dev.minternet.ip;

/** A filter at a {@link Hook}: firewall, security group, NAT (later issues). */
@FunctionalInterface
public interface PacketFilter {
    int ACCEPT = 0;
    int DROP = 1;

    /**
     * Inspects (and may rewrite) {@code datagram}. {@code in} is null for locally originated
     * datagrams, {@code out} is null before the routing decision.
     */
    int filter(Hook hook, byte[] datagram, NetInterface in, NetInterface out);
}
