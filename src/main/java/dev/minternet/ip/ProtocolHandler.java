package dev.minternet.ip;

/** A transport above IP (ICMP, UDP, TCP), registered on an {@link IpStack} by protocol number. */
public interface ProtocolHandler {
    /** A validated, reassembled datagram for this protocol; L4 starts at its IHL. */
    void receive(byte[] datagram, NetInterface in);

    /**
     * An ICMP error (destination unreachable, time exceeded) whose quoted datagram carried this
     * protocol. {@code quoted} is the offending IP header plus at least 8 bytes of its payload.
     */
    default void icmpError(int fromAddr, int type, int code, int nextHopMtu, byte[] quoted) {
    }
}
