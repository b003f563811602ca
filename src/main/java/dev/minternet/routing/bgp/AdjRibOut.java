package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.Arrays;

/**
 * A session's Adj-RIB-Out (RFC 4271 3.2): for each prefix announced to the peer and not withdrawn
 * since, the best path it was exported from. An array of those paths indexed by the world's number
 * for the prefix ({@link AttrTable#number}): 4 bytes a prefix of the world, where a session of a
 * generated internet announces most of them (the open-addressing table of prefixes and paths it
 * replaced took about 14 bytes a prefix announced, a {@code TreeMap} a 40-byte entry). Nothing
 * iterates it (lookups by prefix only), so the numbers' order never reaches an output.
 */
final class AdjRibOut {
    private static final BgpSpeaker.Path[] NONE = new BgpSpeaker.Path[0];

    private final AttrTable numbers;
    private BgpSpeaker.Path[] paths = NONE;
    private int size;

    AdjRibOut(AttrTable numbers) {
        this.numbers = numbers;
    }

    int size() {
        return size;
    }

    boolean containsKey(Prefix p) {
        return get(p) != null;
    }

    /** The path announced for {@code p}, or null. */
    BgpSpeaker.Path get(Prefix p) {
        int n = numbers.number(p);
        return n < 0 || n >= paths.length ? null : paths[n];
    }

    /** Records that {@code p} was announced from {@code path} (not null). */
    void put(Prefix p, BgpSpeaker.Path path) {
        int n = numbers.register(p);
        if (n >= paths.length) {
            paths = Arrays.copyOf(paths, Math.max(n + 1, Math.max(numbers.prefixes(), paths.length + (paths.length >> 2))));
        }
        if (paths[n] == null) {
            size++;
        }
        paths[n] = path;
    }

    /** Forgets {@code p} (withdrawn). */
    void remove(Prefix p) {
        int n = numbers.number(p);
        if (n >= 0 && n < paths.length && paths[n] != null) {
            paths[n] = null;
            size--;
        }
    }

    void clear() {
        paths = NONE;
        size = 0;
    }
}
