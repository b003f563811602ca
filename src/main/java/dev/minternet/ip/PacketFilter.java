package dev.minternet.ip;

/**
 * A filter at a {@link Hook}: firewall, security group, NAT ({@code dev.minternet.netfilter}).
 * A filter may rewrite the datagram in place (same length; it fixes the checksums it breaks) and
 * may send datagrams of its own while it runs (a REJECT's RST or ICMP error), which pass through
 * the hooks in turn.
 */
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
