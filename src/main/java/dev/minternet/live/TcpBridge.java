package dev.minternet.live;

import dev.minternet.node.Node;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * A TCP listener on 127.0.0.1 whose accepted real connections enter the world from a node (the
 * HTTP proxy, the SOCKS5 proxy): the listener, its accept thread and a thread per connection,
 * the shared connection limits, and the log that hears refusals.
 */
abstract class TcpBridge implements AutoCloseable {
    final Live live;
    final Node node;
    final Connections connections;
    final Consumer<String> log;
    private final ServerSocket listener;
    private final String name;

    TcpBridge(String name, Live live, Node node, int port, Connections connections, Consumer<String> log) throws IOException {
        this.name = name;
        this.live = live;
        this.node = node;
        this.connections = connections;
        this.log = log;
        this.listener = Listen.tcp(port);
    }

    int port() {
        return listener.getLocalPort();
    }

    void start() {
        Listen.thread("live-" + name, () -> Listen.accept(listener, real -> Listen.pooled("live-" + name + "-conn", () -> serve(real))));
    }

    /** Serves one accepted real connection (on its own thread). */
    abstract void serve(Socket real);

    @Override
    public void close() {
        Listen.close(listener);
    }
}
