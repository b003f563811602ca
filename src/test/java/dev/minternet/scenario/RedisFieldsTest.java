package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.problemIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.AppServiceType.AppSpec;
import dev.minternet.scenario.RedisServiceType.RedisSpec;
import dev.minternet.services.redis.Keyspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: redis} and the app server's {@code cache:}: defaults and one-line errors at the field. */
class RedisFieldsTest {
    @TempDir
    Path dir;

    static final String HEAD = """
            name: w
            duration: 10s
            nodes:
              - {name: db, kind: host}
            """;

    Path write(String yaml) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    Scenario load(String yaml) throws Exception {
        return ScenarioLoader.load(write(yaml));
    }

    String problem(String yaml) throws Exception {
        return problemIn(write(yaml)).getMessage();
    }

    @Test
    void a_redis_service_reads_its_defaults_and_fields() throws Exception {
        Scenario s = load(HEAD + """
                  - name: r
                    kind: host
                    services:
                      - {type: redis}
                      - {type: redis, port: 6380, maxmemory: 2MiB, maxmemory-policy: allkeys-lru, maxmemory-samples: 10, command-time: 50us}
                  - {name: app, kind: host, services: [{type: app, db: db:5432, cache: r:6379, cache-ttl: 30s}]}
                """);
        RedisSpec d = (RedisSpec) s.nodes().get(1).services().get(0);
        assertThat(d.port()).isEqualTo(6379);
        assertThat(d.maxMemory()).isZero();
        assertThat(d.policy()).isEqualTo(Keyspace.Policy.NOEVICTION);
        assertThat(d.samples()).isEqualTo(5);
        assertThat(d.commandTimeNs()).isEqualTo(10_000);
        RedisSpec r = (RedisSpec) s.nodes().get(1).services().get(1);
        assertThat(r.maxMemory()).isEqualTo(2 * 1024 * 1024);
        assertThat(r.policy()).isEqualTo(Keyspace.Policy.ALLKEYS_LRU);
        assertThat(r.samples()).isEqualTo(10);
        assertThat(r.commandTimeNs()).isEqualTo(50_000);
        AppSpec app = (AppSpec) s.nodes().get(2).services().get(0);
        assertThat(app.cache().node()).isEqualTo("r");
        assertThat(app.cache().port()).isEqualTo(6379);
        assertThat(app.cacheTtlSeconds()).isEqualTo(30);
    }

    @Test
    void bad_fields_are_one_line_errors_at_their_path() throws Exception {
        assertThat(problem(HEAD + "  - {name: r, kind: host, services: [{type: redis, maxmemory-policy: lru}]}\n"))
                .contains(":5:").contains("nodes[1].services[0].maxmemory-policy: unknown value 'lru' (allowed: noeviction,"
                        + " allkeys-lru, allkeys-random, volatile-lru, volatile-random)");
        assertThat(problem(HEAD + "  - {name: r, kind: host, services: [{type: redis, maxmemory: 2mb}]}\n"))
                .contains("nodes[1].services[0].maxmemory:").contains("bits");
        assertThat(problem(HEAD + "  - {name: r, kind: host, services: [{type: redis, maxmemory-samples: 0}]}\n"))
                .contains("nodes[1].services[0].maxmemory-samples: expected an integer");
        assertThat(problem(HEAD + "  - {name: r, kind: host, services: [{type: redis, port: 70000}]}\n"))
                .contains("nodes[1].services[0].port:");
        assertThat(problem(HEAD + "  - {name: r, kind: host, services: [{type: redis, root: x}]}\n"))
                .contains("unknown field 'root'").contains("allowed: type, port, maxmemory, maxmemory-policy, maxmemory-samples,"
                        + " command-time");
        assertThat(problem(HEAD + "  - {name: a, kind: host, services: [{type: app, db: db:5432, cache: nobody:6379}]}\n"))
                .contains("nodes[1].services[0].cache: unknown node 'nobody'");
        assertThat(problem(HEAD + "  - {name: a, kind: host, services: [{type: app, db: db:5432, cache: db:6379, cache-ttl: 1500ms}]}\n"))
                .contains("nodes[1].services[0].cache-ttl: must be whole seconds");
        assertThat(problem(HEAD + "  - {name: a, kind: host, services: [{type: app, db: db:5432, cache: db:6379, cache-ttl: 0s}]}\n"))
                .contains("nodes[1].services[0].cache-ttl: must be greater than zero");
    }
}
