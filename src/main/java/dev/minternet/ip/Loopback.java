package dev.minternet.ip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's loopback interface, lo, beyond its 127.0.0.1/8 and ::1 (which every node has): the
 * addresses added to it ({@code ip addr add A/32 dev lo}) and what it carried, the datagrams the
 * node sent itself over IPv4 and IPv6 (one count each way: what lo transmits it receives, as
 * Linux's loopback device counts), and the captures watching it. Made when first needed: most
 * nodes of a large world never are.
 */
public final class Loopback {
    private List<Integer> addresses;
    private long packets;
    private long bytes;
    /** Watchers of lo (tcpdump -i lo), or null: most nodes never have one. */
    private List<Consumer<byte[]>> taps;

    /** Adds {@code a}; false when lo had it. */
    boolean add(int a) {
        if (addresses == null) {
            addresses = new ArrayList<>(1);
        }
        if (addresses.contains(a)) {
            return false;
        }
        addresses.add(a);
        return true;
    }

    /** The addresses added, in order. */
    public List<Integer> addresses() {
        return addresses == null ? List.of() : Collections.unmodifiableList(addresses);
    }

    /** Datagram {@code d} (IPv4 or IPv6) went through lo: counted, and shown to the taps. */
    public void carry(byte[] d) {
        packets++;
        bytes += d.length;
        if (taps != null) {
            for (Consumer<byte[]> t : List.copyOf(taps)) {
                t.accept(d);
            }
        }
    }

    public void addTap(Consumer<byte[]> t) {
        if (taps == null) {
            taps = new ArrayList<>(1);
        }
        taps.add(t);
    }

    public void removeTap(Consumer<byte[]> t) {
        if (taps != null) {
            taps.remove(t);
        }
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }
}
