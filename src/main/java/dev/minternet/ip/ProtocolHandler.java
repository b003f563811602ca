package dev.minternet.ip;

/**
 * A transport above IP (ICMP, UDP, TCP), registered on an {@link IpStack} by protocol number.
 * The IP layer hands it what it has already parsed, in an {@link IpHeaderView} that is valid only
 * during the call (the stack reuses it for the next datagram).
 */
public interface ProtocolHandler {
    /**
     * A validated, reassembled datagram for this protocol: its transport header starts at
     * {@code ip.payloadOffset()}, {@code ip.payloadLength()} bytes long. The datagram is the whole
     * of {@code ip.buffer()}, which is what an ICMP error about it quotes.
     */
    void receive(IpHeaderView ip);

    /**
     * Whether {@link #receive} reads the datagram where the view says it is, from
     * {@code ip.offset()} for {@code ip.length()} bytes, inside a larger {@code ip.buffer()} (the
     * Ethernet frame it arrived in), copying it out itself for anything that keeps or quotes it.
     * False (the default): the IP layer hands it a datagram that is the whole buffer.
     */
    default boolean readsInPlace() {
        return false;
    }

    /**
     * An ICMP error (destination unreachable, time exceeded) about a datagram of this protocol.
     * {@code error} is the datagram carrying the error ({@code error.src()} reported it);
     * {@code quoted} views the offending header the error quotes, with the first bytes (at least
     * 8) of its payload.
     */
    default void icmpError(IpHeaderView error, int type, int code, int nextHopMtu, IpHeaderView quoted) {
    }
}
