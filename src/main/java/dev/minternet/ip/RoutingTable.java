package dev.minternet.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A node's own routes (connected and static) with longest-prefix match. Among routes to the same
 * prefix the lowest metric wins; a route whose interface is down is skipped, as a router withdraws
 * routes over a link that lost carrier.
 */
public final class RoutingTable {
    private final PrefixMap index = new PrefixMap();
    /**
     * One bucket per prefix, in the order the prefixes came: a lone {@link Route}, a {@code Route[]}
     * of two or more sorted by metric (equal metrics in the order they were added), or null once
     * emptied. Sized for a host's connected and default prefixes; no list object per bucket.
     */
    private Object[] buckets = new Object[2];
    private int count;
    private List<Consumer<String>> listeners;

    public void add(Route r) {
        int i = index.get(r.network(), r.length());
        if (i < 0) {
            if (count == buckets.length) {
                buckets = Arrays.copyOf(buckets, count + (count >> 1) + 1);
            }
            i = count++;
            index.put(r.network(), r.length(), i);
        }
        Object b = buckets[i];
        if (b == null) {
            buckets[i] = r;
            return;
        }
        Route[] a = b instanceof Route only ? new Route[] {only} : (Route[]) b;
        // after every route of a metric at most r's, as a stable sort of the bucket plus r puts it
        int at = a.length;
        while (at > 0 && a[at - 1].metric() > r.metric()) {
            at--;
        }
        Route[] n = new Route[a.length + 1];
        System.arraycopy(a, 0, n, 0, at);
        n[at] = r;
        System.arraycopy(a, at, n, at + 1, a.length - at);
        buckets[i] = n;
    }

    /** The routes of bucket {@code i} (a copy when it holds one). */
    private static Route[] routesOf(Object b) {
        return b == null ? NONE : b instanceof Route r ? new Route[] {r} : (Route[]) b;
    }

    private static final Route[] NONE = new Route[0];

    /** Keeps the routes of bucket {@code i} that {@code which} does not select. */
    private void removeFrom(int i, Predicate<Route> which) {
        Object b = buckets[i];
        if (b == null) {
            return;
        }
        Route[] a = routesOf(b);
        int kept = 0;
        Route[] n = new Route[a.length];
        for (Route r : a) {
            if (!which.test(r)) {
                n[kept++] = r;
            }
        }
        if (kept == a.length) {
            return;
        }
        buckets[i] = kept == 0 ? null : kept == 1 ? n[0] : Arrays.copyOf(n, kept);
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
    public void removeIf(Predicate<Route> which) {
        for (int i = 0; i < count; i++) {
            removeFrom(i, which);
        }
    }

    public void removeProto(String proto) {
        removeIf(r -> r.proto().equals(proto));
    }

    /** Removes the routes {@code proto} installed to one prefix (a protocol that updates prefix by prefix). */
    public void removeProto(String proto, int network, int length) {
        int i = index.get(network, length);
        if (i >= 0) {
            removeFrom(i, r -> r.proto().equals(proto));
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
                for (Route r : routesOf(buckets[i])) {
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
            if (i < 0) {
                continue;
            }
            Object bucket = buckets[i];
            if (bucket instanceof Route only) {
                if (only.iface().isUp()) {
                    return only;
                }
            } else if (bucket != null) {
                Route[] b = (Route[]) bucket;
                for (int k = 0, n = b.length; k < n; k++) {
                    Route r = b[k];
                    if (r.iface().isUp()) {
                        if (multipath == null || datagram == null) {
                            return r;
                        }
                        int equal = 1;
                        for (int j = k + 1; j < n; j++) {
                            Route o = b[j];
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
                            Route o = b[j];
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
        for (int i = 0; i < count; i++) {
            all.addAll(Arrays.asList(routesOf(buckets[i])));
        }
        all.sort(Comparator.comparingInt((Route r) -> r.length() == 0 ? 1 : 0)
                .thenComparingLong(r -> Integer.toUnsignedLong(r.network()))
                .thenComparingInt(Route::length));
        return all;
    }
}
