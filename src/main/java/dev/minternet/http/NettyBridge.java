package dev.minternet.http;

import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.transport.StreamSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ServerChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Runs an unchanged Netty pipeline on an {@link EmbeddedChannel} bridged to a simulated {@link
 * StreamSocket} (docs/design.md decision 5).
 *
 * <ul>
 *   <li>Bytes from {@link StreamSocket.Handler#onData} enter the pipeline as inbound ByteBufs.</li>
 *   <li>Outbound ByteBufs are drained after every entry point ({@link #pump}) and sent on the
 *       socket; what the socket does not accept waits for {@link StreamSocket.Handler#onWritable}.</li>
 *   <li>A FIN from the peer closes the channel (channelInactive lets decoders finish a
 *       close-delimited message); a channel closed by the pipeline closes the socket once the
 *       pending bytes are out; a socket that goes away closes the channel.</li>
 *   <li>Netty's clock is the simulator's: the channel's {@link Ticker} reads {@link
 *       Simulator#now()}, and a simulator timer is armed for the next Netty deadline. Because the
 *       timer fires exactly at each deadline, time advances from deadline to deadline and a
 *       periodic task (IdleStateHandler) fires once per period, as with a real event loop.</li>
 * </ul>
 * No wall clock, no threads. Every call must come from the simulator thread.
 */
public final class NettyBridge implements StreamSocket.Handler {

    /** Hears what happens to the raw byte stream (timings for clients). */
    public interface Observer {
        default void bytesIn(long now, int n) {
        }

        default void closed(String error) {
        }
    }

    /** The bridge that owns a channel (set on the root channel; HTTP/2 streams look at their parent). */
    public static final AttributeKey<NettyBridge> KEY = AttributeKey.valueOf("minternet.bridge");

    private final Simulator sim;
    private final StreamSocket socket;
    private final EmbeddedChannel channel;
    private final Timer timer;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingHead;
    private boolean pumping;
    private boolean again;
    private boolean socketGone;
    private boolean socketClosing;
    private boolean finished;
    private Throwable error;
    private long bytesIn;
    private long bytesOut;
    private Observer observer = new Observer() { };

    /**
     * Bridges {@code socket} to a new channel holding {@code handlers}, takes over the socket's
     * handler, and sends whatever the handlers wrote on activation (an HTTP/2 preface).
     */
    public NettyBridge(Simulator sim, StreamSocket socket, ChannelHandler... handlers) {
        this(sim, socket, null, handlers);
    }

    /**
     * A bridge whose channel has {@code parent} (a {@link Listening} channel for a server's
     * accepted connection, as a real server's child channel has its server channel; null for none).
     */
    NettyBridge(Simulator sim, StreamSocket socket, Channel parent, ChannelHandler... handlers) {
        this.sim = sim;
        this.socket = socket;
        this.timer = new Timer(sim, this::pump);
        EmbeddedChannel.Builder b = EmbeddedChannel.builder().ticker(new SimTicker(sim)).handlers(handlers);
        this.channel = (parent == null ? b : b.parent(parent)).build();
        channel.attr(KEY).set(this);
        socket.setHandler(this);
        pump();
    }

    /** The channel; write to it, then call {@link #pump}. */
    public EmbeddedChannel channel() {
        return channel;
    }

    public StreamSocket socket() {
        return socket;
    }

    public Simulator simulator() {
        return sim;
    }

    public void setObserver(Observer o) {
        this.observer = o;
    }

    /** The first exception that reached the end of the pipeline, or null. */
    public Throwable error() {
        return error;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** True while the socket is usable. */
    public boolean isOpen() {
        return !socketGone && !socketClosing && channel.isOpen();
    }

    /**
     * Lets go of the socket without closing it, for a switch of protocols (RFC 9110 section 7.8,
     * a WebSocket tunnel): bytes the pipeline already wrote are sent first, the channel closes,
     * and the caller sets its own handler on the returned socket. Returns null (and keeps the
     * socket) when earlier bytes are still waiting for send-buffer space.
     */
    public StreamSocket detach() {
        if (socketGone || socketClosing) {
            return null;
        }
        flushPending();
        if (!pending.isEmpty()) {
            return null;
        }
        socketGone = true; // from now on the channel's fate is not the socket's
        if (channel.isOpen()) {
            channel.close();
        }
        pump();
        return socket;
    }

    /** Resets the connection (RST): pending bytes are dropped and the channel closes. */
    public void abort() {
        if (socketGone) {
            return;
        }
        socketGone = true;
        pending.clear();
        socket.abort();
        if (channel.isOpen()) {
            channel.close();
        }
        pump();
    }

    // ----- socket -> channel

    @Override
    public void onData(StreamSocket s, byte[] data) {
        bytesIn += data.length;
        observer.bytesIn(sim.now(), data.length);
        if (!channel.isOpen()) {
            return;
        }
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(data));
        channel.pipeline().fireChannelReadComplete();
        pump();
    }

    @Override
    public void onPeerClosed(StreamSocket s) {
        if (channel.isOpen()) {
            channel.close();
        }
        pump();
    }

    @Override
    public void onWritable(StreamSocket s) {
        pump();
    }

    @Override
    public void onClosed(StreamSocket s, String err) {
        if (socketGone && !channel.isOpen()) {
            return; // we aborted it ourselves
        }
        socketGone = true;
        pending.clear();
        observer.closed(err); // before the channel closes, so the reason reaches the application first
        if (channel.isOpen()) {
            channel.close();
        }
        pump();
    }

    // ----- channel -> socket

    /**
     * Runs Netty's pending tasks and due timers, sends what the pipeline wrote, closes the socket
     * if the channel closed, and arms the timer for the next Netty deadline. Safe to call
     * re-entrantly (a nested call makes the outer one loop once more).
     */
    public void pump() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            long next;
            int rounds = 0;
            do {
                again = false;
                channel.runPendingTasks();
                next = channel.runScheduledPendingTasks();
                drainOutbound();
                releaseInbound();
                recordException();
                if (++rounds > 10_000) {
                    throw new IllegalStateException("Netty pipeline does not settle");
                }
            } while (again || next == 0 || channel.hasPendingTasks());
            flushPending();
            if (!channel.isOpen() && pending.isEmpty() && !socketGone && !socketClosing) {
                socketClosing = true;
                socket.close();
            }
            if (next > 0 && channel.isOpen()) {
                timer.setAt(sim.now() + next);
            } else {
                timer.cancel();
            }
            if (!channel.isOpen() && !finished) {
                finished = true;
                try {
                    channel.finishAndReleaseAll();
                } catch (Throwable t) {
                    if (error == null) {
                        error = t;
                    }
                }
            }
        } finally {
            pumping = false;
        }
    }

    private void drainOutbound() {
        for (;;) {
            Object msg = channel.readOutbound();
            if (msg == null) {
                return;
            }
            try {
                if (msg instanceof ByteBuf buf) {
                    int n = buf.readableBytes();
                    if (n > 0 && !socketGone) {
                        byte[] b = new byte[n];
                        buf.readBytes(b);
                        pending.add(b);
                    }
                } else {
                    throw new IllegalStateException("unexpected outbound message " + msg.getClass().getName());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private void releaseInbound() {
        // Messages that reached the tail of the pipeline: nobody wanted them.
        for (;;) {
            Object msg = channel.readInbound();
            if (msg == null) {
                return;
            }
            ReferenceCountUtil.release(msg);
        }
    }

    private void recordException() {
        try {
            channel.checkException();
        } catch (Throwable t) {
            if (error == null) {
                error = t;
            }
            if (channel.isOpen()) {
                channel.close();
                again = true;
            }
        }
    }

    private void flushPending() {
        // A TLS connection closed by the peer's close_notify takes nothing more (the engine
        // answered with its own): what the pipeline wrote since (HTTP/2's GOAWAY on close) is
        // lost, and the socket closes, as nginx closes once it reads the peer's close_notify.
        if (socketGone || socketClosing || socket.sendClosed()) {
            pending.clear();
            return;
        }
        while (!pending.isEmpty()) {
            byte[] head = pending.peek();
            int len = head.length - pendingHead;
            int n = socket.send(head, pendingHead, len);
            bytesOut += n;
            if (n < len) {
                pendingHead += n;
                return; // wait for onWritable
            }
            pending.poll();
            pendingHead = 0;
        }
    }

    /** Netty's clock reads the simulated clock. */
    static final class SimTicker implements Ticker {
        private final Simulator sim;

        SimTicker(Simulator sim) {
            this.sim = sim;
        }

        @Override
        public long initialNanoTime() {
            return 0;
        }

        @Override
        public long nanoTime() {
            return sim.now();
        }

        @Override
        public void sleep(long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("no sleeping in simulated time");
        }
    }

    /**
     * Stands for a server's listening socket as the parent of the channels it accepts. Netty's
     * HTTP/2 multiplexer asks whether its channel's parent is a {@link ServerChannel} to tell a
     * server from a client: without one it takes a peer's stream 1 for a client's h2c upgrade
     * stream and fails ("Client is misconfigured for upgrade requests"), which a real client such
     * as curl, whose first stream is 1, runs into.
     */
    static final class Listening extends EmbeddedChannel implements ServerChannel {
        static final Listening INSTANCE = new Listening();
    }
}
