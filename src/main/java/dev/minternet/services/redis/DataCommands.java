package dev.minternet.services.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands that read and write the keyspace: strings (t_string.c), key expiry (expire.c),
 * hashes (t_hash.c), lists (t_list.c), sets (t_set.c) and a few keyspace commands (db.c), with
 * Redis 7.0's replies and error wordings. Arity is checked before a command gets here.
 */
final class DataCommands {
    private final Keyspace ks;
    long hits;
    long misses;

    DataCommands(Keyspace ks) {
        this.ks = ks;
    }

    /** Runs the data command {@code name} (lower case), or returns null when it is not one. */
    Resp run(String name, List<byte[]> a) {
        switch (name) {
            case "get": return get(a);
            case "set": return set(a);
            case "del": return del(a);
            case "exists": return exists(a);
            case "expire": return expire(a, 1000, "expire");
            case "pexpire": return expire(a, 1, "pexpire");
            case "ttl": return ttl(a, true);
            case "pttl": return ttl(a, false);
            case "persist": return persist(a);
            case "type": return type(a);
            case "incr": return incrBy(a, 1);
            case "decr": return incrBy(a, -1);
            case "incrby": return incrByArg(a, false);
            case "decrby": return incrByArg(a, true);
            case "dbsize": return new Resp.Int(liveSize());
            case "keys": return keys(a);
            case "flushall": return flush(a, true);
            case "flushdb": return flush(a, false);
            case "hset": return hset(a);
            case "hget": return hget(a);
            case "hgetall": return hashParts(a, true, true);
            case "hdel": return hdel(a);
            case "lpush": return push(a, true);
            case "rpush": return push(a, false);
            case "lpop": return pop(a, true);
            case "rpop": return pop(a, false);
            case "lrange": return lrange(a);
            case "llen": return llen(a);
            case "sadd": return sadd(a);
            case "srem": return srem(a);
            case "smembers": return smembers(a);
            case "sismember": return sismember(a);
            case "mget": return mget(a);
            case "strlen": return strlen(a);
            case "hlen": return sizeOf(a, true);
            case "scard": return sizeOf(a, false);
            case "hexists": return hexists(a);
            case "hkeys": return hashParts(a, true, false);
            case "hvals": return hashParts(a, false, true);
            default: return null;
        }
    }

    private static String k(List<byte[]> a, int i) {
        return Keyspace.key(a.get(i));
    }

    private static String opt(List<byte[]> a, int i) {
        return k(a, i).toLowerCase(Locale.ROOT);
    }

    /** A read lookup, counted in keyspace_hits/keyspace_misses as lookupKeyRead does. */
    private Keyspace.Entry read(String key) {
        Keyspace.Entry e = ks.lookup(key);
        if (e == null) {
            misses++;
        } else {
            hits++;
        }
        return e;
    }

