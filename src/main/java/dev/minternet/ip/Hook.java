package dev.minternet.ip;

/** The netfilter-like points where packet filters attach (docs/design.md decision 3). */
public enum Hook {
    /** Every datagram arriving on an interface, before the routing decision. */
    PREROUTING,
    /** Datagrams addressed to this node, before delivery to a transport. */
    INPUT,
    /** Datagrams this node forwards. */
    FORWARD,
    /** Datagrams this node originates, after the routing decision. */
    OUTPUT,
    /** Every datagram about to leave on an interface. */
    POSTROUTING
}
