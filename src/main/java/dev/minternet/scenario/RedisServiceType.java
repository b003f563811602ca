package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.redis.Keyspace;
import dev.minternet.services.redis.RedisServer;
import dev.minternet.units.Units;

/**
 * {@code type: redis}: a Redis server on port 6379 speaking RESP2 and RESP3, with
 * {@code maxmemory} (0: no limit; a size such as 2MB or 4MiB), {@code maxmemory-policy}
 * (noeviction, allkeys-lru, allkeys-random, volatile-lru, volatile-random), {@code
 * maxmemory-samples} (5) and {@code command-time}, the time each command takes on the server's
 * one thread (10us).
 */
final class RedisServiceType extends ServiceType<RedisServiceType.RedisSpec> {
    /** A Redis server. */
    record RedisSpec(int port, long maxMemory, Keyspace.Policy policy, int samples, long commandTimeNs, Loc loc)
            implements ServiceSpec {
    }

    RedisServiceType() {
        super("redis", RedisSpec.class, "port", "maxmemory", "maxmemory-policy", "maxmemory-samples", "command-time");
    }

    @Override
    RedisSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        int port = o.opt("port", 6379, Fields::port);
        long max = o.opt("maxmemory", 0L, x -> x.parse(Units::bytes));
        Keyspace.Policy policy = o.opt("maxmemory-policy", Keyspace.Policy.NOEVICTION, x -> x.choice(Keyspace.Policy.class));
        int samples = o.opt("maxmemory-samples", 5L, x -> x.integer(1, 64)).intValue();
        long cmd = o.opt("command-time", 10_000L, x -> x.parse(Units::durationNs));
        return new RedisSpec(port, max, policy, samples, cmd, o.loc());
    }

    @Override
    void start(RedisSpec r, Host on) {
        RedisServer.listen(on.node(), new RedisServer.Config(on.node().name(), r.port(), r.maxMemory(), r.policy(),
                r.samples(), r.commandTimeNs()));
    }

    /** The port, and the memory limit with its eviction policy (what decides which keys survive). */
    @Override
    String summary(RedisSpec r) {
        return "port " + r.port() + ", maxmemory " + (r.maxMemory() == 0 ? "0 (no limit)" : r.maxMemory() + " bytes")
                + " " + r.policy().text;
    }
}
