package dev.minternet.transport;

import java.util.ArrayDeque;

/**
 * Bytes waiting for send-buffer space on a {@link StreamSocket}: {@link StreamSocket#send} may
 * take fewer bytes than offered, and the rest must go, in order, when the socket reports
 * {@link StreamSocket.Handler#onWritable}.
 */
public final class Outbox {
    private final StreamSocket socket;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int headOffset;
    private boolean closeWhenFlushed;
    private boolean finWhenFlushed;
    private boolean closeRequested;

    public Outbox(StreamSocket socket) {
        this.socket = socket;
    }

    public void write(byte[] data) {
        if (data.length == 0 || closeRequested) {
            return;
        }
        queue.add(data);
        flush();
    }

    /** Sends what the socket accepts; closes the socket when asked to and everything has gone. */
    public void flush() {
        while (!queue.isEmpty()) {
            byte[] head = queue.peek();
            int n = socket.send(head, headOffset, head.length - headOffset);
            headOffset += n;
            if (headOffset < head.length) {
                return;
            }
            queue.poll();
            headOffset = 0;
        }
        if (closeWhenFlushed) {
            closeWhenFlushed = false;
            socket.close();
        } else if (finWhenFlushed) {
            finWhenFlushed = false;
            socket.shutdownOutput();
        }
    }

    /** Half-closes (FIN) once the queued bytes are gone; receiving continues (a proxy passing a FIN on). */
    public void shutdownAfterFlush() {
        if (closeRequested) {
            return;
        }
        finWhenFlushed = true;
        flush();
    }

    /** Closes the socket once the queued bytes are gone; later calls do nothing (close once). */
    public void closeAfterFlush() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        closeWhenFlushed = true;
        flush();
    }

    /** Resets the connection now, dropping queued bytes; no close follows. */
    public void abort() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        closeWhenFlushed = false;
        queue.clear();
        socket.abort();
    }

    public boolean closeRequested() {
        return closeRequested;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
