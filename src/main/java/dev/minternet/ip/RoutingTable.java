package dev.minternet.ip;

import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A node's routes with longest-prefix match: the kernel's own (connected, static, DHCP) and, as
 * zebra's RIB holds them, every routing daemon's candidate for a prefix (OSPF, eBGP, iBGP). Among
 * the routes to one prefix the lowest administrative distance wins ({@link Route#distance}), then
 * the lowest metric; a route whose interface is down is skipped, as a router withdraws routes over
 * a link that lost carrier, so the next candidate takes over at once. What forwarding and
 * {@code ip route} see is the FIB zebra and Linux make of it ({@link #routes}): the kernel's own
 * routes, and a daemon's routes only for a prefix no usable kernel route covers, of the one
 * protocol zebra selected.
 */
public final class RoutingTable {
    /** A value of {@link #index} from here up is a {@link Via}'s number plus this, not a slot of {@link #buckets}. */
    private static final int VIA = 1 << 30;
    /** The value of {@link #index} for a prefix that came as a lone {@code Via} and whose routes have all gone. */
    private static final int GONE = Integer.MAX_VALUE;

    /**
     * Each prefix's bucket: a slot of {@link #buckets} (below {@link #VIA}); or, for a prefix that
     * came with a routing daemon's lone route (the usual case of BGP's), that route's {@link Via}
     * ({@code VIA} + its number in {@link #viaList}) with no slot at all, until a second route
     * comes and the prefix takes one; or {@link #GONE}.
     */
    private final PrefixMap index = new PrefixMap();
    /**
     * The buckets that need a slot, in the order their prefixes took one: a lone {@link Route};
     * a routing daemon's lone route as its {@link Via}, shared with the daemon's other routes that
     * leave the same way (the bucket's prefix completes it: {@link #routesOf}); a {@code Route[]} of
     * two or more sorted by distance then metric (equal ones in the order they were added); or null
     * once emptied. Sized for a host's connected and default prefixes; no list object per bucket.
     */
    private Object[] buckets = new Object[2];
    private int count;
    /** The {@code Via}s the table holds, each distinct one once, by number; made with the first (most nodes never hold one). */
    private HashMap<Via, Integer> viaNumbers;
    private Via[] viaList;
    private List<Consumer<String>> listeners;

    /** The bucket an {@link #index} value names (null: emptied). */
    private Object bucketAt(int v) {
        return v < VIA ? buckets[v] : v == GONE ? null : viaList[v - VIA];
    }

    /** Makes {@code b} the bucket of {@code network/length}, whose {@link #index} value is {@code v}. */
    private void setBucket(int network, int length, int v, Object b) {
        if (v < VIA) {
            buckets[v] = b;
        } else if (b == null) {
            index.put(network, length, GONE);
        } else if (b instanceof Via via) {
            index.put(network, length, VIA + viaNumbers.get(via));
        } else {
            index.put(network, length, newSlot(b));
        }
    }

    private int newSlot(Object b) {
        if (count == buckets.length) {
            buckets = Arrays.copyOf(buckets, count + (count >> 1) + 1);
        }
        buckets[count] = b;
        return count++;
    }

    public void add(Route r) {
        int i = index.get(r.network(), r.length());
        if (i < 0) {
            Object b = lone(r);
            index.put(r.network(), r.length(), b instanceof Via v ? VIA + viaNumbers.get(v) : newSlot(b));
            return;
        }
        Object b = bucketAt(i);
        if (b == null) {
            setBucket(r.network(), r.length(), i, lone(r));
            return;
        }
        Route[] a = b instanceof Route[] many ? many : routesOf(b, r.network(), r.length());
        // after every route ranked at most r's, as a stable sort of the bucket plus r puts it
        int at = a.length;
        while (at > 0 && ranksAfter(a[at - 1], r)) {
            at--;
        }
        Route[] n = new Route[a.length + 1];
        System.arraycopy(a, 0, n, 0, at);
        n[at] = r;
        System.arraycopy(a, at, n, at + 1, a.length - at);
        setBucket(r.network(), r.length(), i, n);
    }

    /** Whether {@code a} comes after {@code b}: a higher distance, or the same and a higher metric. */
    private static boolean ranksAfter(Route a, Route b) {
        return a.distance() != b.distance() ? a.distance() > b.distance() : a.metric() > b.metric();
    }

    /**
     * What a bucket holds for {@code r} when it is the bucket's only route: a daemon's route (one
     * whose network is the prefix itself, as the bucket would give it back) as the shared
     * {@link Via}, any other as itself.
     */
    private Object lone(Route r) {
        if (!r.fromDaemon() || r.network() != (r.network() & Ip4.mask(r.length()))) {
            return r;
        }
        if (viaNumbers == null) {
            viaNumbers = new HashMap<>();
            viaList = new Via[4];
        }
        Via v = Via.of(r);
        Integer k = viaNumbers.get(v);
        if (k != null) {
            return viaList[k];
        }
        int n = viaNumbers.size();
        if (n == viaList.length) {
            viaList = Arrays.copyOf(viaList, n * 2);
        }
        viaList[n] = v;
        viaNumbers.put(v, n);
        return v;
    }

    /** The routes of bucket {@code b}, whose prefix is {@code network/length} (a new array when it holds one). */
    private static Route[] routesOf(Object b, int network, int length) {
        if (b == null) {
            return NONE;
        }
        if (b instanceof Route r) {
            return new Route[] {r};
        }
        if (b instanceof Via v) {
            return new Route[] {v.at(network & Ip4.mask(length), length)};
        }
        return (Route[]) b;
    }

    private static final Route[] NONE = new Route[0];

    /** Keeps the routes of the bucket {@code i} names, whose prefix is {@code network/length}, that {@code which} does not select. */
    private void removeFrom(int i, int network, int length, Predicate<Route> which) {
        Object b = bucketAt(i);
        if (b == null) {
            return;
        }
        Route[] a = routesOf(b, network, length);
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
        setBucket(network, length, i, kept == 0 ? null : kept == 1 ? lone(n[0]) : Arrays.copyOf(n, kept));
    }

    /**
     * Runs {@code each} on every prefix and its {@link #index} value, from a copy of them: it may
     * change the values (the index cannot be changed while it is walked).
     */
    private void forEachPrefix(PrefixMap.Visitor each) {
        int n = index.size();
        int[] nets = new int[n];
        int[] lens = new int[n];
        int[] vals = new int[n];
        int[] k = new int[1];
        index.forEach((network, length, v) -> {
            nets[k[0]] = network;
            lens[k[0]] = length;
            vals[k[0]++] = v;
        });
        for (int i = 0; i < n; i++) {
            each.visit(nets[i], lens[i], vals[i]);
        }
    }

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
        forEachPrefix((network, length, i) -> removeFrom(i, network, length, which));
    }

    /** Removes one route equal to {@code r}, if the table holds one ({@code ip route del}). */
    public void remove(Route r) {
        int i = index.get(r.network(), r.length());
        if (i < 0) {
            return;
        }
        boolean[] once = new boolean[1];
        removeFrom(i, r.network(), r.length(), x -> !once[0] && (once[0] = x.equals(r)));
    }

    /** Removes every route a protocol installed (e.g. "ospf", "bgp") before it installs its new set. */
    public void removeProto(String proto) {
        for (int i = 0; i < count; i++) {
            Object b = buckets[i];
            if (b instanceof Via v) { // a lone daemon route: its protocol decides, no route made
                if (v.proto().equals(proto)) {
                    buckets[i] = null;
                }
            } else if (b != null) {
                removeFrom(i, 0, 0, r -> r.proto().equals(proto)); // not a Via: the prefix is not read
            }
        }
        if (viaList != null) { // the prefixes without a slot: a lone Via each
            forEachPrefix((network, length, v) -> {
                if (v >= VIA && v != GONE && viaList[v - VIA].proto().equals(proto)) {
                    index.put(network, length, GONE);
                }
            });
        }
    }

    /** Removes the routes {@code proto} installed to one prefix (a protocol that updates prefix by prefix). */
    public void removeProto(String proto, int network, int length) {
        int i = index.get(network, length);
        if (i >= 0) {
            removeFrom(i, network, length, r -> r.proto().equals(proto));
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
                for (Route r : routesOf(bucketAt(i), dst, len)) {
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
            Object bucket = i < VIA ? buckets[i] : i == GONE ? null : viaList[i - VIA];
            if (bucket instanceof Route only) {
                if (only.iface().isUp()) {
                    return only;
                }
            } else if (bucket instanceof Via v) {
                if (v.iface().isUp()) {
                    return v.at(dst & Ip4.mask(len), len);
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
                            if (o.metric() != r.metric() || o.distance() != r.distance() || !o.proto().equals(r.proto())) {
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

    /**
     * The route zebra selected for exactly {@code network/length}: the first usable one by distance
     * and metric, else (nothing usable) the first; null when the table holds none for the prefix.
     */
    public Route selected(int network, int length) {
        int i = index.get(network, length);
        Route[] a = i < 0 ? NONE : routesOf(bucketAt(i), network, length);
        for (Route r : a) {
            if (r.iface().isUp()) {
                return r;
            }
        }
        return a.length == 0 ? null : a[0];
    }

    /** Every candidate for exactly {@code network/length}, by distance then metric (zebra's RIB entry). */
    public List<Route> candidates(int network, int length) {
        int i = index.get(network, length);
        return i < 0 ? List.of() : List.of(routesOf(bucketAt(i), network, length));
    }

    /**
     * The FIB of one bucket, as {@code ip route} lists the kernel table: the kernel's own routes (all
     * of them, a route over a link without carrier marked linkdown), and unless one of those is
     * usable, the routes of the protocol zebra selected (the lowest distance with a usable route,
     * else the lowest) and of no other.
     */
    private static void fib(Route[] a, List<Route> out) {
        Route pick = null;
        boolean kernelUp = false;
        for (Route r : a) {
            if (!r.fromDaemon()) {
                out.add(r);
                kernelUp |= r.iface().isUp();
            } else if (pick == null || !pick.iface().isUp() && r.iface().isUp()) {
                pick = r;
            }
        }
        if (pick == null || kernelUp) {
            return;
        }
        for (Route r : a) {
            if (r.fromDaemon() && r.distance() == pick.distance() && r.proto().equals(pick.proto())) {
                out.add(r);
            }
        }
    }

    /** The FIB's routes (see {@link #fib}), most specific first, for display. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        index.forEach((network, length, i) -> fib(routesOf(bucketAt(i), network, length), all)); // sorted below
        all.sort(Comparator.comparingInt((Route r) -> r.length() == 0 ? 1 : 0)
                .thenComparingLong(r -> Integer.toUnsignedLong(r.network()))
                .thenComparingInt(Route::length));
        return all;
    }
}
