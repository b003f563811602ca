package dev.minternet.services.db;

import dev.minternet.transport.StreamSocket;
import java.util.function.Supplier;

/**
 * Opens stream connections to one server, asynchronously: a TCP connect to host:5432 completes
 * a round trip later (or fails). The database client depends only on this, so any transport
 * that yields a {@link StreamSocket} (simulated TCP, a test pipe) plugs in.
 */
@FunctionalInterface
public interface StreamConnector {

    /** What a connect attempt reports, exactly once. */
    interface Callback {
        void connected(StreamSocket socket);

        void failed(String error);
    }

    void connect(Callback callback);

    /** A connector over something that hands out connected sockets at once (e.g. an in-memory pipe). */
    static StreamConnector of(Supplier<StreamSocket> sockets) {
        return cb -> {
            StreamSocket s;
            try {
                s = sockets.get();
            } catch (RuntimeException e) {
                cb.failed(String.valueOf(e.getMessage()));
                return;
            }
            cb.connected(s);
        };
    }
}
