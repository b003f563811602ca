package dev.minternet.transport.udp;

import java.util.Arrays;

/**
 * Bound sockets by local port: ports kept sorted in a primitive array beside their sockets, found
 * by binary search. A host binds a handful of ports, so this costs two small arrays where a
 * HashMap of boxed ports cost a table, an entry and an Integer per socket.
 */
final class PortMap<S> {
    private int[] ports = new int[2];
    private Object[] sockets = new Object[2];
    private int size;

    private int find(int port) {
        return Arrays.binarySearch(ports, 0, size, port);
    }

    boolean containsKey(int port) {
        return find(port) >= 0;
    }

    @SuppressWarnings("unchecked")
    S get(int port) {
        int i = find(port);
        return i >= 0 ? (S) sockets[i] : null;
    }

    /** Binds {@code s} to {@code port}, which must be free. */
    void put(int port, S s) {
        int i = find(port);
        if (i >= 0) {
            throw new IllegalStateException("port " + port + " already bound");
        }
        i = -i - 1;
        if (size == ports.length) {
            ports = Arrays.copyOf(ports, size * 2);
            sockets = Arrays.copyOf(sockets, size * 2);
        }
        System.arraycopy(ports, i, ports, i + 1, size - i);
        System.arraycopy(sockets, i, sockets, i + 1, size - i);
        ports[i] = port;
        sockets[i] = s;
        size++;
    }

    /** Unbinds {@code port} if {@code s} holds it. */
    void remove(int port, S s) {
        int i = find(port);
        if (i < 0 || sockets[i] != s) {
            return;
        }
        System.arraycopy(ports, i + 1, ports, i, size - i - 1);
        System.arraycopy(sockets, i + 1, sockets, i, size - i - 1);
        size--;
        sockets[size] = null;
    }

    /** The bound ports, ascending. */
    int[] ports() {
        return Arrays.copyOf(ports, size);
    }
}