    /** string2ll: an optional '-', then digits without leading zeros, within 64 bits; null otherwise. */
    static Long parseLong(byte[] b) {
        if (b.length == 0 || b.length > 20) {
            return null;
        }
        String s = Keyspace.key(b);
        if (s.equals("0")) {
            return 0L;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i >= s.length() || s.charAt(i) < '1' || s.charAt(i) > '9') {
            return null;
        }
        for (int j = i; j < s.length(); j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ strings and keys

    private Resp get(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Null(false);
        }
        return e.value instanceof byte[] v ? new Resp.Bulk(v) : Commands.WRONGTYPE;
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]. */
    private Resp set(List<byte[]> a) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        String unit = null;
        byte[] expireArg = null;
        for (int j = 3; j < a.size(); j++) {
            String o = opt(a, j);
            boolean hasNext = j + 1 < a.size();
            if (o.equals("nx") && !xx) {
                nx = true;
            } else if (o.equals("xx") && !nx) {
                xx = true;
            } else if (o.equals("get")) {
                get = true;
            } else if (o.equals("keepttl") && unit == null) {
                keepTtl = true;
            } else if ((o.equals("ex") || o.equals("px") || o.equals("exat") || o.equals("pxat")) && !keepTtl
                    && unit == null && hasNext) {
                unit = o;
                expireArg = a.get(++j);
            } else {
                return Commands.SYNTAX;
            }
        }
        long expireAt = -1;
        if (unit != null) {
            Long n = parseLong(expireArg);
            if (n == null) {
                return Commands.NOT_INTEGER;
            }
            boolean seconds = unit.equals("ex") || unit.equals("exat");
            if (n <= 0 || (seconds && n > Long.MAX_VALUE / 1000)) {
                return invalidExpire("set");
            }
            long ms = seconds ? n * 1000 : n;
            if (unit.equals("ex") || unit.equals("px")) {
                if (ms > Long.MAX_VALUE - ks.now()) {
                    return invalidExpire("set");
                }
                ms += ks.now();
            }
            expireAt = ms;
        }
        String key = k(a, 1);
        Keyspace.Entry e = ks.lookup(key);
        Resp old = null;
        if (get) {
            if (e != null && !(e.value instanceof byte[])) {
                return Commands.WRONGTYPE;
            }
            old = e == null ? new Resp.Null(false) : new Resp.Bulk((byte[]) e.value);
        }
        if ((nx && e != null) || (xx && e == null)) {
            return get ? old : new Resp.Null(false);
        }
        if (e == null) {
            e = ks.create(key, a.get(2));
        } else {
            e.value = a.get(2);
            ks.resize(e);
        }
        if (!keepTtl) {
            ks.setExpire(e, expireAt);
        }
        return get ? old : Resp.OK;
    }

    private static Resp.Error invalidExpire(String cmd) {
        return new Resp.Error("ERR invalid expire time in '" + cmd + "' command");
    }

    private Resp del(List<byte[]> a) {
        int n = 0;
        for (int i = 1; i < a.size(); i++) {
            if (ks.delete(k(a, i))) {
                n++;
            }
        }
        return new Resp.Int(n);
    }

    private Resp exists(List<byte[]> a) {
        int n = 0;
        for (int i = 1; i < a.size(); i++) {
            if (ks.lookup(k(a, i)) != null) {
                n++;
            }
        }
        return new Resp.Int(n);
    }

