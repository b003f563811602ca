package dev.minternet.dns;

import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS cache on the simulated clock: RRsets live for their TTL (RFC 1035 3.2.1), negative
 * answers for min(SOA TTL, SOA MINIMUM) (RFC 2308 5). NXDOMAIN covers every type of a name
 * (RFC 2308 5: "the name does not exist"); NODATA covers one name and type. Records come back
 * with their remaining TTL, as a resolver would hand them on.
 */
final class DnsCache {
    /** What the cache knows about a name and type. */
    public enum Kind { POSITIVE, NXDOMAIN, NODATA }

    /** A cached answer: the records (a CNAME chain first, if any) or a negative answer with its SOA. */
    public record Hit(Kind kind, List<Record> records, SOARecord soa) {
        public int rcode() {
            return kind == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
        }
    }

    private record Key(Name name, int type) {
    }

    private static final class Entry {
        final Kind kind;
        final List<Record> records;
        final SOARecord soa;
        final long stored;
        final long expires;
        /** Learned from a referral's authority or additional section (RFC 2181 5.4.1's lower ranks), not from an answer. */
        boolean glue;

        Entry(Kind kind, List<Record> records, SOARecord soa, long stored, long expires) {
            this.kind = kind;
            this.records = records;
            this.soa = soa;
            this.stored = stored;
            this.expires = expires;
        }
    }

    /** Type 0 is reserved (RFC 6895); we use it as the key of a name's NXDOMAIN entry. */
    private static final int NXDOMAIN_KEY = 0;
    /** RFC 8767 / common practice: cap TTLs at a week, as BIND's max-cache-ttl does. */
    static final long MAX_TTL = 604800;
    /** RFC 2308 5: negative TTLs are capped; BIND's max-ncache-ttl is 3 hours. */
    static final long MAX_NEGATIVE_TTL = 10800;
    /** CNAME chains longer than this are not followed inside the cache. */
    static final int MAX_CHAIN = 8;

    private final Map<Key, Entry> entries = new HashMap<>();
    private long hits;
    private long misses;

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public int size() {
        return entries.size();
    }

    /** Stores one RRset (all records share owner and type); its TTL is the smallest of theirs. */
    public void put(List<Record> rrset, long now) {
        if (rrset.isEmpty()) {
            return;
        }
        long ttl = MAX_TTL;
        for (Record r : rrset) {
            ttl = Math.min(ttl, r.getTTL());
        }
        Record first = rrset.get(0);
        Key k = new Key(first.getName(), first.getType());
        entries.put(k, new Entry(Kind.POSITIVE, List.copyOf(rrset), null, now, now + ttl * Durations.S));
        entries.remove(new Key(first.getName(), NXDOMAIN_KEY));
    }

