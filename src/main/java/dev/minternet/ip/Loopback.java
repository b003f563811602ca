package dev.minternet.ip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A node's loopback interface, lo, beyond its 127.0.0.1/8 and ::1 (which every node has): the
 * addresses added to it ({@code ip addr add A/32 dev lo}) and what it carried, the datagrams the
 * node sent itself over IPv4 and IPv6 (one count each way: what lo transmits it receives, as
 * Linux's loopback device counts). Made when first needed: most nodes of a large world never are.
 */
public final class Loopback {
    private List<Integer> addresses;
    private long packets;
    private long bytes;

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

    /** A datagram of {@code length} bytes went through lo. */
    public void count(int length) {
        packets++;
        bytes += length;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }
}
