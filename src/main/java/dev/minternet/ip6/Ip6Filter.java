package dev.minternet.ip6;

import dev.minternet.ip.Hook;

/** A packet filter at IPv6's hooks (ip6tables: netfilter's Firewall6), set by {@link Ip6Stack#setFilter}. */
@FunctionalInterface
public interface Ip6Filter {
    /** Whether datagram {@code d} passes {@code hook} (INPUT, FORWARD or OUTPUT; {@code in} is null at OUTPUT). */
    boolean pass(Hook hook, byte[] d, Ip6Interface in);
}
