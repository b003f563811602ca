package dev.minternet.services.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.db.ConnectionPool;
import dev.minternet.services.db.DbEvents;
import dev.minternet.services.db.DbHarness;
import dev.minternet.testing.Traces;
import dev.minternet.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/users end to end: worker pool, connection pool, pgwire, H2, JSON. */
class ApiServerTest {
    static final long MS = 1_000_000L;

    record Response(long time, int status, String contentType, String body) {
    }

    DbHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    ApiServer api(int workers, int queue, int poolSize, long cpuNs) {
        WorkerPool pool = new WorkerPool(h.sim, h.trace, "app", "workers", workers, queue);
        return ApiServer.withUsersRoute(h.trace, "app", pool, new ConnectionPool(h.client, poolSize), cpuNs);
    }

    List<Response> get(ApiServer api, String method, String path, int times) {
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            api.handle(method, path, (status, type, body) ->
                    out.add(new Response(h.sim.now(), status, type, new String(body, StandardCharsets.UTF_8))));
        }
        h.sim.run();
        return out;
    }

    @Test
    void test_api_users_renders_the_seeded_rows_as_json() {
        h = new DbHarness(DbHarness.config(), MS);
        List<Response> r = get(api(4, -1, 2, MS), "GET", "/api/users", 1);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).status()).isEqualTo(200);
        assertThat(r.get(0).contentType()).isEqualTo("application/json");
        assertThat(r.get(0).body()).isEqualTo("[{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},"
                + "{\"id\":2,\"name\":\"Alan Turing\",\"email\":\"alan@example.com\"},"
                + "{\"id\":3,\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}]");
    }

    @Test
    void test_latency_is_cpu_plus_database_round_trip() {
        h = new DbHarness(DbHarness.config().withServiceTime(5 * MS, 0), MS);
        ApiServer api = api(4, -1, 2, 2 * MS);
        List<Response> first = get(api, "GET", "/api/users", 1);
        // 2 ms CPU, 2 ms startup round trip, 1 + 5 + 1 ms query
        assertThat(first.get(0).time()).isEqualTo(11 * MS);
        long t0 = h.sim.now();
        List<Response> second = get(api, "GET", "/api/users?page=1", 1);
        assertThat(second.get(0).time() - t0).isEqualTo(9 * MS); // pooled connection: no startup
    }

    @Test
    void test_one_worker_serialises_requests_including_their_database_time() {
        h = new DbHarness(DbHarness.config().withServiceTime(5 * MS, 0), MS);
        ApiServer api = api(1, -1, 4, 2 * MS);
        get(api, "GET", "/api/users", 1); // warm the pool
        long t0 = h.sim.now();
        List<Response> r = get(api, "GET", "/api/users", 3);
        List<Long> times = new ArrayList<>();
        for (Response x : r) {
            times.add(x.time() - t0);
        }
        // each request holds the only worker for 2 + 7 ms
        assertThat(times).containsExactly(9 * MS, 18 * MS, 27 * MS);
        assertThat(api.workers().maxQueueWaitNs()).isEqualTo(18 * MS);
    }

    @Test
    void test_database_bottleneck_shows_through_the_app() {
        h = new DbHarness(DbHarness.config().withServiceTime(5 * MS, 0).withExecutors(1), MS);
        ApiServer api = api(4, -1, 4, 0);
        get(api, "GET", "/api/users", 4); // warm four pooled connections
        long t0 = h.sim.now();
        List<Long> times = new ArrayList<>();
        for (Response x : get(api, "GET", "/api/users", 4)) {
            times.add(x.time() - t0);
        }
        // one database executor: 1 ms there, 5 ms each in turn, 1 ms back
        assertThat(times).containsExactly(7 * MS, 12 * MS, 17 * MS, 22 * MS);
        assertThat(h.server.maxQueueLength()).isEqualTo(3);
    }

    @Test
    void test_a_loaded_run_is_deterministic() {
        String first = loadedRunTrace();
        String second = loadedRunTrace();
        assertThat(second).isEqualTo(first);
        assertThat(first.lines().count()).isGreaterThan(400);
        List<TraceEvent> read = Traces.parse(first);
        assertThat(read).anyMatch(e -> e.is(AppEvents.RESPONSE) && e.num(AppEvents.STATUS) == 200)
                .anyMatch(e -> e.is(DbEvents.QUERY_DONE));
    }

    private String loadedRunTrace() {
        try (DbHarness x = new DbHarness(DbHarness.config().withServiceTime(2 * MS, 10_000).withExecutors(2), MS, 50, 512)) {
            h = x;
            ApiServer api = api(8, 20, 4, MS);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                x.sim.schedule(i * 300_000L, () -> api.handle("GET", "/api/users", (status, type, body) -> { }));
            }
            x.sim.run();
            for (var e : x.events) {
                sb.append(e).append('\n');
            }
            h = null;
            return sb.toString();
        }
    }

    @Test
    void test_errors_not_found_method_busy_and_database() {
        h = new DbHarness(DbHarness.config(), MS);
        ApiServer api = api(1, 0, 1, MS);
        assertThat(get(api, "GET", "/nope", 1).get(0).status()).isEqualTo(404);
        Response post = get(api, "POST", "/api/users", 1).get(0);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.body()).isEqualTo("{\"error\":\"method not allowed\",\"detail\":\"POST\"}");
        List<Response> two = get(api, "GET", "/api/users", 2);
        assertThat(two.get(0).status()).isEqualTo(503); // the second, rejected at once
        assertThat(two.get(1).status()).isEqualTo(200);

        api.addQueryRoute("/api/broken", "SELECT * FROM missing_table");
        Response broken = get(api, "GET", "/api/broken", 1).get(0);
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.body()).startsWith("{\"error\":\"database error\",\"code\":\"42P01\",\"message\":");
    }

    @Test
    void test_json_types_nulls_and_escapes() {
        h = new DbHarness(DbHarness.config(), MS);
        ApiServer api = api(1, -1, 1, 0);
        api.addQueryRoute("/api/types", "SELECT 1 AS i, CAST(2.50 AS NUMERIC(5,2)) AS n, TRUE AS b, CAST(NULL AS VARCHAR) AS z,"
                + " 'say \"hi\"\n\\' AS s, CAST('NaN' AS DOUBLE PRECISION) AS nan");
        assertThat(get(api, "GET", "/api/types", 1).get(0).body())
                .isEqualTo("[{\"i\":1,\"n\":2.50,\"b\":true,\"z\":null,\"s\":\"say \\\"hi\\\"\\n\\\\\",\"nan\":\"NaN\"}]");
    }
}
