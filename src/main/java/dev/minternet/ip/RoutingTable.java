package dev.minternet.ip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's own routes (connected and static) with longest-prefix match. Among routes to the same
 * prefix the lowest metric wins; a route whose interface is down is skipped, as a router withdraws
 * routes over a link that lost carrier.
 */
public final class RoutingTable {
    private final PrefixMap index = new PrefixMap();
    /** Sized for a host's connected and default prefixes (an ArrayList's first add would make room for ten). */
    private final List<List<Route>> buckets = new ArrayList<>(2);
    private List<Consumer<String>> listeners;

    public void add(Route r) {
        int i = index.get(r.network(), r.length());
        if (i < 0) {
            i = buckets.size();
            buckets.add(new ArrayList<>(1));
            index.put(r.network(), r.length(), i);
        }
        List<Route> b = buckets.get(i);
        b.add(r);
        b.sort(Comparator.comparingInt(Route::metric));
    }

    /** Removes every route a protocol installed (e.g. "ospf", "bgp") before it installs its new set. */
    /**
     * Hears that a routing protocol replaced its set of routes ({@link #installed}), e.g. so that
     * BGP re-resolves its next hops when OSPF's routes change, as zebra tells bgpd of nexthop changes.
     */
    public void onInstalled(Consumer<String> listener) {
        if (listeners == null) {
            listeners = new ArrayList<>(1);
        }
        listeners.add(listener);
    }

    /** Tells the listeners that {@code proto} has installed a new set of routes. */
    public void installed(String proto) {
        if (listeners != null) {
            for (Consumer<String> l : List.copyOf(listeners)) {
                l.accept(proto);
            }
        }
    }

    /** Removes every route {@code which} selects (e.g. those through an interface that lost its address). */
    public void removeIf(java.util.function.Predicate<Route> which) {
        for (List<Route> b : buckets) {
            b.removeIf(which);
        }
    }

    public void removeProto(String proto) {
        for (List<Route> b : buckets) {
            b.removeIf(r -> r.proto().equals(proto));
        }
    }

    /** Removes the routes {@code proto} installed to one prefix (a protocol that updates prefix by prefix). */
    public void removeProto(String proto, int network, int length) {
        int i = index.get(network, length);
        if (i >= 0) {
            buckets.get(i).removeIf(r -> r.proto().equals(proto));
        }
    }

    /**
     * Longest-prefix match among the routes not installed by {@code proto}: how a protocol resolves
     * its next hops through the others' routes (BGP through connected, static and IGP routes).
     */
    public Route lookupExcept(int dst, String proto) {
        long p = index.lengths();
        while (p != 0) {
            int len = 63 - Long.numberOfLeadingZeros(p);
            p &= ~(1L << len);
            int i = index.get(dst, len);
            if (i >= 0) {
                for (Route r : buckets.get(i)) {
                    if (r.iface().isUp() && !r.proto().equals(proto)) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Longest-prefix match for one datagram: when the best bucket holds several usable routes of
     * equal metric and protocol (equal-cost multipath), {@code multipath} picks one for
     * {@code datagram}; without it (or without a datagram) the first wins.
     */
    public Route lookup(int dst, byte[] datagram, Multipath multipath) {
        long p = index.lengths();
        while (p != 0) {
            int len = 63 - Long.numberOfLeadingZeros(p);
            p &= ~(1L << len);
            int i = index.get(dst, len);
            if (i >= 0) {
                List<Route> b = buckets.get(i);
                for (int k = 0, n = b.size(); k < n; k++) {
                    Route r = b.get(k);
                    if (r.iface().isUp()) {
                        if (multipath == null || datagram == null) {
                            return r;
                        }
                        int equal = 1;
                        for (int j = k + 1; j < n; j++) {
                            Route o = b.get(j);
                            if (o.metric() != r.metric() || !o.proto().equals(r.proto())) {
                                break;
                            }
                            if (o.iface().isUp()) {
                                equal++;
                            }
                        }
                        if (equal == 1) {
                            return r;
                        }
                        int pick = multipath.choose(datagram, equal);
                        for (int j = k; j < n; j++) {
                            Route o = b.get(j);
                            if (o.iface().isUp() && pick-- == 0) {
                                return o;
                            }
                        }
                        return r;
                    }
                }
            }
        }
        return null;
    }

    /** Longest-prefix match among usable routes (the first of equal-cost ones). */
    public Route lookup(int dst) {
        return lookup(dst, null, null);
    }

    /** All routes, most specific first, for display. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        for (List<Route> b : buckets) {
            all.addAll(b);
        }
        all.sort(Comparator.comparingInt((Route r) -> r.length() == 0 ? 1 : 0)
                .thenComparingLong(r -> Integer.toUnsignedLong(r.network()))
                .thenComparingInt(Route::length));
        return all;
    }
}
