package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * One Loc-RIB entry: all paths to one prefix, newest first (as FRR lists them), and the best. Not
 * kept: the Loc-RIB holds its entries as rows by prefix number ({@link LocRib}), and this reads
 * and changes one row (two of them are equal when they are the same row of the same Loc-RIB). One
 * made before its entry was removed must not be used after.
 */
public final class RibEntry {
    /** The names of the deciding steps ({@link Decision#compare}), and none ({@code ""}) and the first path's. */
    private static final String[] REASONS = {"", "First path received", "Weight", "Local Pref", "Local Route", "AS Path",
        "Origin", "MED", "Peer Type", "IGP Metric", "Router ID", "Cluster length", "Peer IP"};
    private static final long MAX_VERSION = (1 << 28) - 1;

    private final LocRib rib;
    private final int n;
    final Prefix prefix;

    RibEntry(LocRib rib, int n, Prefix prefix) {
        this.rib = rib;
        this.n = n;
        this.prefix = prefix;
    }

    public Prefix prefix() {
        return prefix;
    }

    /** The paths, newest first (a read-only view). */
    public List<Path> paths() {
        return new View();
    }

    int size() {
        return rib.pathCount(n);
    }

    boolean isEmpty() {
        return rib.pathCount(n) == 0;
    }

    Path path(int i) {
        return rib.path(n, i);
    }

    /** Adds {@code p} as the newest path. */
    void addFirst(Path p) {
        rib.addFirst(n, p);
    }

    /** Removes the paths {@code drop} accepts; returns how many. */
    int removeIf(Predicate<Path> drop) {
        return rib.removeIf(n, drop);
    }

    /** Removes the path of session {@code s} (a session has one path per prefix); whether there was one. */
    boolean removeFrom(BgpSession s) {
        return rib.removeFrom(n, s);
    }

    @SuppressWarnings("unchecked")
    public Path best() {
        Object c = rib.chosen(n);
        return c == null ? null : c instanceof Path p ? p : ((List<Path>) c).get(0);
    }

    /** The best path and the equal paths installed with it, best first (one path without multipath). */
    @SuppressWarnings("unchecked")
    public List<Path> multipaths() {
        Object c = rib.chosen(n);
        return c == null ? List.of() : c instanceof Path p ? List.of(p) : (List<Path>) c;
    }

    /** Whether {@code p} is installed with the best as an equal path (FRR's {@code =} and "multipath"). */
    public boolean multipath(Path p) {
        return rib.chosen(n) instanceof List<?> l && l.contains(p);
    }

    /** Chooses the best path and the paths installed with it, best first ({@code mp} empty: none). */
    void choose(List<Path> mp) {
        rib.chosen(n, mp.isEmpty() ? null : mp.size() == 1 ? mp.get(0) : mp);
    }

    /*
     * The stamp: the table version of the best path's last change (above the low 4 bits; up to
     * 2^28 - 1, 268 million changes of best path on one router, then it stays there) and the index
     * in REASONS of the deciding step's name (the low 4 bits).
     */

    /** FRR's words for the step that chose the best path ("Local Pref", "AS Path", ...). */
    public String reason() {
        return REASONS[rib.stamp(n) & 0xF];
    }

    void reason(String r) {
        int i = 0;
        while (!REASONS[i].equals(r)) {
            i++; // past the end: a step with no name in REASONS, a bug
        }
        rib.stamp(n, rib.stamp(n) & ~0xF | i);
    }

    void version(long v) {
        rib.stamp(n, (int) Math.min(v, MAX_VERSION) << 4 | rib.stamp(n) & 0xF);
    }

    public long version() {
        return rib.stamp(n) >>> 4;
    }

    /** When the forwarding routes for this prefix last changed (simulated ns). */
    public long installedSinceNs() {
        return rib.since(n);
    }

    void installedSinceNs(long ns) {
        rib.since(n, ns);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RibEntry e && e.rib == rib && e.n == n;
    }

    @Override
    public int hashCode() {
        return n;
    }

    @Override
    public String toString() {
        return prefix.toString();
    }

    private final class View extends AbstractList<Path> implements RandomAccess {
        @Override
        public Path get(int i) {
            return path(i);
        }

        @Override
        public int size() {
            return RibEntry.this.size();
        }
    }
}
