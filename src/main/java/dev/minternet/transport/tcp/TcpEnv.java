package dev.minternet.transport.tcp;

import dev.minternet.trace.EventType;
import dev.minternet.wire.TcpRepr;

/**
 * Everything a {@link TcpConnection} needs from the outside world (Shadow's "dependencies"): the
 * time, a way to put segments on the wire, timers, and the trace. The connection never schedules
 * anything itself; a unit test implements this with a list and a fake clock, {@code TcpStack}
 * with the simulator and the node's IP layer.
 */
interface TcpEnv {
    /** Current time in ns. */
    long now();

    /**
     * Sends {@code seg} from the connection's local endpoint to its remote endpoint. When
     * {@code seg.payload()} is null and {@code seg.payloadLength() > 0}, the payload is the
     * {@code payloadLength} bytes of {@code data} at stream offset {@code dataOffset}; the
     * environment copies them straight into the outgoing datagram.
     */
    void transmit(TcpConnection c, TcpRepr seg, SendBuffer data, long dataOffset);

    /**
     * Asks for {@link TcpConnection#onTimer} at {@code deadline} (ns). The connection keeps the
     * authoritative deadline and ignores a call that comes early, asking again; so an environment
     * may keep an earlier pending event instead of rescheduling (lazy timers).
     */
    void setTimer(TcpConnection c, TcpTimer t, long deadline);

    /** The deadline is gone; an environment may still fire the old one, which will be ignored. */
    default void cancelTimer(TcpConnection c, TcpTimer t) {
    }

    /** A passively opened connection completed its handshake: hand it to its listener. */
    default void accepted(TcpConnection c) {
    }

    /** The connection reached CLOSED: forget its 4-tuple. */
    default void closed(TcpConnection c) {
    }

    /** A connection changed state (for the MIB's AttemptFails and EstabResets); {@code retransmit}: it resent a segment. */
    default void counted(TcpState old, TcpState now, boolean retransmit) {
    }

    /** Whether {@link #trace} has a subscriber; callers check before building fields. */
    default boolean traceEnabled() {
        return false;
    }

    /**
     * Emits a connection event of {@link TcpEvents} ({@code state}, {@code cwnd}, ...) whose first field is
     * {@link TcpEvents#CONN}: the environment supplies the connection's id, {@code values} are the rest.
     */
    default void trace(TcpConnection c, EventType type, Object... values) {
    }
}
