package dev.minternet.http;

import dev.minternet.transport.StreamSocket;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A request that asked to switch protocols (RFC 9110 section 7.8), handed to an {@link
 * HttpServer#upgrade} handler: it either answers as HTTP ({@link #refuse}, a 502 from a proxy,
 * the backend's 404) or takes the connection's byte stream ({@link #take}) to speak the new
 * protocol on it, or to splice it to a backend.
 */
public final class Upgrade {
    private final Consumer<Response> refuse;
    private final Supplier<StreamSocket> take;

    Upgrade(Consumer<Response> refuse, Supplier<StreamSocket> take) {
        this.refuse = refuse;
        this.take = take;
    }

    /** True when {@code r} asks for a protocol switch: an Upgrade header and "upgrade" among Connection's options. */
    public static boolean asked(Request r) {
        String up = r.headers().get("Upgrade");
        String conn = r.headers().get("Connection");
        if (up == null || up.isBlank() || conn == null) {
            return false;
        }
        for (String opt : conn.split(",")) {
            if (opt.strip().toLowerCase(Locale.ROOT).equals("upgrade")) {
                return true;
            }
        }
        return false;
    }

    /** Answers the request as plain HTTP; the connection stays HTTP. */
    public void refuse(Response r) {
        refuse.accept(r);
    }

    /** The connection's byte stream, now the caller's (null when it cannot be handed over). */
    public StreamSocket take() {
        return take.get();
    }
}
