package dev.minternet.transport.tcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Connections by 4-tuple: open addressing with linear probing, keyed by (remote address, remote
 * port, local port) packed in a long plus the local address, so the per-segment lookup neither
 * allocates nor boxes.
 */
final class ConnectionTable {
    private long[] keys = new long[16];
    private int[] locals = new int[16];
    private TcpConnection[] values = new TcpConnection[16];
    private int size;

    static long key(int remoteAddr, int remotePort, int localPort) {
        return ((long) remoteAddr << 32) | ((long) (remotePort & 0xffff) << 16) | (localPort & 0xffff);
    }

    int size() {
        return size;
    }

    TcpConnection get(int localAddr, int localPort, int remoteAddr, int remotePort) {
        long k = key(remoteAddr, remotePort, localPort);
        int mask = values.length - 1;
        for (int i = slot(k, localAddr, mask); ; i = (i + 1) & mask) {
            TcpConnection c = values[i];
            if (c == null) {
                return null;
            }
            if (keys[i] == k && locals[i] == localAddr) {
                return c;
            }
        }
    }

    void put(TcpConnection c) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        insert(c);
        size++;
    }

    boolean remove(TcpConnection c) {
        long k = key(c.remoteAddress(), c.remotePort(), c.localPort());
        int mask = values.length - 1;
        int i = slot(k, c.localAddress(), mask);
        while (values[i] != null) {
            if (values[i] == c) {
                values[i] = null;
                size--;
                // Backward-shift deletion keeps every probe sequence unbroken.
                int j = i;
                while (true) {
                    j = (j + 1) & mask;
                    TcpConnection m = values[j];
                    if (m == null) {
                        return true;
                    }
                    int home = slot(keys[j], locals[j], mask);
                    boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
                    if (!between) {
                        values[i] = m;
                        keys[i] = keys[j];
                        locals[i] = locals[j];
                        values[j] = null;
                        i = j;
                    }
                }
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    List<TcpConnection> all() {
        List<TcpConnection> l = new ArrayList<>(size);
        for (TcpConnection c : values) {
            if (c != null) {
                l.add(c);
            }
        }
        return l;
    }

    private void insert(TcpConnection c) {
        long k = key(c.remoteAddress(), c.remotePort(), c.localPort());
        int mask = values.length - 1;
        int i = slot(k, c.localAddress(), mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = k;
        locals[i] = c.localAddress();
        values[i] = c;
    }

    private void grow() {
        TcpConnection[] old = values;
        keys = new long[old.length * 2];
        locals = new int[old.length * 2];
        values = new TcpConnection[old.length * 2];
        for (TcpConnection c : old) {
            if (c != null) {
                insert(c);
            }
        }
    }

    private static int slot(long k, int localAddr, int mask) {
        long h = (k ^ ((long) localAddr * 0x9e3779b97f4a7c15L)) * 0xbf58476d1ce4e5b9L;
        return (int) (h ^ (h >>> 31)) & mask;
    }
}
