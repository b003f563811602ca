package dev.minternet.services.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Redis's database 0: keys holding strings, hashes, lists or sets, with expiry in simulated
 * milliseconds and {@code maxmemory} eviction.
 *
 * <p><b>Keys</b> are binary-safe: held as ISO-8859-1 strings (one char per byte). Hash fields
 * keep insertion order (as Redis's listpack encoding of small hashes does); set members keep
 * insertion order too, where Redis's hash table order depends on its per-process hash seed.
 *
 * <p><b>Expiry</b> is lazy, as in Redis's {@code expireIfNeeded}: a key whose deadline has
 * passed ({@code now > when}) is deleted when a command touches it, and {@link #sweep} removes
 * every expired key before INFO and eviction look at the keyspace. Redis also runs an active
 * expire cycle ten times a second; it is not run as timers here, so an idle world ends.
 *
 * <p><b>Memory</b> is modelled, not measured: {@link #usedMemory} is a fixed startup figure plus,
 * per key, an overhead and the bytes of its key and value (see {@link #BASE_BYTES},
 * {@link #KEY_OVERHEAD}). {@link #evict} follows evict.c: while used memory exceeds
 * {@code maxmemory}, an LRU policy samples {@code maxmemory-samples} keys at random (a seeded
 * stream), keeps the idlest candidates in a pool of {@value #POOL_SIZE} and evicts the idlest;
 * a random policy evicts a random key; {@code volatile-*} policies choose among keys with a TTL.
 * Idle time counts in milliseconds of simulated time (Redis's LRU clock ticks every second).
 */
public final class Keyspace {
    /** The eviction policies of {@code maxmemory-policy} that are modelled. */
    public enum Policy {
        NOEVICTION("noeviction"), ALLKEYS_LRU("allkeys-lru"), ALLKEYS_RANDOM("allkeys-random"),
        VOLATILE_LRU("volatile-lru"), VOLATILE_RANDOM("volatile-random");

        public final String text;

        Policy(String text) {
            this.text = text;
        }

        public static Policy parse(String s) {
            for (Policy p : values()) {
                if (p.text.equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown maxmemory-policy " + s);
        }

        boolean volatileOnly() {
            return this == VOLATILE_LRU || this == VOLATILE_RANDOM;
        }

        boolean lru() {
            return this == ALLKEYS_LRU || this == VOLATILE_LRU;
        }
    }

    /** used_memory of an empty server: about what Redis 7.0 reports as used_memory_startup on x86-64. */
    public static final long BASE_BYTES = 880_000;
    /** Modelled bytes per key besides its name and value (dictEntry, robj, expires entry, allocator slack). */
    public static final long KEY_OVERHEAD = 64;
    /** Modelled bytes per element of a hash, list or set besides its bytes. */
    static final long ELEMENT_OVERHEAD = 16;
    /** Redis's EVPOOL_SIZE. */
    static final int POOL_SIZE = 16;

    /** A key's value and bookkeeping. */
    static final class Entry {
        final String key;
        /** The database it is in (SELECT's index). */
        final int db;
        Object value; // byte[] | LinkedHashMap<String, byte[]> | List<byte[]> | LinkedHashSet<String>
        long expireAtMs = -1;
        long lruMs;
        long bytes;
        int allIndex = -1;
        int volatileIndex = -1;

        Entry(String key, int db) {
            this.key = key;
            this.db = db;
        }
    }

    private final LongSupplier nowMs;
    private final SplittableRandom random;
    /** Redis's default {@code databases}: SELECT takes 0 to 15. */
    public static final int DATABASES = 16;
    /** Each database's keys, made at its first key (most servers only ever use db 0). */
    @SuppressWarnings("unchecked")
    private final Map<String, Entry>[] dbs = new Map[DATABASES];
    /** The database the running command works on (its connection's SELECT). */
    private int db;
    private final List<Entry> all = new ArrayList<>();
    private final List<Entry> volatiles = new ArrayList<>();
    private final List<Entry> pool = new ArrayList<>(); // ascending idle time
    private long maxMemory;
    private Policy policy = Policy.NOEVICTION;
    private int samples = 5;
    private long dataBytes;
    private long expiredKeys;
    private long evictedKeys;

    /**
     * @param nowMs the simulated Unix time in milliseconds
     * @param random the seeded stream eviction samples from
     */
    public Keyspace(LongSupplier nowMs, SplittableRandom random) {
        this.nowMs = nowMs;
        this.random = random;
    }

    /** {@code maxmemory} in bytes (0: no limit), its policy and {@code maxmemory-samples}. */
    public void maxMemory(long bytes, Policy policy, int samples) {
        if (bytes < 0 || samples < 1) {
            throw new IllegalArgumentException("maxmemory and samples must be positive");
        }
        this.maxMemory = bytes;
        this.policy = policy;
        this.samples = samples;
    }

    public long maxMemory() {
        return maxMemory;
    }

    public Policy policy() {
        return policy;
    }

    long now() {
        return nowMs.getAsLong();
    }

    /** Makes database {@code index} (0 to {@link #DATABASES} - 1) the one the next commands work on. */
    void select(int index) {
        db = index;
    }

    private Map<String, Entry> map(int index) {
        if (dbs[index] == null) {
            dbs[index] = new LinkedHashMap<>();
        }
        return dbs[index];
    }

    static String key(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String k) {
        return k.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The live entry for {@code key} (deleting it first if expired), or null; touches its LRU clock. */
    Entry lookup(String key) {
        Entry e = dbs[db] == null ? null : dbs[db].get(key);
        if (e == null) {
            return null;
        }
        if (e.expireAtMs >= 0 && now() > e.expireAtMs) {
            remove(e);
            expiredKeys++;
            return null;
        }
        e.lruMs = now();
        return e;
    }

    /** A new entry for {@code key} (which must not exist) holding {@code value}. */
    Entry create(String key, Object value) {
        Entry e = new Entry(key, db);
        e.value = value;
        e.lruMs = now();
        map(db).put(key, e);
        e.allIndex = all.size();
        all.add(e);
        resize(e);
        return e;
    }

    /** Deletes {@code key} if it exists (and is live); true if it did. */
    boolean delete(String key) {
        Entry e = lookup(key);
        if (e == null) {
            return false;
        }
        remove(e);
        return true;
    }

    void setExpire(Entry e, long atMs) {
        e.expireAtMs = atMs;
        if (atMs >= 0 && e.volatileIndex < 0) {
            e.volatileIndex = volatiles.size();
            volatiles.add(e);
        } else if (atMs < 0 && e.volatileIndex >= 0) {
            unindex(volatiles, e, false);
        }
    }

    /** Recomputes {@code e}'s modelled size after its value changed. */
    void resize(Entry e) {
        long n = KEY_OVERHEAD + e.key.length() + valueBytes(e.value);
        dataBytes += n - e.bytes;
        e.bytes = n;
    }

    /** Deletes {@code e} when its aggregate became empty (Redis never keeps an empty hash, list or set). */
    void dropIfEmpty(Entry e) {
        Object v = e.value;
        boolean empty = v instanceof Map<?, ?> m ? m.isEmpty() : v instanceof Collection<?> c && c.isEmpty();
        if (empty) {
            remove(e);
        } else {
            resize(e);
        }
    }

    private static long valueBytes(Object v) {
        if (v instanceof byte[] b) {
            return b.length;
        }
        long n = 0;
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> x : m.entrySet()) {
                n += ((String) x.getKey()).length() + ((byte[]) x.getValue()).length + ELEMENT_OVERHEAD;
            }
        } else if (v instanceof List<?> l) {
            for (Object x : l) {
                n += ((byte[]) x).length + ELEMENT_OVERHEAD;
            }
        } else if (v instanceof Set<?> s) {
            for (Object x : s) {
                n += ((String) x).length() + ELEMENT_OVERHEAD;
            }
        }
        return n;
    }

    private void remove(Entry e) {
        dbs[e.db].remove(e.key);
        unindex(all, e, true);
        if (e.volatileIndex >= 0) {
            unindex(volatiles, e, false);
        }
        dataBytes -= e.bytes;
        e.bytes = 0;
    }

    private static void unindex(List<Entry> list, Entry e, boolean allList) {
        int i = allList ? e.allIndex : e.volatileIndex;
        Entry last = list.remove(list.size() - 1);
        if (last != e) {
            list.set(i, last);
            if (allList) {
                last.allIndex = i;
            } else {
                last.volatileIndex = i;
            }
        }
        if (allList) {
            e.allIndex = -1;
        } else {
            e.volatileIndex = -1;
        }
    }

    /** Deletes every key whose deadline has passed (counted in expired_keys). */
    public void sweep() {
        long now = now();
        for (Entry e : new ArrayList<>(volatiles)) {
            if (now > e.expireAtMs) {
                remove(e);
                expiredKeys++;
            }
        }
    }

    /** Deletes every key of the selected database (FLUSHDB). */
    void clearDb() {
        if (dbs[db] != null) {
            for (Entry e : new ArrayList<>(dbs[db].values())) {
                remove(e);
            }
        }
        pool.clear();
    }

    /** Deletes every key of every database (FLUSHALL). */
    void clear() {
        java.util.Arrays.fill(dbs, null);
        all.clear();
        volatiles.clear();
        pool.clear();
        dataBytes = 0;
    }

    /** The keys of the selected database. */
    public int size() {
        return size(db);
    }

    /** The keys of database {@code index}. */
    public int size(int index) {
        return dbs[index] == null ? 0 : dbs[index].size();
    }

    /** The keys with a deadline in database {@code index}. */
    public int volatileSize(int index) {
        int n = 0;
        for (Entry e : volatiles) {
            n += e.db == index ? 1 : 0;
        }
        return n;
    }

    /** Average remaining TTL in ms of database {@code index}'s keys with one (INFO keyspace's avg_ttl), 0 when none. */
    long averageTtlMs(int index) {
        long now = now();
        long sum = 0;
        int n = 0;
        for (Entry e : volatiles) {
            if (e.db == index) {
                sum += Math.max(0, e.expireAtMs - now);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The modelled used_memory. */
    public long usedMemory() {
        return BASE_BYTES + dataBytes;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    /** Every live key of the selected database, in creation order (KEYS *, tests). */
    List<String> keys() {
        sweep();
        return dbs[db] == null ? new ArrayList<>() : new ArrayList<>(dbs[db].keySet());
    }

    /**
     * Frees memory as {@code performEvictions} does; the evicted keys go to {@code evicted}.
     * Returns false when used memory still exceeds maxmemory (a write command then fails with OOM).
     */
    boolean evict(Consumer<String> evicted) {
        if (maxMemory == 0 || usedMemory() <= maxMemory) {
            return true;
        }
        sweep();
        while (usedMemory() > maxMemory) {
            if (policy == Policy.NOEVICTION) {
                return false;
            }
            List<Entry> from = policy.volatileOnly() ? volatiles : all;
            if (from.isEmpty()) {
                return false;
            }
            Entry victim = policy.lru() ? lruVictim(from) : from.get(random.nextInt(from.size()));
            if (victim == null) {
                return false;
            }
            remove(victim);
            evictedKeys++;
            evicted.accept(victim.key);
        }
        return true;
    }

    /** evictionPoolPopulate then the pick: sample, keep the idlest in the pool, take the idlest still alive. */
    private Entry lruVictim(List<Entry> from) {
        long now = now();
        for (int i = 0; i < samples; i++) {
            Entry s = from.get(random.nextInt(from.size()));
            if (pool.contains(s)) {
                continue;
            }
            long idle = now - s.lruMs;
            int at = 0;
            while (at < pool.size() && now - pool.get(at).lruMs < idle) {
                at++;
            }
            if (pool.size() >= POOL_SIZE) {
                if (at == 0) {
                    continue; // less idle than every candidate already pooled
                }
                pool.remove(0);
                at--;
            }
            pool.add(at, s);
        }
        while (!pool.isEmpty()) {
            Entry best = pool.remove(pool.size() - 1);
            if (dbs[best.db] != null && dbs[best.db].get(best.key) == best && (!policy.volatileOnly() || best.volatileIndex >= 0)) {
                return best;
            }
        }
        return null;
    }
}