    /** EXPIRE key seconds [NX | XX | GT | LT] (PEXPIRE in milliseconds). */
    private Resp expire(List<byte[]> a, long unitMs, String cmd) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int j = 3; j < a.size(); j++) {
            String o = opt(a, j);
            switch (o) {
                case "nx" -> nx = true;
                case "xx" -> xx = true;
                case "gt" -> gt = true;
                case "lt" -> lt = true;
                default -> {
                    return new Resp.Error("ERR Unsupported option " + k(a, j));
                }
            }
        }
        if (nx && (xx || gt || lt)) {
            return new Resp.Error("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            return new Resp.Error("ERR GT and LT options at the same time are not compatible");
        }
        Long when = parseLong(a.get(2));
        if (when == null) {
            return Commands.NOT_INTEGER;
        }
        if (unitMs == 1000 && (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000)) {
            return invalidExpire(cmd);
        }
        long ms = when * unitMs;
        long now = ks.now();
        if ((ms > 0 && ms > Long.MAX_VALUE - now) || (ms < 0 && ms < Long.MIN_VALUE + now)) {
            return invalidExpire(cmd);
        }
        long at = ms + now;
        Keyspace.Entry e = ks.lookup(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        long cur = e.expireAtMs;
        if ((nx && cur >= 0) || (xx && cur < 0) || (gt && (cur < 0 || at <= cur)) || (lt && cur >= 0 && at >= cur)) {
            return new Resp.Int(0);
        }
        if (at <= now) {
            ks.delete(e.key);
        } else {
            ks.setExpire(e, at);
        }
        return new Resp.Int(1);
    }

    private Resp ttl(List<byte[]> a, boolean seconds) {
        Keyspace.Entry e = ks.lookup(k(a, 1));
        if (e == null) {
            return new Resp.Int(-2);
        }
        if (e.expireAtMs < 0) {
            return new Resp.Int(-1);
        }
        long ttl = Math.max(0, e.expireAtMs - ks.now());
        return new Resp.Int(seconds ? (ttl + 500) / 1000 : ttl);
    }

    private Resp persist(List<byte[]> a) {
        Keyspace.Entry e = ks.lookup(k(a, 1));
        if (e == null || e.expireAtMs < 0) {
            return new Resp.Int(0);
        }
        ks.setExpire(e, -1);
        return new Resp.Int(1);
    }

    private Resp type(List<byte[]> a) {
        Keyspace.Entry e = ks.lookup(k(a, 1));
        Object v = e == null ? null : e.value;
        return new Resp.Simple(v == null ? "none" : v instanceof byte[] ? "string" : v instanceof Map ? "hash"
                : v instanceof List ? "list" : "set");
    }

    private Resp incrByArg(List<byte[]> a, boolean negate) {
        Long by = parseLong(a.get(2));
        if (by == null) {
            return Commands.NOT_INTEGER;
        }
        if (negate && by == Long.MIN_VALUE) {
            return new Resp.Error("ERR decrement would overflow");
        }
        return incrBy(a, negate ? -by : by);
    }

    private Resp incrBy(List<byte[]> a, long by) {
        String key = k(a, 1);
        Keyspace.Entry e = ks.lookup(key);
        long old = 0;
        if (e != null) {
            if (!(e.value instanceof byte[] v)) {
                return Commands.WRONGTYPE;
            }
            Long n = parseLong(v);
            if (n == null) {
                return Commands.NOT_INTEGER;
            }
            old = n;
        }
        if ((by < 0 && old < 0 && by < Long.MIN_VALUE - old) || (by > 0 && old > 0 && by > Long.MAX_VALUE - old)) {
            return new Resp.Error("ERR increment or decrement would overflow");
        }
        long now = old + by;
        byte[] text = Keyspace.bytes(Long.toString(now));
        if (e == null) {
            ks.create(key, text);
        } else {
            e.value = text;
            ks.resize(e);
        }
        return new Resp.Int(now);
    }

    private int liveSize() {
        ks.sweep();
        return ks.size();
    }

    private Resp keys(List<byte[]> a) {
        String pattern = k(a, 1);
        List<byte[]> out = new ArrayList<>();
        for (String key : ks.keys()) {
            if (Glob.matches(pattern, key)) {
                out.add(Keyspace.bytes(key));
            }
        }
        return Resp.bulks(out);
    }

    /** FLUSHALL (every database) or FLUSHDB (the selected one), with an optional SYNC or ASYNC. */
    private Resp flush(List<byte[]> a, boolean all) {
        if (a.size() > 2 || (a.size() == 2 && !opt(a, 1).equals("sync") && !opt(a, 1).equals("async"))) {
            return Commands.SYNTAX;
        }
        if (all) {
            ks.clear();
        } else {
            ks.clearDb();
        }
        return Resp.OK;
    }

    // ------------------------------------------------------------------ hashes

    @SuppressWarnings("unchecked")
    private static Map<String, byte[]> hash(Keyspace.Entry e) {
        return e.value instanceof Map<?, ?> m ? (Map<String, byte[]>) m : null;
    }

    private Resp hset(List<byte[]> a) {
        if (a.size() % 2 == 1) {
            return Commands.wrongArity(Commands.lookup("hset"));
        }
        String key = k(a, 1);
        Keyspace.Entry e = ks.lookup(key);
        if (e != null && hash(e) == null) {
            return Commands.WRONGTYPE;
        }
        if (e == null) {
            e = ks.create(key, new LinkedHashMap<String, byte[]>());
        }
        Map<String, byte[]> h = hash(e);
        int created = 0;
        for (int i = 2; i < a.size(); i += 2) {
            if (h.put(k(a, i), a.get(i + 1)) == null) {
                created++;
            }
        }
        ks.resize(e);
        return new Resp.Int(created);
    }

    private Resp hget(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Null(false);
        }
        Map<String, byte[]> h = hash(e);
        if (h == null) {
            return Commands.WRONGTYPE;
        }
        byte[] v = h.get(k(a, 2));
        return v == null ? new Resp.Null(false) : new Resp.Bulk(v);
    }

    private Resp hdel(List<byte[]> a) {
        Keyspace.Entry e = ks.lookup(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        Map<String, byte[]> h = hash(e);
        if (h == null) {
            return Commands.WRONGTYPE;
        }
        int n = 0;
        for (int i = 2; i < a.size(); i++) {
            if (h.remove(k(a, i)) != null) {
                n++;
            }
        }
        ks.dropIfEmpty(e);
        return new Resp.Int(n);
    }

    // ------------------------------------------------------------------ lists

    @SuppressWarnings("unchecked")
    private static List<byte[]> list(Keyspace.Entry e) {
        return e.value instanceof List<?> l ? (List<byte[]>) l : null;
    }

    private Resp push(List<byte[]> a, boolean head) {
        String key = k(a, 1);
        Keyspace.Entry e = ks.lookup(key);
        if (e != null && list(e) == null) {
            return Commands.WRONGTYPE;
        }
        if (e == null) {
            e = ks.create(key, new ArrayList<byte[]>());
        }
        List<byte[]> l = list(e);
        for (int i = 2; i < a.size(); i++) {
            if (head) {
                l.add(0, a.get(i));
            } else {
                l.add(a.get(i));
            }
        }
        ks.resize(e);
        return new Resp.Int(l.size());
    }

    private Resp pop(List<byte[]> a, boolean head) {
        if (a.size() > 3) {
            return Commands.wrongArity(Commands.lookup(head ? "lpop" : "rpop"));
        }
        long count = -1;
        if (a.size() == 3) {
            Long c = parseLong(a.get(2));
            if (c == null || c < 0) {
                return new Resp.Error("ERR value is out of range, must be positive");
            }
            count = c;
        }
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Null(count >= 0);
        }
        List<byte[]> l = list(e);
        if (l == null) {
            return Commands.WRONGTYPE;
        }
        if (count < 0) {
            byte[] v = head ? l.remove(0) : l.remove(l.size() - 1);
            ks.dropIfEmpty(e);
            return new Resp.Bulk(v);
        }
        List<byte[]> out = new ArrayList<>();
        while (count-- > 0 && !l.isEmpty()) {
            out.add(head ? l.remove(0) : l.remove(l.size() - 1));
        }
        ks.dropIfEmpty(e);
        return Resp.bulks(out);
    }

    private Resp lrange(List<byte[]> a) {
        Long start = parseLong(a.get(2));
        Long stop = parseLong(a.get(3));
        if (start == null || stop == null) {
            return Commands.NOT_INTEGER;
        }
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return Resp.bulks(List.of());
        }
        List<byte[]> l = list(e);
        if (l == null) {
            return Commands.WRONGTYPE;
        }
        long len = l.size();
        long s = start < 0 ? start + len : start;
        long t = stop < 0 ? stop + len : stop;
        if (s < 0) {
            s = 0;
        }
        if (s > t || s >= len) {
            return Resp.bulks(List.of());
        }
        if (t >= len) {
            t = len - 1;
        }
        return Resp.bulks(l.subList((int) s, (int) t + 1));
    }

    private Resp llen(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        List<byte[]> l = list(e);
        return l == null ? Commands.WRONGTYPE : new Resp.Int(l.size());
    }

    // ------------------------------------------------------------------ sets

    @SuppressWarnings("unchecked")
    private static LinkedHashSet<String> set(Keyspace.Entry e) {
        return e.value instanceof LinkedHashSet<?> s ? (LinkedHashSet<String>) s : null;
    }

    private Resp sadd(List<byte[]> a) {
        String key = k(a, 1);
        Keyspace.Entry e = ks.lookup(key);
        if (e != null && set(e) == null) {
            return Commands.WRONGTYPE;
        }
        if (e == null) {
            e = ks.create(key, new LinkedHashSet<String>());
        }
        int n = 0;
        for (int i = 2; i < a.size(); i++) {
            if (set(e).add(k(a, i))) {
                n++;
            }
        }
        ks.resize(e);
        return new Resp.Int(n);
    }

    private Resp srem(List<byte[]> a) {
        Keyspace.Entry e = ks.lookup(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        if (set(e) == null) {
            return Commands.WRONGTYPE;
        }
        int n = 0;
        for (int i = 2; i < a.size(); i++) {
            if (set(e).remove(k(a, i))) {
                n++;
            }
        }
        ks.dropIfEmpty(e);
        return new Resp.Int(n);
    }

    private Resp smembers(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        List<Resp> out = new ArrayList<>();
        if (e != null) {
            if (set(e) == null) {
                return Commands.WRONGTYPE;
            }
            for (String m : set(e)) {
                out.add(new Resp.Bulk(Keyspace.bytes(m)));
            }
        }
        return new Resp.Agg(Resp.Kind.SET, out);
    }

    private Resp sismember(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        return set(e) == null ? Commands.WRONGTYPE : new Resp.Int(set(e).contains(k(a, 2)) ? 1 : 0);
    }

    // ------------------------------------------------------------------ read-only extras (Redis 7.0's replies)

    /** MGET: each key's string, nil for a missing key or one of another type (no WRONGTYPE). */
    private Resp mget(List<byte[]> a) {
        List<Resp> out = new ArrayList<>();
        for (int j = 1; j < a.size(); j++) {
            Keyspace.Entry e = read(k(a, j));
            out.add(e != null && e.value instanceof byte[] v ? new Resp.Bulk(v) : new Resp.Null(false));
        }
        return Resp.array(out);
    }

    private Resp strlen(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        return e.value instanceof byte[] v ? new Resp.Int(v.length) : Commands.WRONGTYPE;
    }

    /** HLEN (hash) or SCARD (set): 0 for a missing key. */
    private Resp sizeOf(List<byte[]> a, boolean hash) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        Integer n = hash ? (hash(e) == null ? null : hash(e).size()) : (set(e) == null ? null : set(e).size());
        return n == null ? Commands.WRONGTYPE : new Resp.Int(n);
    }

    private Resp hexists(List<byte[]> a) {
        Keyspace.Entry e = read(k(a, 1));
        if (e == null) {
            return new Resp.Int(0);
        }
        Map<String, byte[]> h = hash(e);
        return h == null ? Commands.WRONGTYPE : new Resp.Int(h.containsKey(k(a, 2)) ? 1 : 0);
    }

    /**
     * HGETALL (keys and values: a map under RESP3), HKEYS or HVALS (an array, also under RESP3);
     * empty for a missing key.
     */
    private Resp hashParts(List<byte[]> a, boolean keys, boolean values) {
        Keyspace.Entry e = read(k(a, 1));
        List<Resp> out = new ArrayList<>();
        if (e != null) {
            Map<String, byte[]> h = hash(e);
            if (h == null) {
                return Commands.WRONGTYPE;
            }
            for (Map.Entry<String, byte[]> f : h.entrySet()) {
                if (keys) {
                    out.add(new Resp.Bulk(Keyspace.bytes(f.getKey())));
                }
                if (values) {
                    out.add(new Resp.Bulk(f.getValue()));
                }
            }
        }
        return keys && values ? new Resp.Agg(Resp.Kind.MAP, out) : Resp.array(out);
    }
}
