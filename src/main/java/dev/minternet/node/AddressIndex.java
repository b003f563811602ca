package dev.minternet.node;

import dev.minternet.ip.NetInterface;

/**
 * The world's IPv4 address to interface index: open addressing on int keys (linear probing,
 * backward-shift deletion), no boxed key or entry object per address, as a HashMap keeps
 * (about 50 bytes an address; here 16 to 32).
 */
final class AddressIndex {
    private int[] keys = new int[16];
    private NetInterface[] values = new NetInterface[16];
    private int size;

    NetInterface get(int address) {
        int mask = keys.length - 1;
        for (int s = spread(address) & mask; values[s] != null; s = (s + 1) & mask) {
            if (keys[s] == address) {
                return values[s];
            }
        }
        return null;
    }

    void put(int address, NetInterface i) {
        int mask = keys.length - 1;
        int s = spread(address) & mask;
        while (values[s] != null) {
            if (keys[s] == address) {
                values[s] = i;
                return;
            }
            s = (s + 1) & mask;
        }
        keys[s] = address;
        values[s] = i;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    void remove(int address) {
        int mask = keys.length - 1;
        int s = spread(address) & mask;
        while (values[s] != null && keys[s] != address) {
            s = (s + 1) & mask;
        }
        if (values[s] == null) {
            return;
        }
        size--;
        // shift back each later entry of the run whose home slot is not between the hole and it
        int hole = s;
        for (int j = (s + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = spread(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        keys[hole] = 0;
    }

    /** Makes room for {@code n} addresses in all: adding up to that many rebuilds nothing. */
    void reserve(int n) {
        while (n * 2L > keys.length && keys.length < (1 << 30)) {
            grow();
        }
    }

    private void grow() {
        int[] ok = keys;
        NetInterface[] ov = values;
        keys = new int[ok.length * 2];
        values = new NetInterface[ok.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < ok.length; i++) {
            if (ov[i] != null) {
                int s = spread(ok[i]) & mask;
                while (values[s] != null) {
                    s = (s + 1) & mask;
                }
                keys[s] = ok[i];
                values[s] = ov[i];
            }
        }
    }

    private static int spread(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
