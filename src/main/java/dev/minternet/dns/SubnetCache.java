package dev.minternet.dns;

import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A resolver's cache of answers that an authoritative server scoped to a client subnet (RFC
 * 7871 section 7.3, Unbound's subnetcache module): an answer with SCOPE PREFIX-LENGTH {@code s}
 * for the query's address {@code a} serves only clients inside {@code a/s}, until its TTL runs
 * out. A lookup takes the most specific live entry that holds the client (a longer prefix wins).
 * Answers with scope 0 are for everyone and go to the ordinary cache instead.
 */
final class SubnetCache {
    private record Key(Name name, int type) {
    }

    private record Entry(int network, int prefix, List<Record> records, long stored, long expires) {
        boolean holds(int address) {
            return prefix == 0 || ((address ^ network) & (int) (0xffffffffL << (32 - prefix))) == 0;
        }
    }

    private final Map<Key, List<Entry>> entries = new HashMap<>();
    private long hits;

    /** Keeps {@code records} (the answer to {@code name}/{@code type}) for the clients in {@code address/scope}. */
    void put(Name name, int type, int address, int scope, List<Record> records, long now) {
        if (records.isEmpty()) {
            return;
        }
        long ttl = DnsCache.MAX_TTL;
        for (Record r : records) {
            ttl = Math.min(ttl, r.getTTL());
        }
        int network = scope == 0 ? 0 : address & (int) (0xffffffffL << (32 - scope));
        List<Entry> list = entries.computeIfAbsent(new Key(name, type), k -> new ArrayList<>());
        list.removeIf(e -> e.prefix == scope && e.network == network || e.expires <= now);
        list.add(new Entry(network, scope, List.copyOf(records), now, now + ttl * Durations.S));
    }

    /** The answer for a client at {@code address}, TTLs aged, or null. */
    List<Record> lookup(Name name, int type, int address, long now) {
        List<Entry> list = entries.get(new Key(name, type));
        if (list == null) {
            return null;
        }
        Entry best = null;
        for (Entry e : list) {
            if (e.expires > now && e.holds(address) && (best == null || e.prefix > best.prefix)) {
                best = e;
            }
        }
        if (best == null) {
            return null;
        }
        hits++;
        long age = (now - best.stored) / Durations.S;
        List<Record> out = new ArrayList<>(best.records.size());
        for (Record r : best.records) {
            out.add(Dns.withTtl(r, Math.max(0, r.getTTL() - age)));
        }
        return out;
    }

    /** The scope of the entry that would answer {@code address}, or -1. */
    int scope(Name name, int type, int address, long now) {
        List<Entry> list = entries.get(new Key(name, type));
        int best = -1;
        if (list != null) {
            for (Entry e : list) {
                if (e.expires > now && e.holds(address)) {
                    best = Math.max(best, e.prefix);
                }
            }
        }
        return best;
    }

    long hits() {
        return hits;
    }
}
