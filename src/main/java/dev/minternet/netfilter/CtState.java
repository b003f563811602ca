package dev.minternet.netfilter;

/** What conntrack says about one packet, as iptables' {@code ctstate} match names it. */
public enum CtState {
    /** The first packet of a flow, or an original-direction packet before any reply was seen. */
    NEW,
    /** A packet of a flow that has seen traffic both ways (or any reply-direction packet). */
    ESTABLISHED,
    /** An ICMP error about a tracked flow. */
    RELATED,
    /** A packet that fits no flow and may not start one (a TCP segment without SYN, an ICMP error about nothing). */
    INVALID,
    /** A packet conntrack cannot key: a non-initial fragment it has no context for. */
    UNTRACKED
}
