package dev.minternet.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A response whose body is written over time, for a {@link HttpServer#streamRoute} handler
 * (server-sent events): {@link #start} sends the status line and headers, each {@link #write}
 * goes out at once as one HTTP/1.1 chunk (RFC 9112 section 7.1) or one HTTP/2 DATA frame, and
 * {@link #end} sends the last chunk (or END_STREAM). The client may go away first: then writes
 * are dropped, {@link #isOpen} is false and the {@link #onClose} callback has run. Call it from
 * the simulator thread only.
 */
public final class ResponseStream {
    /** What the server does with the stream's parts; the server's connection handler implements it. */
    interface Sink {
        void head(Response head);

        void chunk(byte[] b);

        void last();

        boolean active();
    }

    private Sink sink;
    private boolean started;
    private boolean ended;
    private boolean closed;
    private final List<Runnable> onClose = new ArrayList<>();

    ResponseStream() {
    }

    /** Attaches the connection (the stream's turn to be written has come). */
    void attach(Sink s) {
        this.sink = s;
    }

    /** Sends the status and headers; the head's body, if any, is the first chunk. Once. */
    public void start(Response head) {
        if (started) {
            throw new IllegalStateException("stream started twice");
        }
        started = true;
        if (isOpen()) {
            sink.head(head);
        }
    }

    /** Sends {@code b} now as one chunk (nothing for an empty array). */
    public void write(byte[] b) {
        if (!started) {
            throw new IllegalStateException("write before start");
        }
        if (b.length > 0 && isOpen()) {
            sink.chunk(b);
        }
    }

    /** Ends the body (the zero-length last chunk). */
    public void end() {
        if (started && !ended && isOpen()) {
            sink.last();
        }
        ended = true;
    }

    /** True while the connection is up and the body not ended. */
    public boolean isOpen() {
        return !ended && !closed && sink != null && sink.active();
    }

    /** Runs {@code r} when the connection (or HTTP/2 stream) closes before or after the end. */
    public void onClose(Runnable r) {
        if (closed) {
            r.run();
        } else {
            onClose.add(r);
        }
    }

    /** The connection closed. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable r : List.copyOf(onClose)) {
            r.run();
        }
    }
}
