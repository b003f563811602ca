package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A session's prefixes whose best path changed and were not yet looked at for an UPDATE (its
 * MRAI running, or not yet Established): the world's numbers for them ({@link AttrTable#number})
 * in an array, in the order they came and as often as they came, sorted into prefix order only
 * when they are sent. The {@code TreeSet} of prefixes it replaces spent about 5 % of
 * {@code bench internet}'s CPU on an insertion (a tree walk, an entry) for each change of best
 * path and each session. Back to a small array once emptied, so a session holds room for few
 * numbers between its bursts.
 */
final class Pending {
    private static final int[] NONE = new int[0];
    private static final int SMALL = 16;

    private final AttrTable table;
    private int[] numbers = NONE;
    private int size;

    Pending(AttrTable table) {
        this.table = table;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Prefix p) {
        int n = table.number(p);
        if (n < 0) {
            n = table.register(p);
        }
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, Math.max(SMALL, size * 2));
        }
        numbers[size++] = n;
    }

    void addAll(List<Prefix> ps) {
        for (int i = 0, k = ps.size(); i < k; i++) {
            add(ps.get(i));
        }
    }

    /** Forgets {@code p} (each time it came). */
    void remove(Prefix p) {
        int n = table.number(p);
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (numbers[i] != n) {
                numbers[k++] = numbers[i];
            }
        }
        size = k;
    }

    void clear() {
        size = 0;
        if (numbers.length > SMALL) {
            numbers = NONE;
        }
    }

    /** The prefixes, each once, in prefix order (the world's copies; a new list). */
    List<Prefix> inOrder() {
        AttrTable.Sorted sorted = table.sorted();
        int[] rank = sorted.rank();
        int[] r = new int[size];
        for (int i = 0; i < size; i++) {
            r[i] = rank[numbers[i]];
        }
        Arrays.sort(r);
        int[] order = sorted.order();
        List<Prefix> out = new ArrayList<>(size);
        for (int i = 0; i < r.length; i++) {
            if (i == 0 || r[i] != r[i - 1]) {
                out.add(table.prefixAt(order[r[i]]));
            }
        }
        return out;
    }
}
