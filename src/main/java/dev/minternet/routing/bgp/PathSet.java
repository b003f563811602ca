package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpSpeaker.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * The paths to one prefix, newest first (as FRR lists them): what a Loc-RIB entry
 * ({@link BgpSpeaker.RibEntry}) holds. One path, the usual case (at 1,000 ASes most of the 2.2
 * million entries have one), is held itself; two or more in an array of exactly their number (an
 * array rather than an ArrayList, whose 24-byte object every entry paid for; no count kept beside
 * it: a new array when a path comes or goes, which costs less than the count's four bytes in every
 * entry, since most entries have one path and the rest a few).
 */
abstract class PathSet {
    /** Null (none), the one {@link Path}, or a {@code Path[]} of the two or more paths. */
    private Object paths;

    /** The paths, newest first (a read-only view). */
    final List<Path> pathList() {
        return new View();
    }

    final int size() {
        return paths == null ? 0 : paths instanceof Path ? 1 : ((Path[]) paths).length;
    }

    final boolean isEmpty() {
        return paths == null;
    }

    final Path path(int i) {
        if (paths instanceof Path p && i == 0) {
            return p;
        }
        if (paths instanceof Path[] a && i >= 0 && i < a.length) {
            return a[i];
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** Adds {@code p} as the newest path. */
    final void addFirst(Path p) {
        if (paths == null) {
            paths = p;
        } else if (paths instanceof Path only) {
            paths = new Path[] {p, only};
        } else {
            Path[] a = (Path[]) paths;
            Path[] n = new Path[a.length + 1];
            n[0] = p;
            System.arraycopy(a, 0, n, 1, a.length);
            paths = n;
        }
    }

    /** Removes the paths {@code drop} accepts; returns how many. */
    final int removeIf(Predicate<Path> drop) {
        if (paths == null) {
            return 0;
        }
        if (paths instanceof Path only) {
            if (!drop.test(only)) {
                return 0;
            }
            paths = null;
            return 1;
        }
        Path[] a = (Path[]) paths;
        Path[] kept = new Path[a.length];
        int k = 0;
        for (Path p : a) {
            if (!drop.test(p)) {
                kept[k++] = p;
            }
        }
        if (k < a.length) {
            keep(kept, k);
        }
        return a.length - k;
    }

    /** Removes the path of session {@code s} (a session has one path per prefix); whether there was one. */
    final boolean removeFrom(BgpSession s) {
        if (paths instanceof Path only) {
            if (only.from() != s) {
                return false;
            }
            paths = null;
            return true;
        }
        if (paths == null) {
            return false;
        }
        Path[] a = (Path[]) paths;
        for (int i = 0; i < a.length; i++) {
            if (a[i].from() == s) {
                Path[] n = new Path[a.length - 1];
                System.arraycopy(a, 0, n, 0, i);
                System.arraycopy(a, i + 1, n, i, a.length - i - 1);
                keep(n, n.length);
                return true;
            }
        }
        return false;
    }

    /** Holds the first {@code k} of {@code a}: nothing, one path itself, or an array of exactly k. */
    private void keep(Path[] a, int k) {
        paths = k == 0 ? null : k == 1 ? a[0] : k == a.length ? a : Arrays.copyOf(a, k);
    }

    private final class View extends AbstractList<Path> implements RandomAccess {
        @Override
        public Path get(int i) {
            return path(i);
        }

        @Override
        public int size() {
            return PathSet.this.size();
        }
    }
}
