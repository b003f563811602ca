package dev.minternet.services.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The server's replies byte for byte, as Redis 7.0.15 sends them (each expected string was read
 * off a real redis-server's socket for the same command).
 */
class RedisServerTest {
    static final long MS = RedisHarness.MS;

    final RedisHarness h = new RedisHarness();
    final RedisHarness.Client c = h.client();

    @Test
    void strings_set_get_and_missing_keys() {
        assertThat(c.cmd("SET", "user:1", "alice")).isEqualTo("+OK\r\n");
        assertThat(c.cmd("GET", "user:1")).isEqualTo("$5\r\nalice\r\n");
        assertThat(c.cmd("GET", "nosuchkey")).isEqualTo("$-1\r\n");
        assertThat(c.cmd("DEL", "user:1", "nosuchkey")).isEqualTo(":1\r\n");
        assertThat(c.cmd("SET", "a", "1")).isEqualTo("+OK\r\n");
        assertThat(c.cmd("EXISTS", "a", "a", "b")).isEqualTo(":2\r\n");
        assertThat(c.cmd("TYPE", "a")).isEqualTo("+string\r\n");
    }

    /** MGET, STRLEN, HLEN, SCARD, HEXISTS, HKEYS, HVALS: the replies Redis 7.0 gives (MGET's nil for another type, not WRONGTYPE). */
    @Test
    void read_only_commands_beyond_get() {
        c.cmd("SET", "user:1", "alice");
        c.cmd("HSET", "cart:1", "sku", "42", "qty", "3");
        c.cmd("SADD", "tags", "x", "y");
        assertThat(c.cmd("MGET", "user:1", "nosuchkey", "cart:1")).isEqualTo("*3\r\n$5\r\nalice\r\n$-1\r\n$-1\r\n");
        assertThat(c.cmd("STRLEN", "user:1")).isEqualTo(":5\r\n");
        assertThat(c.cmd("STRLEN", "nosuchkey")).isEqualTo(":0\r\n");
        assertThat(c.cmd("STRLEN", "cart:1")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(c.cmd("HLEN", "cart:1")).isEqualTo(":2\r\n");
        assertThat(c.cmd("SCARD", "tags")).isEqualTo(":2\r\n");
        assertThat(c.cmd("SCARD", "user:1")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(c.cmd("HEXISTS", "cart:1", "qty")).isEqualTo(":1\r\n");
        assertThat(c.cmd("HEXISTS", "cart:1", "nope")).isEqualTo(":0\r\n");
        assertThat(c.cmd("HKEYS", "cart:1")).isEqualTo("*2\r\n$3\r\nsku\r\n$3\r\nqty\r\n");
        assertThat(c.cmd("HVALS", "nope")).isEqualTo("*0\r\n");
        assertThat(c.cmd("MGET")).isEqualTo("-ERR wrong number of arguments for 'mget' command\r\n");
    }

    @Test
    void errors_are_worded_as_redis_words_them() {
        assertThat(c.cmd("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(c.cmd("set")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
        assertThat(c.cmd("FOO", "bar")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n");
        assertThat(c.cmd("GETX")).isEqualTo("-ERR unknown command 'GETX', with args beginning with: \r\n");
        c.cmd("SET", "user:1", "alice");
        assertThat(c.cmd("LPUSH", "user:1", "x"))
                .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(c.cmd("INCR", "user:1")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.cmd("HSET", "h", "f")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
        assertThat(c.cmd("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
    }

    @Test
    void set_options_nx_xx_get_keepttl_and_their_errors() {
        assertThat(c.cmd("SET", "q", "x", "EX", "100", "NX")).isEqualTo("+OK\r\n");
        assertThat(c.cmd("SET", "q", "y", "NX")).isEqualTo("$-1\r\n");
        assertThat(c.cmd("SET", "q", "y", "XX")).isEqualTo("+OK\r\n");
        assertThat(c.cmd("SET", "nq", "y", "XX")).isEqualTo("$-1\r\n");
        assertThat(c.cmd("SET", "q", "a", "GET")).isEqualTo("$1\r\ny\r\n");
        c.cmd("SET", "q", "b", "EX", "50");
        assertThat(c.cmd("SET", "q", "c", "KEEPTTL")).isEqualTo("+OK\r\n");
        assertThat(c.cmd("TTL", "q")).isEqualTo(":50\r\n");
        assertThat(c.cmd("SET", "q", "d")).isEqualTo("+OK\r\n");
        assertThat(c.cmd("TTL", "q")).isEqualTo(":-1\r\n");
        assertThat(c.cmd("SET", "a", "1", "EX", "0")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(c.cmd("SET", "a", "1", "EX", "-5")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(c.cmd("SET", "a", "1", "EX", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.cmd("SET", "a", "1", "NX", "XX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.cmd("SET", "a", "1", "PX", "100", "EX", "3")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.cmd("SET", "a", "1", "EX", "9999999999999999")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
    }

    @Test
    void expiry_follows_simulated_time() {
        c.cmd("SET", "k", "v", "PX", "1500");
        assertThat(c.cmd("PTTL", "k")).isEqualTo(":1498\r\n"); // 2 ms of the round trip have passed
        assertThat(c.cmd("TTL", "k")).isEqualTo(":1\r\n");
        h.sim.runUntil(h.sim.now() + 1500 * MS);
        assertThat(c.cmd("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(c.cmd("TTL", "k")).isEqualTo(":-2\r\n");
        assertThat(c.cmd("PTTL", "nokey")).isEqualTo(":-2\r\n");
        c.cmd("SET", "a", "1");
        assertThat(c.cmd("EXPIRE", "a", "10")).isEqualTo(":1\r\n");
        assertThat(c.cmd("TTL", "a")).isEqualTo(":10\r\n");
        assertThat(c.cmd("PERSIST", "a")).isEqualTo(":1\r\n");
        assertThat(c.cmd("EXPIRE", "a", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.cmd("EXPIRE", "a", "0")).isEqualTo(":1\r\n");
        assertThat(c.cmd("EXISTS", "a")).isEqualTo(":0\r\n");
        assertThat(c.cmd("EXPIRE", "a", "10")).isEqualTo(":0\r\n");
        assertThat(h.server.keyspace().expiredKeys()).isEqualTo(1);
    }

    @Test
    void counters_and_overflow() {
        assertThat(c.cmd("INCR", "n")).isEqualTo(":1\r\n");
        assertThat(c.cmd("INCRBY", "n", "41")).isEqualTo(":42\r\n");
        assertThat(c.cmd("DECR", "x")).isEqualTo(":-1\r\n");
        assertThat(c.cmd("DECRBY", "x", "5")).isEqualTo(":-6\r\n");
        assertThat(c.cmd("INCRBY", "n", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        c.cmd("SET", "big", "9223372036854775807");
        assertThat(c.cmd("INCR", "big")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        for (String bad : new String[] {"01", " 1", "1.5", "+1", "-0", ""}) {
            c.cmd("SET", "s", bad);
            assertThat(c.cmd("INCR", "s")).as(bad).isEqualTo("-ERR value is not an integer or out of range\r\n");
        }
    }

    @Test
    void hashes_lists_and_sets() {
        assertThat(c.cmd("HSET", "cart:1", "sku", "42", "qty", "3")).isEqualTo(":2\r\n");
        assertThat(c.cmd("HSET", "cart:1", "sku", "42", "qty", "3")).isEqualTo(":0\r\n");
        assertThat(c.cmd("HGET", "cart:1", "sku")).isEqualTo("$2\r\n42\r\n");
        assertThat(c.cmd("HGETALL", "cart:1")).isEqualTo("*4\r\n$3\r\nsku\r\n$2\r\n42\r\n$3\r\nqty\r\n$1\r\n3\r\n");
        assertThat(c.cmd("HDEL", "cart:1", "sku", "zz")).isEqualTo(":1\r\n");
        assertThat(c.cmd("HGETALL", "nope")).isEqualTo("*0\r\n");
        assertThat(c.cmd("LPUSH", "queue", "a", "b", "c")).isEqualTo(":3\r\n");
        assertThat(c.cmd("RPUSH", "queue", "d")).isEqualTo(":4\r\n");
        assertThat(c.cmd("LRANGE", "queue", "0", "-1")).isEqualTo("*4\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n");
        assertThat(c.cmd("LPOP", "queue")).isEqualTo("$1\r\nc\r\n");
        assertThat(c.cmd("RPOP", "queue")).isEqualTo("$1\r\nd\r\n");
        assertThat(c.cmd("LLEN", "queue")).isEqualTo(":2\r\n");
        assertThat(c.cmd("LPOP", "queue", "5")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\na\r\n");
        assertThat(c.cmd("EXISTS", "queue")).isEqualTo(":0\r\n"); // an emptied list is deleted
        assertThat(c.cmd("LPOP", "nolist", "2")).isEqualTo("*-1\r\n");
        assertThat(c.cmd("LPOP", "l", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(c.cmd("LRANGE", "l", "a", "b")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.cmd("SADD", "st", "x", "y", "x")).isEqualTo(":2\r\n");
        assertThat(c.cmd("SISMEMBER", "st", "x")).isEqualTo(":1\r\n");
        assertThat(c.cmd("SREM", "st", "x", "q")).isEqualTo(":1\r\n");
        assertThat(c.cmd("SMEMBERS", "st")).isEqualTo("*1\r\n$1\r\ny\r\n");
        assertThat(c.cmd("GET", "st")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void hello_3_switches_to_resp3_types() {
        String hello = c.cmd("HELLO", "3");
        assertThat(hello).isEqualTo("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
                + "$2\r\nid\r\n:3\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
        assertThat(c.cmd("GET", "nope")).isEqualTo("_\r\n");
        c.cmd("HSET", "h", "f", "v");
        assertThat(c.cmd("HGETALL", "h")).isEqualTo("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
        c.cmd("SADD", "s", "m");
        assertThat(c.cmd("SMEMBERS", "s")).isEqualTo("~1\r\n$1\r\nm\r\n");
        assertThat(c.cmd("LPOP", "nolist", "2")).isEqualTo("_\r\n");
        assertThat(c.cmd("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(c.cmd("HELLO", "x")).isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
        assertThat(c.cmd("HELLO", "3", "AUTH")).isEqualTo("-ERR Syntax error in HELLO option 'AUTH'\r\n");
        assertThat(c.cmd("INFO", "keyspace")).isEqualTo("=48\r\ntxt:# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n\r\n");
    }

    @Test
    void publish_reaches_subscribers_as_arrays_in_resp2_and_pushes_in_resp3() {
        RedisHarness.Client sub2 = h.client();
        RedisHarness.Client sub3 = h.client();
        sub3.cmd("HELLO", "3");
        assertThat(sub2.cmd("SUBSCRIBE", "news")).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
        assertThat(sub3.cmd("SUBSCRIBE", "a", "news")).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
                + ">3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:2\r\n");
        assertThat(c.cmd("PUBLISH", "news", "hello")).isEqualTo(":2\r\n");
        assertThat(new String(sub2.received.toByteArray())).endsWith("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
        assertThat(new String(sub3.received.toByteArray())).endsWith(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
        assertThat(sub2.cmd("GET", "x")).isEqualTo("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING"
                + " / QUIT / RESET are allowed in this context\r\n");
        assertThat(sub2.cmd("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        assertThat(sub3.cmd("GET", "x")).isEqualTo("_\r\n"); // RESP3 allows commands while subscribed
        assertThat(sub3.cmd("UNSUBSCRIBE")).isEqualTo(">3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n"
                + ">3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:0\r\n");
        assertThat(c.cmd("PUBLISH", "news", "again")).isEqualTo(":1\r\n");
        assertThat(c.cmd("UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
    }

    @Test
    void inline_commands_and_protocol_errors() {
        assertThat(c.raw("\r\n\r\nPING\r\n")).isEqualTo("+PONG\r\n");
        assertThat(c.raw("SET \"a b\" 'c d'\r\nGET \"a b\"\r\n")).isEqualTo("+OK\r\n$3\r\nc d\r\n");
        RedisHarness.Client bad = h.client();
        assertThat(bad.raw("PING\r\n*1\r\n$x\r\n")).isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        RedisHarness.Client quotes = h.client();
        assertThat(quotes.raw("GET \"a b\r\n")).isEqualTo("-ERR Protocol error: unbalanced quotes in request\r\n");
    }

    @Test
    void pipelined_commands_in_pieces_are_answered_in_order() {
        String two = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nget\r\n$1\r\nk\r\n";
        StringBuilder got = new StringBuilder();
        for (char ch : two.toCharArray()) {
            c.socket.send(new byte[] {(byte) ch});
        }
        h.sim.run();
        got.append(new String(c.received.toByteArray()));
        assertThat(got.toString()).isEqualTo("+OK\r\n$1\r\nv\r\n");
    }

    @Test
    void info_reports_stats_and_memory() {
        c.cmd("SET", "k", "v");
        c.cmd("GET", "k");
        c.cmd("GET", "nope");
        Resp r = c.reply("INFO");
        String info = r instanceof Resp.Bulk b ? b.utf8() : "";
        assertThat(info).startsWith("# Server\r\nredis_version:7.0.15\r\n").contains("\r\n\r\n# Clients\r\nconnected_clients:1\r\n",
                "keyspace_hits:1\r\n", "keyspace_misses:1\r\n", "total_commands_processed:4\r\n",
                "maxmemory:0\r\nmaxmemory_human:0B\r\nmaxmemory_policy:noeviction\r\n", "db0:keys=1,expires=0,avg_ttl=0\r\n");
        assertThat(RedisServer.human(1681760)).isEqualTo("1.60M");
        assertThat(RedisServer.human(1023)).isEqualTo("1023B");
    }
}
