package dev.minternet.live;

import dev.minternet.transport.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Copies bytes both ways between a real TCP connection on 127.0.0.1 and a simulated connection
 * opened from a node. Real bytes enter the world on the simulation thread ({@link Live#submit})
 * and wait there while the simulated socket's send buffer is full; the simulated side's bytes are
 * written to the real socket by a writer thread (the greeting excepted), so a slow real client never
 * stalls the world.
 * The real reader stops reading while more than {@link #MAX_PENDING} bytes wait to enter, which
 * carries the simulated connection's flow control back to the real client.
 */
final class Relay implements StreamSocket.Handler {
    static final int MAX_PENDING = 256 * 1024;
    private static final byte[] EOF = new byte[0];

    private final Live live;
    private final Socket real;
    private final StreamSocket sim;
    private final long byteLimit;
    private final Runnable onEnd;
    private final LinkedBlockingQueue<byte[]> toReal = new LinkedBlockingQueue<>();
    // Simulation-thread state: bytes from the real client not yet accepted by the simulated socket.
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingOff;
    private boolean realEof;
    private boolean shutdownSent;
    // Shared: bytes waiting to enter, for the reader's back-pressure.
    private long waiting;
    private long total;
    private final java.util.concurrent.atomic.AtomicInteger sidesDone = new java.util.concurrent.atomic.AtomicInteger();

    private Relay(Live live, Socket real, StreamSocket sim, long byteLimit, Runnable onEnd) {
        this.live = live;
        this.real = real;
        this.sim = sim;
        this.byteLimit = byteLimit;
        this.onEnd = onEnd;
    }

    /**
     * Starts copying (call on the simulation thread): {@code first} (bytes already read from the
     * real client, may be empty) goes in first, and {@code greeting} (may be empty) goes out to
     * the real client first. The relay ends when both sides are closed or either resets.
     */
    static void start(Live live, Socket real, StreamSocket sim, byte[] greeting, byte[] first, long byteLimit, Runnable onEnd) {
        Relay r = new Relay(live, real, sim, byteLimit, onEnd);
        sim.setHandler(r);
        if (greeting.length > 0) {
            // written here and now (a few bytes into an empty socket buffer: it does not block), so
            // the real client hears the connection is open at the simulated instant it opened
            try {
                OutputStream out = real.getOutputStream();
                out.write(greeting);
                out.flush();
            } catch (IOException e) {
                r.closeReal();
                sim.abort(); // onClosed ends the relay
                return;
            }
        }
        if (first.length > 0) {
            r.enter(first);
        }
        Listen.pooled("live-relay-in", r::readReal);
        Listen.pooled("live-relay-out", r::writeReal);
    }

    /** Real client to world: read, then hand to the simulation thread. */
    private void readReal() {
        byte[] buf = new byte[16384];
        try {
            InputStream in = real.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                synchronized (this) {
                    total += n;
                    if (total > byteLimit) {
                        throw new IOException("byte limit reached");
                    }
                    waiting += n;
                    while (waiting > MAX_PENDING) {
                        wait(100);
                    }
                }
                live.submit(() -> enter(chunk));
            }
            live.submit(() -> {
                realEof = true;
                flush();
            });
            sideDone();
        } catch (IOException | IllegalStateException e) {
            abortFromReal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortFromReal();
        }
    }

    private void abortFromReal() {
        try {
            live.submit(sim::abort);
        } catch (IllegalStateException stopping) {
            // the world is gone with the connection
        }
        toReal.add(EOF);
        closeReal();
    }

    /** World to real client: write what the simulated socket received, in order. */
    private void writeReal() {
        try {
            OutputStream out = real.getOutputStream();
            while (true) {
                byte[] b = toReal.take();
                if (b == EOF) {
                    if (!real.isClosed()) {
                        real.shutdownOutput();
                    }
                    sideDone();
                    return;
                }
                out.write(b);
                out.flush();
            }
        } catch (IOException e) {
            try {
                live.submit(sim::abort);
            } catch (IllegalStateException stopping) {
                // nothing to tell
            }
            closeReal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enter(byte[] chunk) {
        pending.add(chunk);
        flush();
    }

    /** Offers the waiting bytes to the simulated socket (simulation thread). */
    private void flush() {
        while (!pending.isEmpty()) {
            byte[] head = pending.peek();
            int n = sim.send(head, pendingOff, head.length - pendingOff);
            pendingOff += n;
            synchronized (this) {
                waiting -= n;
                notifyAll();
            }
            if (pendingOff < head.length) {
                return;
            }
            pending.poll();
            pendingOff = 0;
        }
        if (realEof && !shutdownSent) {
            shutdownSent = true;
            sim.shutdownOutput();
        }
    }

    @Override
    public void onData(StreamSocket s, byte[] data) {
        toReal.add(data);
    }

    @Override
    public void onWritable(StreamSocket s) {
        flush();
    }

    @Override
    public void onPeerClosed(StreamSocket s) {
        toReal.add(EOF);
    }

    @Override
    public void onClosed(StreamSocket s, String error) {
        toReal.add(EOF);
        if (error != null) {
            closeReal();
        }
        onEnd.run();
    }

    /** Both directions finished: the real connection closes. */
    private void sideDone() {
        if (sidesDone.incrementAndGet() == 2) {
            closeReal();
        }
    }

    private void closeReal() {
        try {
            real.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
