package dev.minternet.browser;

import dev.minternet.services.app.CacheEvents;
import dev.minternet.services.redis.RedisEvents;
import dev.minternet.trace.TraceEvent;
import java.util.List;

/**
 * The application server's cache-aside on a request's way: the GET to Redis and whether it hit
 * (the database is not asked) or missed (the database answers and the answer is stored with a
 * TTL), with the Redis commands as arrows between the application and the Redis node.
 */
final class CacheNarration implements NarrationPart {
    @Override
    public boolean follow(TraceEvent e, RequestWalk w) {
        if (w.at == null || !e.node().equals(w.at)) {
            return false;
        }
        if (e.is(CacheEvents.HIT)) {
            w.chain.add(e.node() + " cache hit in " + redisNode(w.story, e) + ": " + e.get(CacheEvents.KEY) + ", "
                    + Narrator.bytes(e.num(CacheEvents.BYTES)) + " in " + Narrator.ms(e.num(CacheEvents.LOOKUP_NS))
                    + " (the database is not asked" + saved(w.story, e) + ")");
            if (w.verbose) {
                w.explain.add("The application finds the answer in its Redis cache and skips the database.");
            }
            return true;
        }
        if (e.is(CacheEvents.MISS)) {
            String why = e.has(CacheEvents.ERROR) ? "cache error (" + e.get(CacheEvents.ERROR) + ")" : "cache miss";
            w.chain.add(e.node() + " " + why + " in " + redisNode(w.story, e) + ": " + e.get(CacheEvents.KEY) + " after "
                    + Narrator.ms(e.num(CacheEvents.LOOKUP_NS)) + ", asking the database");
            if (w.verbose) {
                w.explain.add("The application looks in its Redis cache first; the answer is not there, so the database is asked.");
            }
            return true;
        }
        if (e.is(CacheEvents.FILL)) {
            w.chain.add(e.node() + " stores the answer in " + redisNode(w.story, e) + " for " + e.num(CacheEvents.TTL_S) + " s ("
                    + Narrator.bytes(e.num(CacheEvents.BYTES)) + ")");
            return true;
        }
        return false;
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.is(RedisEvents.COMMAND)) {
            TraceEvent from = redisConnect(seq, e);
            if (from != null) {
                String client = seq.name(host(from.get(RedisEvents.FROM)));
                String key = e.get(RedisEvents.KEY);
                seq.arrow(e, client, e.node(), e.get(RedisEvents.CMD) + (key.isEmpty() ? "" : " " + key));
            }
        } else if (e.is(CacheEvents.HIT) || e.is(CacheEvents.MISS)) {
            seq.arrow(e, redisNode(seq.events, e), e.node(), e.is(CacheEvents.HIT)
                    ? "hit, " + e.num(CacheEvents.BYTES) + " B" : "miss");
        }
    }

    /**
     * What the hit saved: the time the last miss on the same key spent getting the answer from the
     * database (from the miss to the fill), as measured in this trace; empty when none was seen.
     */
    private static String saved(Story story, TraceEvent hit) {
        TraceEvent miss = null;
        long saved = -1;
        for (TraceEvent c : story.all) {
            if (c.time() > hit.time()) {
                break;
            }
            if (!c.node().equals(hit.node()) || !c.has(CacheEvents.KEY) || !c.get(CacheEvents.KEY).equals(hit.get(CacheEvents.KEY))) {
                continue;
            }
            if (c.is(CacheEvents.MISS)) {
                miss = c;
            } else if (c.is(CacheEvents.FILL) && miss != null) {
                saved = c.time() - miss.time();
            }
        }
        return saved < 0 ? "" : "; on the miss it took " + Narrator.ms(saved) + " to get the answer from it";
    }

    /** The Redis node that answered the lookup {@code e} reports: the last one that ran a command on its key before it. */
    private static String redisNode(Story story, TraceEvent e) {
        return redisNode(story.window, e);
    }

    private static String redisNode(List<TraceEvent> events, TraceEvent e) {
        String node = "redis";
        for (TraceEvent c : events) {
            if (c.time() > e.time()) {
                break;
            }
            if (c.is(RedisEvents.COMMAND) && sameKey(c.get(RedisEvents.KEY), e.get(CacheEvents.KEY))) {
                node = c.node();
            }
        }
        return node;
    }

    /** The connect event of the client that sent {@code command}, on the same Redis node. */
    private static TraceEvent redisConnect(Sequence seq, TraceEvent command) {
        TraceEvent found = null;
        for (TraceEvent c : seq.events) {
            if (c.time() > command.time()) {
                break;
            }
            if (c.is(RedisEvents.CONNECT) && c.node().equals(command.node())
                    && c.num(RedisEvents.CLIENT) == command.num(RedisEvents.CLIENT)) {
                found = c;
            }
        }
        return found;
    }

    /** Whether Redis's key field (clipped when long) names the cache's {@code key}. */
    private static boolean sameKey(String redisKey, String key) {
        return !redisKey.isEmpty() && key.startsWith(redisKey);
    }

    private static String host(String addressPort) {
        int colon = addressPort.lastIndexOf(':');
        return colon < 0 ? addressPort : addressPort.substring(0, colon);
    }
}
