package dev.minternet.http;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a server does with a request. The answer may come later in simulated time (an
 * application server waiting for a worker or a database): call {@code reply} exactly once, from
 * the simulator thread.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(Request request, Consumer<Response> reply);

    /** A handler that answers at once. */
    static HttpHandler of(Function<Request, Response> f) {
        return (req, reply) -> reply.accept(f.apply(req));
    }
}
