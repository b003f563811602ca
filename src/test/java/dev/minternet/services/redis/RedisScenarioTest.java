package dev.minternet.services.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.services.app.CacheEvents;
import dev.minternet.services.db.DbEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis on simulated TCP: redis-cli's output (the forms redis-cli 7.0.15 prints, on a terminal
 * and with --raw), the application server's cache-aside (a miss, then a hit that skips the
 * database), eviction, and tshark's RESP dissector reading a capture of it all.
 */
class RedisScenarioTest {
    @TempDir
    Path dir;

    static String world(String services, String timeline) {
        return """
                name: redis-test
                seed: 3
                routing: global
                duration: 20s
                nodes:
                  - {name: a, kind: host}
                  - {name: r, kind: router}
                  - {name: app, kind: host, services: [{type: app, port: 8080, db: db:5432, cache: redis:6379, cache-ttl: 5s}]}
                  - {name: db, kind: host, services: [{type: db, seed: "builtin:default/seed.sql", query-time: 20ms}]}
                  - {name: redis, kind: host, services: [%s]}
                links:
                  - {a: a 10.0.1.2/24, b: r 10.0.1.1/24, delay: 1ms}
                  - {a: r 10.0.2.1/24, b: app 10.0.2.2/24, delay: 100us}
                  - {a: r 10.0.3.1/24, b: db 10.0.3.2/24, delay: 100us}
                  - {a: r 10.0.4.1/24, b: redis 10.0.4.2/24, delay: 100us}
                timeline:
                %s""".formatted(services, timeline);
    }

    static String cli(double at, String args) {
        return "  - {at: " + at + "s, on: a, run: \"redis-cli -h redis " + args.replace("\"", "\\\"") + "\"}\n";
    }

    /** (Redis 7.0's unknown-command error ends with a space after the last quoted argument, and so does what redis-cli prints.) */
    @Test
    void redis_cli_prints_what_redis_cli_7_prints() {
        String t = cli(1, "SET user:1 alice") + cli(1.1, "GET user:1") + cli(1.2, "INCR counter")
                + cli(1.3, "EXPIRE user:1 100") + cli(1.4, "TTL user:1") + cli(1.5, "HSET cart:1 sku 42 qty 3")
                + cli(1.6, "HGETALL cart:1") + cli(1.7, "LPUSH queue a b c") + cli(1.8, "LRANGE queue 0 -1")
                + cli(1.9, "FOO bar") + cli(2.0, "LPUSH user:1 x") + cli(2.1, "GET nosuchkey") + cli(2.2, "PING")
                + cli(2.3, "--raw HGETALL cart:1") + cli(2.4, "--raw FOO bar") + cli(2.5, "--raw GET nosuchkey")
                + cli(2.6, "-3 HGETALL cart:1") + cli(2.7, "-3 SMEMBERS nosuchset") + cli(2.8, "-3 --raw HGETALL cart:1")
                + cli(2.9, "-p 6390 PING") + cli(3.0, "-h nosuch.invalid PING") + cli(3.1, "TTL nosuchkey")
                + cli(3.2, "SET k 'a\"b\tc'") + cli(3.3, "GET k");
        Runs.Result r = Runs.run(world("{type: redis}", t));
        assertThat(r.terminal("a")).containsExactly(
                "OK", "\"alice\"", "(integer) 1", "(integer) 1", "(integer) 100", "(integer) 2",
                "1) \"sku\"", "2) \"42\"", "3) \"qty\"", "4) \"3\"", "(integer) 3", "1) \"c\"", "2) \"b\"", "3) \"a\"",
                "(error) ERR unknown command 'FOO', with args beginning with: 'bar' ",
                "(error) WRONGTYPE Operation against a key holding the wrong kind of value", "(nil)", "PONG",
                "sku", "42", "qty", "3",
                "ERR unknown command 'FOO', with args beginning with: 'bar' ", "",
                "",
                "1# \"sku\" => \"42\"", "2# \"qty\" => \"3\"", "(empty set)", "sku 42", "qty 3",
                "Could not connect to Redis at redis:6390: Connection refused",
                "Could not connect to Redis at nosuch.invalid:6379: Name or service not known",
                "(integer) -2", "OK", "\"a\\\"b\\tc\"");
    }

