package dev.minternet.services.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command table: each command's name, arity (Redis's convention: N exactly N words counting
 * the command, -N at least N) and whether it may grow memory (Redis's {@code denyoom} flag: refused
 * with OOM when eviction cannot get under {@code maxmemory}). Argument-count and unknown-command
 * errors are worded exactly as Redis 7.0 words them.
 */
final class Commands {
    /** One entry of the table. */
    record Spec(String name, int arity, boolean denyOom, boolean pubsubContext) {
        boolean arityOk(int argc) {
            return arity > 0 ? argc == arity : argc >= -arity;
        }
    }

    private static final Map<String, Spec> TABLE = new LinkedHashMap<>();

    private static void add(String name, int arity, boolean denyOom) {
        TABLE.put(name, new Spec(name, arity, denyOom, false));
    }

    static {
        // strings and keys
        add("get", 2, false);
        add("set", -3, true);
        add("del", -2, false);
        add("exists", -2, false);
        add("expire", -3, false);
        add("pexpire", -3, false);
        add("ttl", 2, false);
        add("pttl", 2, false);
        add("persist", 2, false);
        add("type", 2, false);
        add("incr", 2, true);
        add("decr", 2, true);
        add("incrby", 3, true);
        add("decrby", 3, true);
        add("dbsize", 1, false);
        add("keys", 2, false);
        add("flushall", -1, false);
        add("flushdb", -1, false);
        // hashes
        add("hset", -4, true);
        add("hget", 3, false);
        add("hgetall", 2, false);
        add("hdel", -3, false);
        // lists
        add("lpush", -3, true);
        add("rpush", -3, true);
        add("lpop", -2, false);
        add("rpop", -2, false);
        add("lrange", 4, false);
        add("llen", 2, false);
        // sets
        add("sadd", -3, true);
        add("srem", -3, false);
        add("smembers", 2, false);
        add("sismember", 3, false);
        add("mget", -2, false);
        add("strlen", 2, false);
        add("hlen", 2, false);
        add("scard", 2, false);
        add("hexists", 3, false);
        add("hkeys", 2, false);
        add("hvals", 2, false);
        // connection, pub/sub, server
        TABLE.put("ping", new Spec("ping", -1, false, true));
        add("echo", 2, false);
        add("hello", -1, false);
        add("select", 2, false);
        add("auth", -2, false);
        TABLE.put("quit", new Spec("quit", -1, false, true));
        TABLE.put("reset", new Spec("reset", 1, false, true));
        add("publish", 3, true);
        TABLE.put("subscribe", new Spec("subscribe", -2, false, true));
        TABLE.put("unsubscribe", new Spec("unsubscribe", -1, false, true));
        add("info", -1, false);
    }

    private Commands() {
    }

    /** The command named {@code word} (any case), or null. */
    static Spec lookup(String word) {
        return TABLE.get(word.toLowerCase(Locale.ROOT));
    }

    static Resp.Error wrongArity(Spec s) {
        return new Resp.Error("ERR wrong number of arguments for '" + s.name() + "' command");
    }

    /**
     * processCommand's message for an unknown command: the name and up to 128 characters of its
     * arguments, each quoted and followed by a space.
     */
    static Resp.Error unknown(List<byte[]> args) {
        StringBuilder a = new StringBuilder();
        for (int j = 1; j < args.size() && a.length() < 128; j++) {
            String s = Keyspace.key(args.get(j));
            int room = 128 - a.length();
            a.append('\'').append(s, 0, Math.min(s.length(), room)).append("' ");
        }
        String name = Keyspace.key(args.get(0));
        return new Resp.Error("ERR unknown command '" + (name.length() > 128 ? name.substring(0, 128) : name)
                + "', with args beginning with: " + a);
    }

    static final Resp.Error WRONGTYPE = new Resp.Error("WRONGTYPE Operation against a key holding the wrong kind of value");
    static final Resp.Error NOT_INTEGER = new Resp.Error("ERR value is not an integer or out of range");
    static final Resp.Error SYNTAX = new Resp.Error("ERR syntax error");
    static final Resp.Error OOM = new Resp.Error("OOM command not allowed when used memory > 'maxmemory'.");
}
