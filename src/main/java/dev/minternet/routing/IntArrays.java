package dev.minternet.routing;

import java.util.Arrays;
import java.util.HashMap;

/**
 * One array for each distinct content: callers keep the array {@link #intern} returns and share it
 * with every equal one (global routing's owners of each prefix, a BGP router's community sets, as
 * FRR interns its attributes). Callers never change an interned array.
 */
public final class IntArrays {
    private final HashMap<Key, int[]> seen = new HashMap<>();

    /** The array equal to {@code a} this interner saw first ({@code a} itself if none). */
    public int[] intern(int[] a) {
        return seen.computeIfAbsent(new Key(a), Key::values);
    }

    /** An int array as a key, by its values. */
    private record Key(int[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