    /**
     * redis-cli 7.0.15's options beyond the host and port, as its source does them: -a sends AUTH
     * first (a server without requirepass refuses the one-argument form; redis-cli prints "AUTH
     * failed: ..." and still runs the command), after the warning about a password on the command
     * line; -n sends SELECT (an index past 15 is refused, and printed); -r repeats with -i's pause after
     * each reply; -e prints an error reply's text alone and exits 1; --csv; -u takes a URI.
     */
    @Test
    void redis_cli_authenticates_selects_repeats_and_stops_on_errors_as_its_source_does() {
        String t = cli(1, "-a secret PING") + cli(1.1, "--no-auth-warning --user default -a x -n 0 PING")
                + cli(1.2, "-n 16 PING") + cli(1.3, "-r 3 -i 0.2 INCR n") + cli(2.0, "-e FOO bar")
                + cli(2.1, "--csv HGETALL cart") + cli(2.2, "--csv GET nosuchkey") + cli(2.3, "--csv FOO")
                + "  - {at: 2.4s, on: a, run: \"redis-cli -u redis://default:pw@redis:6379/0 -r 0 PING\"}\n"
                + "  - {at: 2.5s, on: a, run: \"redis-cli -u redis://redis/0 GET n\"}\n"
                + cli(0.5, "HSET cart sku 4 qty \"1 2\"");
        Runs.Result r = Runs.run(world("{type: redis}", t));
        assertThat(r.terminal("a")).containsExactly(
                "(integer) 2",
                "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.",
                "AUTH failed: ERR AUTH <password> called without any password configured for the default user."
                        + " Are you sure your configuration is correct?",
                "PONG",
                "PONG",
                "SELECT 16 failed: ERR DB index is out of range", "PONG",
                "(integer) 1", "(integer) 2", "(integer) 3",
                "ERR unknown command 'FOO', with args beginning with: 'bar' ",
                "\"sku\",\"4\",\"qty\",\"1 2\"", "NULL", "ERROR,\"ERR unknown command 'FOO', with args beginning with: \"",
                "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.",
                "\"3\"");
    }

    @Test
    void the_app_server_misses_then_hits_and_the_hit_skips_the_database() {
        String t = "  - {at: 1s, on: a, run: \"curl -s -o /dev/null -w '%{time_total}\\\\n' http://app:8080/api/users\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -s -o /dev/null -w '%{time_total}\\\\n' http://app:8080/api/users\"}\n"
                + "  - {at: 8s, on: a, run: \"curl -s -o /dev/null -w '%{time_total}\\\\n' http://app:8080/api/users\"}\n"
                + cli(9, "INFO stats");
        Runs.Result r = Runs.run(world("{type: redis}", t));
        List<TraceEvent> cache = r.events(e -> e.in(CacheEvents.CATALOG));
        assertThat(cache).extracting(TraceEvent::type).containsExactly(CacheEvents.MISS, CacheEvents.FILL, CacheEvents.HIT,
                CacheEvents.MISS, CacheEvents.FILL);
        assertThat(cache.get(2).get(CacheEvents.KEY)).isEqualTo("cache:/api/users");
        assertThat(cache.get(1).num(CacheEvents.TTL_S)).isEqualTo(5);
        // the database saw the first and the third request (after the 5 s TTL), not the hit
        assertThat(r.events(DbEvents.QUERY_DONE)).hasSize(2);
        List<String> out = r.terminal("a");
        double miss = Double.parseDouble(out.get(0));
        double hit = Double.parseDouble(out.get(1));
        assertThat(miss - hit).isGreaterThan(0.020); // the 20 ms query, saved
        assertThat(out).contains("keyspace_hits:1", "keyspace_misses:2", "expired_keys:1");
        assertThat(r.events(RedisEvents.COMMAND)).extracting(e -> e.get(RedisEvents.CMD))
                .containsExactly("GET", "SET", "GET", "GET", "SET", "INFO");
    }

