package dev.minternet.transport.tcp;

import dev.minternet.trace.EventType;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.MalformedPacketException;
import dev.minternet.wire.TcpRepr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A fake environment for segment-level tests: a settable clock, a queue of sent segments (each
 * round-tripped through the wire codec, so every test also checks emit, parse and checksum) and
 * a map of requested timers.
 */
final class FakeEnv implements TcpEnv {
    long now;
    final ArrayDeque<TcpRepr> sent = new ArrayDeque<>();
    final Map<TcpTimer, Long> timers = new EnumMap<>(TcpTimer.class);
    /** Connection events as the stack would emit them (conn "fake"), each checked against its type. */
    final List<TraceEvent> trace = new ArrayList<>();
    final List<TcpConnection> accepted = new ArrayList<>();
    final List<TcpConnection> closed = new ArrayList<>();

    @Override
    public long now() {
        return now;
    }

    @Override
    public void transmit(TcpConnection c, TcpRepr seg, SendBuffer data, long dataOffset) {
        byte[] b = new byte[seg.length()];
        if (seg.payload() == null && seg.payloadLength() > 0) {
            data.copyTo(dataOffset, b, seg.headerLength(), seg.payloadLength());
        }
        int len = seg.emit(b, 0, c.localAddress(), c.remoteAddress());
        try {
            sent.add(TcpRepr.parse(b, 0, len, c.localAddress(), c.remoteAddress()));
        } catch (MalformedPacketException e) {
            throw new AssertionError("emitted a malformed segment: " + e.reason(), e);
        }
    }

    @Override
    public void setTimer(TcpConnection c, TcpTimer t, long deadline) {
        timers.put(t, deadline);
    }

    @Override
    public void cancelTimer(TcpConnection c, TcpTimer t) {
        timers.remove(t);
    }

    @Override
    public void accepted(TcpConnection c) {
        accepted.add(c);
    }

    @Override
    public void closed(TcpConnection c) {
        closed.add(c);
    }

    @Override
    public boolean traceEnabled() {
        return true;
    }

    @Override
    public void trace(TcpConnection c, EventType type, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = "fake";
        System.arraycopy(values, 0, all, 1, values.length);
        String bad = type.check(all);
        if (bad != null) {
            throw new AssertionError(bad);
        }
        trace.add(new TraceEvent(now, "fake", type, all));
    }

    /** Whether a retransmission with {@code cause} (rto, fast, sack) was traced. */
    boolean retransmitted(String cause) {
        return trace.stream().anyMatch(e -> e.is(TcpEvents.RETRANSMIT) && cause.equals(e.get(TcpEvents.CAUSE)));
    }

    /** Advances the clock to {@code t}'s deadline and fires it. */
    void fire(TcpConnection c, TcpTimer t) {
        Long d = timers.remove(t);
        if (d == null) {
            throw new AssertionError("timer " + t + " is not armed; armed: " + timers);
        }
        now = Math.max(now, d);
        c.onTimer(t);
    }
}
