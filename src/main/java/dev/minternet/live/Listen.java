package dev.minternet.live;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
