package dev.minternet.services.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redis's sixteen databases (SELECT 0 to 15 per connection, keys apart in each, FLUSHDB, DBSIZE and
 * INFO keyspace per database, redis-cli -n) and redis-cli without a command, which reads its
 * commands from its input as the real one does when that is not a terminal: no prompt, one reply
 * after each line, sdssplitargs' quoting, the end of input ending it with status 0.
 */
class RedisDatabasesTest {
    private static final String WORLD = """
            name: redis-databases
            seed: 1
            routing: global
            duration: 20s
            nodes:
              - {name: admin, kind: host}
              - {name: redis, kind: host, services: [{type: redis, port: 6379}]}
            links:
              - {a: admin 10.0.2.2/24, b: redis 10.0.2.1/24, delay: 1ms}
            timeline:
            """;

    @Test
    void each_database_keeps_its_own_keys_and_redis_cli_reads_commands_from_its_input() {
        Runs.Result r = Runs.run(WORLD + """
                  - {at: 1s, on: admin, run: "redis-cli -h redis"}
                  - {at: 2s, on: admin, input: "SET k zero"}
                  - {at: 2.1s, on: admin, input: "SELECT 1"}
                  - {at: 2.2s, on: admin, input: "GET k"}
                  - {at: 2.3s, on: admin, input: "SET k \\"one two\\""}
                  - {at: 2.4s, on: admin, input: "DBSIZE"}
                  - {at: 2.5s, on: admin, input: "SELECT 16"}
                  - {at: 2.6s, on: admin, input: "SELECT 0"}
                  - {at: 2.7s, on: admin, input: "GET k"}
                  - {at: 2.8s, on: admin, input: "SET x \\"unbalanced"}
                  - {at: 2.9s, on: admin, input: "INFO keyspace"}
                  - {at: 3s, on: admin, input: "^D"}
                  - {at: 4s, on: admin, run: "redis-cli -h redis -n 1 GET k"}
                  - {at: 5s, on: admin, run: "redis-cli -h redis -n 1 FLUSHDB"}
                  - {at: 6s, on: admin, run: "redis-cli -h redis DBSIZE"}
                  - {at: 6.1s, on: admin, run: "redis-cli -h redis -n 1 DBSIZE"}
                  - {at: 7s, on: admin, run: "redis-cli -h redis -n 3 SET k three"}
                  - {at: 7.1s, on: admin, run: "redis-cli -h redis FLUSHALL"}
                  - {at: 7.2s, on: admin, run: "redis-cli -h redis -n 3 EXISTS k"}
                """);
        assertThat(r.terminal("admin")).containsExactly("OK", "OK", "(nil)", "OK", "(integer) 1",
                "(error) ERR DB index is out of range", "OK", "\"zero\"", "Invalid argument(s)",
                "# Keyspace", "db0:keys=1,expires=0,avg_ttl=0", "db1:keys=1,expires=0,avg_ttl=0",
                "\"one two\"", "OK", "(integer) 1", "(integer) 0", "OK", "OK", "(integer) 0");
        assertThat(r.events(e -> e.is(ToolEvents.EXIT)).stream().map(e -> e.num(ToolEvents.CODE)).toList())
                .containsOnly(0L);
    }

    /** No server: the real redis-cli says so when it starts and again for each command it reads, and exits 0. */
    @Test
    void without_a_server_each_command_read_is_refused_as_the_real_one_refuses_it() throws Exception {
        String cli = Oracles.require("redis-cli", "redis-tools").toString();
        Process p = new ProcessBuilder(cli, "-p", "1").redirectErrorStream(true).start();
        p.getOutputStream().write("PING\nSET a b\n\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String ours = CliTest.execWithInput("redis-cli -p 1\nPING\nSET a b\n\n", "shell").out();
        assertThat(ours).isEqualTo("laptop$ redis-cli -p 1\n" + real);
        assertThat(p.exitValue()).isZero();
        assertThat(List.of(real.split("\n"))).hasSize(3);
    }
}
