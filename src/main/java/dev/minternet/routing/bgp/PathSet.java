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
 * million entries have one), is held itself; two or more in an array of their own, in its first
 * {@code count} slots (an array rather than an ArrayList, whose 24-byte object every entry paid for).
 */
abstract class PathSet {
    /** Null (none), the one {@link Path}, or a {@code Path[]} of at least two slots. */
    private Object paths;
    private int count;

    /** The paths, newest first (a read-only view). */
    final List<Path> pathList() {
        return new View();
    }

    final int size() {
        return count;
    }

    final boolean isEmpty() {
        return count == 0;
    }

    final Path path(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return paths instanceof Path p ? p : ((Path[]) paths)[i];
    }

    /** Adds {@code p} as the newest path. */
    final void addFirst(Path p) {
        if (count == 0) {
            paths = p;
        } else if (count == 1 && paths instanceof Path only) {
            paths = new Path[] {p, only};
        } else {
            Path[] a = (Path[]) paths;
            if (count == a.length) {
                a = Arrays.copyOf(a, count + (count >> 1)); // most prefixes have one to three paths
                paths = a;
            }
            System.arraycopy(a, 0, a, 1, count);
            a[0] = p;
        }
        count++;
    }

    /** Removes the paths {@code drop} accepts; returns how many. */
    final int removeIf(Predicate<Path> drop) {
        if (count == 1) {
            return drop.test((Path) paths) ? clearOne() : 0;
        }
        if (count == 0) {
            return 0;
        }
        Path[] a = (Path[]) paths;
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (!drop.test(a[i])) {
                a[k++] = a[i];
            }
        }
        int removed = count - k;
        Arrays.fill(a, k, count, null);
        count = k;
        shrink();
        return removed;
    }

    /** Removes the path of session {@code s} (a session has one path per prefix); whether there was one. */
    final boolean removeFrom(BgpSession s) {
        if (count == 1) {
            return ((Path) paths).from == s && clearOne() == 1;
        }
        for (int i = 0; i < count; i++) {
            Path[] a = (Path[]) paths;
            if (a[i].from == s) {
                System.arraycopy(a, i + 1, a, i, count - i - 1);
                a[--count] = null;
                shrink();
                return true;
            }
        }
        return false;
    }

    private int clearOne() {
        paths = null;
        count = 0;
        return 1;
    }

    /** Down to one path or none: the array goes. */
    private void shrink() {
        if (count <= 1) {
            paths = count == 0 ? null : ((Path[]) paths)[0];
        }
    }

    private final class View extends AbstractList<Path> implements RandomAccess {
        @Override
        public Path get(int i) {
            return path(i);
        }

        @Override
        public int size() {
            return count;
        }
    }
}