    /**
     * Stores RRsets learned beside an answer, not as one: a referral's NS records and glue, the
     * addresses in an answer's additional section (RFC 2181 5.4.1 ranks them below answers).
     * They lead the resolver to servers but are not given to clients ({@link #lookup} passes
     * over them, as BIND asks the zone itself), and they do not replace an answer's data.
     */
    public void putGlue(List<Record> records, long now) {
        Map<Key, List<Record>> sets = new LinkedHashMap<>();
        for (Record r : records) {
            sets.computeIfAbsent(new Key(r.getName(), r.getType()), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Key, List<Record>> e : sets.entrySet()) {
            Entry have = live(e.getKey(), now);
            if (have != null && !have.glue && have.kind == Kind.POSITIVE) {
                continue;
            }
            put(e.getValue(), now);
            entries.get(e.getKey()).glue = true;
        }
    }

    /** Stores every RRset found in {@code records}, grouped by owner and type. */
    public void putAll(List<Record> records, long now) {
        Map<Key, List<Record>> sets = new LinkedHashMap<>();
        for (Record r : records) {
            if (r.getType() == Type.OPT) {
                continue;
            }
            sets.computeIfAbsent(new Key(r.getName(), r.getType()), k -> new ArrayList<>()).add(r);
        }
        for (List<Record> s : sets.values()) {
            put(s, now);
        }
    }

    /** Caches a negative answer: NXDOMAIN for every type of {@code name}, NODATA for {@code type} only. */
    public void putNegative(Name name, int type, boolean nxdomain, SOARecord soa, long now) {
        if (soa == null) {
            return; // RFC 2308 5: without an SOA, a negative answer is not cached.
        }
        long ttl = Math.min(Dns.negativeTtl(soa), MAX_NEGATIVE_TTL);
        Kind kind = nxdomain ? Kind.NXDOMAIN : Kind.NODATA;
        entries.put(new Key(name, nxdomain ? NXDOMAIN_KEY : type),
                new Entry(kind, List.of(), soa, now, now + ttl * Durations.S));
    }

    /** Caches what a full response says about its question (answers, then the negative part). */
    public void putResponse(Message m, long now) {
        if (m.getHeader().getFlag(Flags.TC)) {
            return; // A truncated answer is not the whole truth (RFC 2181 9): never cache it.
        }
        Record q = m.getQuestion();
        putAll(Dns.section(m, Section.ANSWER), now);
        if (q == null) {
            return;
        }
        Name last = q.getName();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c && c.getName().equals(last)) {
                last = c.getTarget();
            }
        }
        if (m.getRcode() == Rcode.NXDOMAIN) {
            putNegative(last, q.getType(), true, Dns.soaOf(m), now);
        } else if (m.getRcode() == Rcode.NOERROR && !hasRRset(m, last, q.getType())) {
            putNegative(last, q.getType(), false, Dns.soaOf(m), now);
        }
    }

    private static boolean hasRRset(Message m, Name name, int type) {
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r.getName().equals(name) && (r.getType() == type || type == Type.ANY)) {
                return true;
            }
        }
        return false;
    }

    /** The live RRset for exactly this name and type, with remaining TTLs, or null. */
    public List<Record> rrset(Name name, int type, long now) {
        Entry e = live(new Key(name, type), now);
        return e == null || e.kind != Kind.POSITIVE ? null : aged(e, now);
    }

    /**
     * What the cache can say about {@code name}/{@code type}, following CNAMEs it holds; null
     * when the answer (or the end of a chain) is not cached. Counts a hit or a miss.
     */
    public Hit lookup(Name name, int type, long now) {
        List<Record> chain = new ArrayList<>();
        Name cur = name;
        for (int i = 0; i <= MAX_CHAIN; i++) {
            Entry nx = live(new Key(cur, NXDOMAIN_KEY), now);
            if (nx != null) {
                hits++;
                return new Hit(Kind.NXDOMAIN, chain, (SOARecord) Dns.withTtl(nx.soa, remaining(nx, now)));
            }
            Entry e = live(new Key(cur, type), now);
            if (e != null && !e.glue) {
                hits++;
                if (e.kind == Kind.NODATA) {
                    return new Hit(Kind.NODATA, chain, (SOARecord) Dns.withTtl(e.soa, remaining(e, now)));
                }
                chain.addAll(aged(e, now));
                return new Hit(Kind.POSITIVE, chain, null);
            }
            Entry c = type == Type.CNAME ? null : live(new Key(cur, Type.CNAME), now);
            if (c == null || c.kind != Kind.POSITIVE) {
                break;
            }
            List<Record> cn = aged(c, now);
            chain.addAll(cn);
            cur = ((CNAMERecord) cn.get(0)).getTarget();
        }
        misses++;
        return null;
    }

    private Entry live(Key k, long now) {
        Entry e = entries.get(k);
        if (e != null && e.expires <= now) {
            entries.remove(k);
            return null;
        }
        return e;
    }

    private static long remaining(Entry e, long now) {
        return Math.max(0, (e.expires - now) / Durations.S);
    }

    private static List<Record> aged(Entry e, long now) {
        long ttl = remaining(e, now);
        List<Record> l = new ArrayList<>(e.records.size());
        for (Record r : e.records) {
            l.add(Dns.withTtl(r, ttl));
        }
        return l;
    }

    /** Forgets everything (a restart). */
    public void clear() {
        entries.clear();
    }
}
