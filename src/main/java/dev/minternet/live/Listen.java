package dev.minternet.live;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Listening on the loopback address only, and the threads that serve it. */
final class Listen {
    /** 127.0.0.1: live mode never listens on another address. */
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Listen() {
    }

    /** A TCP listener on 127.0.0.1:{@code port} (0: a free port). */
    static ServerSocket tcp(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LOOPBACK, port), 64);
        return s;
    }

    /** Accepts until the listener closes, each connection handed to {@code serve}. */
    static void accept(ServerSocket listener, Consumer<Socket> serve) {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                serve.accept(s);
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Threads kept for a minute after their work ends and reused: a connection's threads (its
     * request, its two relay directions) start at once instead of each waiting for a new thread to
     * be scheduled, which took milliseconds on a busy machine, in the middle of a real client's
     * handshake.
     */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "live-pooled");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code r} on a pooled daemon thread named {@code name} while it runs. */
    static void pooled(String name, Runnable r) {
        POOL.execute(() -> {
            Thread t = Thread.currentThread();
            t.setName(name);
            try {
                r.run();
            } finally {
                t.setName("live-pooled");
            }
        });
    }

    static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void close(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