    @Test
    void allkeys_lru_evicts_the_least_recently_used_key() {
        String v = "x".repeat(100);
        String t = cli(1, "SET k1 " + v) + cli(1.1, "SET k2 " + v) + cli(1.2, "GET k1") + cli(1.3, "SET k3 " + v)
                + cli(1.4, "SET k4 " + v) + cli(1.5, "--raw KEYS *") + cli(1.6, "-p 6380 SET a 1") + cli(1.7, "-p 6380 SET b 2")
                + cli(1.8, "-p 6380 GET a");
        Runs.Result r = Runs.run(world("{type: redis, maxmemory: 880400, maxmemory-policy: allkeys-lru},"
                + " {type: redis, port: 6380, maxmemory: 880050}", t));
        assertThat(r.events(RedisEvents.EVICT)).extracting(e -> e.get(RedisEvents.KEY)).containsExactly("k2", "k1");
        assertThat(r.terminal("a")).containsSubsequence("k3", "k4").contains(
                "(error) OOM command not allowed when used memory > 'maxmemory'.").endsWith("\"1\"");
    }

    @Test
    void the_example_shows_a_miss_then_a_hit_then_a_miss_after_the_ttl() throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.load(Path.of("examples", "redis-cache.yaml")), dir, false);
        List<String> client = r.terminal("client");
        double first = Double.parseDouble(client.get(0).replaceAll(".* ([0-9.]+)s$", "$1"));
        double second = Double.parseDouble(client.get(1).replaceAll(".* ([0-9.]+)s$", "$1"));
        assertThat(client.get(0)).startsWith("first  200 ");
        assertThat(client.get(1)).startsWith("second 200 ");
        assertThat(first - second).isGreaterThan(0.020); // the 20 ms query a hit does not make
        assertThat(client).contains("3) \"hello subscribers\"").last().asString().startsWith("expired 200 ");
        assertThat(r.events(e -> e.in(CacheEvents.CATALOG))).extracting(TraceEvent::type)
                .containsExactly(CacheEvents.MISS, CacheEvents.FILL, CacheEvents.HIT, CacheEvents.MISS, CacheEvents.FILL);
        assertThat(r.events(RedisEvents.EVICT)).extracting(e -> e.get(RedisEvents.KEY)).containsExactly("k2", "k1");
        assertThat(r.terminal("admin")).contains("(integer) 28", "keyspace_hits:2", "k3", "k4", "maxmemory_policy:allkeys-lru");
    }

    @Test
    void tshark_decodes_the_resp_traffic_without_malformed_packets() {
        Oracles.tshark();
        String t = "  - {at: 0.5s, on: redis, run: \"tcpdump -i eth0 -w redis.pcap\"}\n"
                + cli(1, "SET user:1 alice") + cli(1.1, "GET user:1") + cli(1.2, "HSET cart:1 sku 42 qty 3")
                + cli(1.3, "HGETALL cart:1") + cli(1.4, "FOO bar") + cli(1.5, "GET nosuchkey") + cli(1.6, "LPUSH q a b")
                + cli(1.7, "INCR n") + cli(1.8, "SUBSCRIBE news") + cli(2, "PUBLISH news hello");
        Runs.Result r = Runs.runIn(dir, world("{type: redis}", t));
        assertThat(r.terminal("a")).contains("\"alice\"");
        Path pcap = dir.resolve("redis.pcap");
        Tshark.assertClean(pcap);
        List<Map<String, String>> strings = Tshark.fields(pcap, "resp", "resp.string", "resp.error", "resp.integer");
        assertThat(strings).anyMatch(m -> m.get("resp.string").equals("OK"))
                .anyMatch(m -> m.get("resp.error").startsWith("ERR unknown command 'FOO'"))
                .anyMatch(m -> m.get("resp.integer").equals("2"));
        assertThat(Tshark.summaries(pcap, "resp")).anyMatch(s -> s.contains("Request: SET user:1 alice"))
                .anyMatch(s -> s.contains("Response: alice"));
    }
}
