package dev.minternet.link;

/** What sits at the end of a link: a network interface that takes arriving datagrams. */
public interface LinkEnd {
    /** A datagram whose last bit has just arrived. */
    void arrive(byte[] datagram);

    /** The transmitter toward the far end started sending {@code datagram} (capture point). */
    void transmitted(byte[] datagram);

    /** The link went up or down. */
    void carrier(boolean up);

    /** Trace identity, e.g. "laptop". */
    String nodeName();

    /** Interface name, e.g. "eth0". */
    String ifaceName();
}
