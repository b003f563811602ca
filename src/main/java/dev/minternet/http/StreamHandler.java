package dev.minternet.http;

/**
 * What a server does with a request whose answer is a body written over time (server-sent
 * events): it calls {@link ResponseStream#start} once, then writes and ends as simulated time
 * goes on. See {@link HttpServer#streamRoute}.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(Request request, ResponseStream stream);
}
