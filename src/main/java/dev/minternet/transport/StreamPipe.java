package dev.minternet.transport;

import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two connected {@link StreamSocket} ends that carry bytes through the {@link Simulator}: a
 * stand-in for a TCP connection when testing applications (HTTP, DNS over TCP, the PostgreSQL
 * protocol) and in {@code bench http}, with no packets, no loss and no congestion control, but
 * with time.
 *
 * <p>Bytes sent on one end serialise at {@link Config#bandwidthBps} (infinitely fast when 0),
 * then arrive at the other end {@link Config#oneWayDelayNs} later, in order. Each end has a send
 * buffer of {@link Config#sendBufferBytes}: bytes occupy it from {@link StreamSocket#send} until
 * they are delivered to the peer, so at most one buffer's worth is in flight (like a TCP window)
 * and {@link StreamSocket.Handler#onWritable} fires when space frees after a short send.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>parameter</th><th>default</th></tr>
 *   <tr><td>oneWayDelayNs</td><td>1 ms</td></tr>
 *   <tr><td>bandwidthBps</td><td>0 (unlimited)</td></tr>
 *   <tr><td>sendBufferBytes</td><td>256 KiB</td></tr>
 *   <tr><td>chunkBytes</td><td>16 KiB (largest piece delivered in one onData)</td></tr>
 * </table>
 *
 * <p>With {@link #chunked} each piece is cut at a seeded random length of 1 to {@code chunkBytes}
 * bytes instead, so that parsers meet every way a message can be split across reads.
 *
 * <p>FIN ({@link StreamSocket#shutdownOutput}) travels behind the queued bytes and reaches the
 * peer's {@link StreamSocket.Handler#onPeerClosed}. An end reports {@link
 * StreamSocket.Handler#onClosed} (error null) once its FIN has reached the peer and the peer's
 * FIN has reached it; after {@link StreamSocket#close} it hears no more data. {@link
 * StreamSocket#abort} drops what is queued and the peer hears "connection reset" one delay later;
 * {@link #reset} is a reset from the network (a middlebox, a restarted server) that both ends
 * hear at once. Callbacks never run inside a call on the socket: they are events of their own,
 * except that {@link StreamSocket#setHandler} hands over at once what arrived before it, as a TCP
 * socket's receive buffer does.
 */
public final class StreamPipe {

    /** Pipe parameters. */
    public record Config(long oneWayDelayNs, long bandwidthBps, int sendBufferBytes, int chunkBytes) {
        public static final Config DEFAULT = new Config(1_000_000L, 0, 256 * 1024, 16 * 1024);

        public Config {
            if (oneWayDelayNs < 0 || bandwidthBps < 0 || sendBufferBytes <= 0 || chunkBytes <= 0) {
                throw new IllegalArgumentException("bad pipe config");
            }
        }

        public Config withDelay(long ns) {
            return new Config(ns, bandwidthBps, sendBufferBytes, chunkBytes);
        }

        public Config withBandwidth(long bps) {
            return new Config(oneWayDelayNs, bps, sendBufferBytes, chunkBytes);
        }

        public Config withSendBuffer(int bytes) {
            return new Config(oneWayDelayNs, bandwidthBps, bytes, chunkBytes);
        }

        public Config withChunkBytes(int bytes) {
            return new Config(oneWayDelayNs, bandwidthBps, sendBufferBytes, bytes);
        }
    }

    /** Watches every byte that enters the pipe (for determinism checks and byte-exact tests). */
    public interface Tap {
        void sent(End from, byte[] data, int off, int len);
    }

    private final Simulator sim;
    private final Config config;
    private final End a;
    private final End b;
    private Tap tap;
    private SplittableRandom chunker;

    private StreamPipe(Simulator sim, Config config, int addrA, int portA, int addrB, int portB,
            String nodeA, String nodeB) {
        this.sim = sim;
        this.config = config;
        this.a = new End(nodeA, addrA, portA);
        this.b = new End(nodeB, addrB, portB);
        a.peer = b;
        b.peer = a;
    }

    /** A pipe between 10.0.0.1:40000 ("client") and 10.0.0.2:80 ("server"). */
    public static StreamPipe create(Simulator sim, Config config) {
        return new StreamPipe(sim, config, 0x0a000001, 40000, 0x0a000002, 80, "client", "server");
    }

    /** A pipe between the given endpoints. */
    public static StreamPipe create(Simulator sim, Config config, String clientNode, int clientAddr, int clientPort,
            String serverNode, int serverAddr, int serverPort) {
        return new StreamPipe(sim, config, clientAddr, clientPort, serverAddr, serverPort, clientNode, serverNode);
    }

    /** The end that would have called connect(). */
    public End client() {
        return a;
    }

    /** The end that would have accepted. */
    public End server() {
        return b;
    }

    public void setTap(Tap tap) {
        this.tap = tap;
    }

    public Config config() {
        return config;
    }

    /**
     * Cuts what each end sends into pieces of seeded random length, 1 to {@link Config#chunkBytes}
     * bytes, each its own {@code onData}: exercises partial-message parsing, reproducibly.
     */
    public StreamPipe chunked(SplittableRandom random) {
        this.chunker = random;
        return this;
    }

    /** The network resets the connection (both ends hear "connection reset" now; queued bytes are lost). */
    public void reset() {
        a.reset();
        b.reset();
    }

    /** One end of the pipe. */
    public final class End implements StreamSocket {
        private final String node;
        private final int addr;
        private final int port;
        End peer;
        private Handler handler;

        // Send side: bytes accepted but not yet handed to the "wire".
        private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
        private int unsentHead; // bytes of unsent.peek() already transmitted
        private long buffered; // bytes accepted and not yet delivered to the peer
        private boolean wantWritable;
        private boolean finQueued;
        private boolean finSent;
        private long wireFreeAt; // when the serialiser finishes the previous piece
        private final TransmitEvent transmit = new TransmitEvent();

        // Receive side.
        private final List<byte[]> early = new ArrayList<>(); // arrived before a handler was set
        private boolean finReceived;
        private boolean finHeard; // the application was told (onPeerClosed)
        private boolean closedByApp;
        private boolean gone; // reset or aborted: nothing more moves
        private boolean closeReported;
        private boolean finDelivered; // our FIN reached the peer

        End(String node, int addr, int port) {
            this.node = node;
            this.addr = addr;
            this.port = port;
        }

        @Override
        public void setHandler(Handler h) {
            this.handler = h;
            if (h == null || gone) {
                return;
            }
            List<byte[]> waiting = new ArrayList<>(early);
            early.clear();
            for (byte[] piece : waiting) {
                if (!closedByApp && handler == h) {
                    h.onData(this, piece);
                }
            }
            if (finReceived && !finHeard && !closedByApp && handler == h) {
                finHeard = true;
                h.onPeerClosed(this);
            }
        }

        /** True once the peer's FIN arrived: no more data will come. */
        public boolean isInputShut() {
            return finReceived;
        }

        @Override
        public int send(byte[] data, int off, int len) {
            if (finQueued || gone) {
                throw new IllegalStateException("send after shutdown");
            }
            int n = (int) Math.min(len, sendBufferSpace());
            if (n < len) {
                wantWritable = true;
            }
            if (n == 0) {
                return 0;
            }
            if (tap != null) {
                tap.sent(this, data, off, n);
            }
            unsent.add(Arrays.copyOfRange(data, off, off + n));
            buffered += n;
            kick();
            return n;
        }

        @Override
        public int sendBufferSpace() {
            return (int) Math.max(0, config.sendBufferBytes - buffered);
        }

        @Override
        public void shutdownOutput() {
            if (finQueued || gone) {
                return;
            }
            finQueued = true;
            kick();
        }

        @Override
        public void close() {
            if (gone || closedByApp) {
                return;
            }
            closedByApp = true;
            shutdownOutput();
            maybeClosed();
        }

        @Override
        public void abort() {
            if (gone) {
                return;
            }
            unsent.clear();
            sim.cancel(transmit);
            finQueued = true;
            finSent = true;
            End p = peer;
            sim.schedule(config.oneWayDelayNs, () -> p.reset());
            gone = true;
            sim.schedule(0, () -> {
                if (handler != null) {
                    handler.onClosed(this, "aborted");
                }
            });
        }

        private void reset() {
            if (gone) {
                return;
            }
            gone = true;
            unsent.clear();
            sim.cancel(transmit);
            if (handler != null) {
                handler.onClosed(this, "connection reset");
            }
        }

        private void kick() {
            if (!transmit.isPending()) {
                sim.scheduleAt(Math.max(sim.now(), wireFreeAt), transmit);
            }
        }

        /** Puts the next piece on the wire: it leaves when serialised and arrives one delay later. */
        private void transmitNext() {
            if (gone) {
                return;
            }
            if (unsent.isEmpty()) {
                if (finQueued && !finSent) {
                    finSent = true;
                    End p = peer;
                    sim.scheduleAt(sim.now() + config.oneWayDelayNs, () -> p.receiveFin());
                    maybeClosed();
                }
                return;
            }
            byte[] head = unsent.peek();
            int avail = head.length - unsentHead;
            int n = chunker == null ? Math.min(avail, config.chunkBytes) : Math.min(avail, 1 + chunker.nextInt(config.chunkBytes));
            byte[] piece;
            if (unsentHead == 0 && n == head.length) {
                piece = head;
            } else {
                piece = Arrays.copyOfRange(head, unsentHead, unsentHead + n);
            }
            unsentHead += n;
            if (unsentHead == head.length) {
                unsent.poll();
                unsentHead = 0;
            }
            long serialise = config.bandwidthBps == 0 ? 0 : (n * 8L * 1_000_000_000L + config.bandwidthBps - 1) / config.bandwidthBps;
            long done = sim.now() + serialise;
            wireFreeAt = done;
            sim.scheduleAt(done + config.oneWayDelayNs, new Delivery(peer, this, piece));
            if (!unsent.isEmpty() || (finQueued && !finSent)) {
                sim.scheduleAt(done, transmit);
            }
        }

        private void delivered(int n) {
            buffered -= n;
            if (wantWritable && !gone && !finQueued) {
                wantWritable = false;
                if (handler != null) {
                    handler.onWritable(this);
                }
            }
        }

        private void receive(byte[] piece) {
            if (gone || closedByApp) {
                return;
            }
            if (handler == null) {
                early.add(piece);
                return;
            }
            handler.onData(this, piece);
        }

        private void receiveFin() {
            if (gone || finReceived) {
                return;
            }
            finReceived = true;
            peer.finDelivered = true;
            if (!closedByApp && handler != null) {
                finHeard = true;
                handler.onPeerClosed(this);
            }
            maybeClosed();
            peer.maybeClosed();
        }

        private void maybeClosed() {
            // Closed once both FINs crossed (we sent ours after close, and the peer's arrived).
            if (!gone && !closeReported && finReceived && finDelivered) {
                closeReported = true;
                sim.schedule(0, () -> {
                    if (handler != null) {
                        handler.onClosed(this, null);
                    }
                });
            }
        }

        @Override
        public int localAddress() {
            return addr;
        }

        @Override
        public int localPort() {
            return port;
        }

        @Override
        public int remoteAddress() {
            return peer.addr;
        }

        @Override
        public int remotePort() {
            return peer.port;
        }

        @Override
        public String nodeName() {
            return node;
        }

        @Override
        public String toString() {
            return "pipe-end(" + node + ")";
        }

        private final class TransmitEvent extends Event {
            @Override
            protected void fire() {
                transmitNext();
            }
        }
    }

    /** Bytes arriving at an end; frees the sender's buffer. */
    private static final class Delivery extends Event {
        private final End to;
        private final End from;
        private final byte[] data;

        Delivery(End to, End from, byte[] data) {
            this.to = to;
            this.from = from;
            this.data = data;
        }

        @Override
        protected void fire() {
            from.delivered(data.length);
            to.receive(data);
        }
    }
}
