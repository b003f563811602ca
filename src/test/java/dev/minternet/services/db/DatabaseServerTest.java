package dev.minternet.services.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.db.BackendMessage.Field;
import dev.minternet.sim.Simulator;
import dev.minternet.testing.Bytes;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamPipe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL server over an in-memory pipe: startup, queries on H2, errors, transactions, service time. */
class DatabaseServerTest {
    static final long MS = 1_000_000L;

    DbHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void test_startup_reports_parameters_and_backend_key() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        // StartupMessage at 0 arrives at 1 ms; the answer arrives at 2 ms
        assertThat(h.sim.now()).isEqualTo(2 * MS);
        assertThat(c.parameters()).containsEntry("server_version", DatabaseServer.DEFAULT_SERVER_VERSION)
                .containsEntry("client_encoding", "UTF8").containsEntry("DateStyle", "ISO, MDY")
                .containsEntry("integer_datetimes", "on").containsEntry("TimeZone", "UTC")
                .containsEntry("session_authorization", "api").containsEntry("application_name", "minternet-test");
        assertThat(c.processId()).isEqualTo(DatabaseServer.FIRST_PID);
        assertThat(c.transactionStatus()).isEqualTo('I');
        assertThat(h.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void test_select_returns_seeded_rows_with_pg_types() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        QueryResult r = h.query(c, "SELECT id, name, email FROM users ORDER BY id");
        assertThat(r.ok()).isTrue();
        StatementResult s = r.statements().get(0);
        assertThat(s.tag()).isEqualTo("SELECT 3");
        assertThat(s.columnNames()).containsExactly("id", "name", "email");
        assertThat(s.fields().get(0).typeOid()).isEqualTo(23);
        assertThat(s.fields().get(1).typeOid()).isEqualTo(1043);
        assertThat(s.fields().get(1).typeModifier()).isEqualTo(104); // varchar(100): 100 + 4
        assertThat(s.rows()).containsExactly(
                List.of("1", "Ada Lovelace", "ada@example.com"),
                List.of("2", "Alan Turing", "alan@example.com"),
                List.of("3", "Grace Hopper", "grace@example.com"));
    }

    @Test
    void test_text_formats_of_pg_types() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        QueryResult r = h.query(c, "SELECT TRUE AS b, CAST(7 AS BIGINT) AS i8, CAST(2 AS SMALLINT) AS i2,"
                + " CAST(12.50 AS NUMERIC(10,2)) AS n, CAST(1.5 AS DOUBLE PRECISION) AS f8, CAST(1e20 AS DOUBLE PRECISION) AS big,"
                + " DATE '2024-03-01' AS d, TIMESTAMP '2024-03-01 12:00:00' AS ts, TIMESTAMP '2024-03-01 12:00:00.25' AS tsf,"
                + " X'0102ff' AS bin, CAST(NULL AS INTEGER) AS nothing, 'text' AS t");
        assertThat(r.ok()).as("%s", r.error()).isTrue();
        StatementResult s = r.statements().get(0);
        assertThat(s.rows().get(0)).containsExactly("t", "7", "2", "12.50", "1.5", "1e+20", "2024-03-01", "2024-03-01 12:00:00",
                "2024-03-01 12:00:00.25", "\\x0102ff", null, "text");
        List<Integer> oids = new ArrayList<>();
        for (Field f : s.fields()) {
            oids.add(f.typeOid());
        }
        assertThat(oids).containsExactly(16, 20, 21, 1700, 701, 701, 1082, 1114, 1114, 17, 23, 1043);
        assertThat(s.fields().get(3).typeModifier()).isEqualTo(((10 << 16) | 2) + 4);
    }

    @Test
    void test_uuid_json_timestamptz_float4_text_formats() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        h.query(c, "CREATE TABLE x (c UUID, d JSON, e TIMESTAMP WITH TIME ZONE, f REAL, g TIME)");
        h.query(c, "INSERT INTO x VALUES ('123e4567-e89b-12d3-a456-426614174000', '{\"k\":1}' FORMAT JSON,"
                + " TIMESTAMP WITH TIME ZONE '2024-03-01 12:00:00+02', 1.25, TIME '08:05:00')");
        QueryResult r = h.query(c, "SELECT * FROM x");
        assertThat(r.rows()).containsExactly(List.of("123e4567-e89b-12d3-a456-426614174000", "{\"k\":1}",
                "2024-03-01 10:00:00+00", "1.25", "08:05:00"));
        assertThat(r.fields()).extracting(Field::typeOid).containsExactly(2950, 114, 1184, 700, 1083);
    }

    @Test
    void test_command_tags_for_writes_and_ddl() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        assertThat(h.query(c, "INSERT INTO users VALUES (4, 'Barbara Liskov', 'barbara@example.com'), (5, 'Edsger Dijkstra', NULL)")
                .statements().get(0).tag()).isEqualTo("INSERT 0 2");
        assertThat(h.query(c, "UPDATE users SET email = 'e@example.com' WHERE email IS NULL").statements().get(0).tag())
                .isEqualTo("UPDATE 1");
        assertThat(h.query(c, "DELETE FROM users WHERE id > 3").statements().get(0).tag()).isEqualTo("DELETE 2");
        assertThat(h.query(c, "CREATE TABLE t (x INT)").statements().get(0).tag()).isEqualTo("CREATE TABLE");
        assertThat(h.query(c, "CREATE UNIQUE INDEX tx ON t (x)").statements().get(0).tag()).isEqualTo("CREATE INDEX");
        assertThat(h.query(c, "DROP TABLE t").statements().get(0).tag()).isEqualTo("DROP TABLE");
        assertThat(h.query(c, "SELECT * FROM users WHERE id < 0").statements().get(0).tag()).isEqualTo("SELECT 0");
    }

    @Test
    void test_errors_map_to_pg_sqlstate() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        QueryResult missing = h.query(c, "SELECT * FROM nope");
        assertThat(missing.ok()).isFalse();
        assertThat(missing.error().severity()).isEqualTo("ERROR");
        assertThat(missing.error().code()).isEqualTo("42P01");
        assertThat(missing.error().message()).isEqualTo("relation \"nope\" does not exist");
        assertThat(h.query(c, "SELEC 1").error().code()).isEqualTo("42601");
        assertThat(h.query(c, "SELECT nosuch FROM users").error()).isEqualTo(new DbError("ERROR", "42703", "column \"nosuch\" does not exist"));
        assertThat(h.query(c, "INSERT INTO users VALUES (1, 'Dup', 'dup@example.com')").error().code()).isEqualTo("23505");
        assertThat(h.query(c, "INSERT INTO users VALUES (9, NULL, 'n@example.com')").error().code()).isEqualTo("23502");
        assertThat(h.query(c, "SELECT 1 / 0").error().code()).isEqualTo("22012");
        // the connection survives errors
        assertThat(h.query(c, "SELECT count(*) FROM users").rows()).containsExactly(List.of("3"));
        assertThat(c.transactionStatus()).isEqualTo('I');
    }

    @Test
    void test_clock_and_random_functions_are_refused() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        QueryResult r = h.query(c, "SELECT now()");
        assertThat(r.error().code()).isEqualTo("0A000");
        assertThat(r.error().message()).contains("NOW()");
        assertThat(h.query(c, "SELECT CURRENT_TIMESTAMP").error().code()).isEqualTo("0A000");
        assertThat(h.query(c, "SELECT random()").error().code()).isEqualTo("0A000");
        // inside a string it is just text
        assertThat(h.query(c, "SELECT 'now()' AS s").rows()).containsExactly(List.of("now()"));
    }

    @Test
    void test_clock_functions_follow_the_simulated_date_when_the_server_has_one() {
        Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
        List<String> seed = new ArrayList<>(DbHarness.SEED);
        seed.add("CREATE TABLE orders (id INT PRIMARY KEY, at TIMESTAMP WITH TIME ZONE)");
        seed.add("INSERT INTO orders VALUES (1, now())");
        h = new DbHarness(DatabaseServer.Config.of("db1", seed).withEpoch(epoch).withServiceTime(0, 0), MS);
        DbConnection c = h.connect();
        h.sim.runUntil(1_500_000_250L); // the query leaves at 1.5 s + 250 ns and starts 1 ms later
        QueryResult r = h.query(c, "INSERT INTO orders VALUES (2, CURRENT_TIMESTAMP(3));"
                + " SELECT now() AS a, CURRENT_DATE AS d, LOCALTIMESTAMP AS l, CURRENT_TIME AS t, 'now()' AS s");
        assertThat(r.ok()).as("%s", r.error()).isTrue();
        assertThat(r.rows()).containsExactly(List.of("2026-01-01 00:00:01.501+00", "2026-01-01",
                "2026-01-01 00:00:01.501", "00:00:01.501+00", "now()"));
        assertThat(h.query(c, "SELECT id, at FROM orders ORDER BY id").rows()).containsExactly(
                List.of("1", "2026-01-01 00:00:00+00"), List.of("2", "2026-01-01 00:00:01.501+00"));
        // a DEFAULT would be evaluated by H2's own clock later: refused
        assertThat(h.query(c, "CREATE TABLE t (at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)").error().code()).isEqualTo("0A000");
        assertThat(h.query(c, "SELECT random()").error().code()).isEqualTo("0A000");
    }

    @Test
    void test_multiple_statements_and_empty_query() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        QueryResult r = h.query(c, "SELECT 1 AS a; SELECT 'x;y' AS b; -- trailing comment");
        assertThat(r.statements()).hasSize(2);
        assertThat(r.statements().get(0).rows()).containsExactly(List.of("1"));
        assertThat(r.statements().get(1).rows()).containsExactly(List.of("x;y"));
        QueryResult empty = h.query(c, "  ;  -- nothing");
        assertThat(empty.isEmptyQuery()).isTrue();
        // an error in a multi-statement query rolls back the implicit transaction
        QueryResult failed = h.query(c, "INSERT INTO users VALUES (10, 'Ten', 'ten@example.com'); SELECT * FROM nope");
        assertThat(failed.statements()).hasSize(1);
        assertThat(failed.error().code()).isEqualTo("42P01");
        assertThat(h.query(c, "SELECT count(*) FROM users WHERE id = 10").rows()).containsExactly(List.of("0"));
    }

    @Test
    void test_transaction_block_status_and_failed_block() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        DbConnection other = h.connect();
        assertThat(h.query(c, "BEGIN").statements().get(0).tag()).isEqualTo("BEGIN");
        assertThat(c.transactionStatus()).isEqualTo('T');
        h.query(c, "INSERT INTO users VALUES (20, 'Tx', 'tx@example.com')");
        // not committed: the other session does not see it
        assertThat(h.query(other, "SELECT count(*) FROM users").rows()).containsExactly(List.of("3"));
        assertThat(h.query(c, "SELECT * FROM nope").error().code()).isEqualTo("42P01");
        assertThat(c.transactionStatus()).isEqualTo('E');
        assertThat(h.query(c, "SELECT 1").error().code()).isEqualTo("25P02");
        assertThat(h.query(c, "COMMIT").statements().get(0).tag()).isEqualTo("ROLLBACK");
        assertThat(c.transactionStatus()).isEqualTo('I');
        assertThat(h.query(other, "SELECT count(*) FROM users").rows()).containsExactly(List.of("3"));

        h.query(c, "BEGIN; INSERT INTO users VALUES (21, 'Committed', 'c@example.com'); COMMIT");
        assertThat(h.query(other, "SELECT name FROM users WHERE id = 21").rows()).containsExactly(List.of("Committed"));
    }

    @Test
    void test_lock_conflict_fails_at_once() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection a = h.connect();
        DbConnection b = h.connect();
        h.query(a, "BEGIN; UPDATE users SET name = 'A' WHERE id = 1");
        QueryResult r = h.query(b, "UPDATE users SET name = 'B' WHERE id = 1");
        assertThat(r.ok()).isFalse();
        assertThat(r.error().code()).isEqualTo("55P03");
        h.query(a, "ROLLBACK");
    }

    @Test
    void test_wrong_database_is_fatal_3D000() {
        h = new DbHarness(DbHarness.config().withDatabase("other"), MS);
        DatabaseClient wrong = new DatabaseClient(h.sim, null, "app", StreamConnector.of(() -> {
            StreamPipe p = DbHarness.pipe(h.sim, MS);
            h.server.accept(p.server());
            return p.client();
        }), "api", "app", null);
        DbError[] err = new DbError[1];
        wrong.connect(c -> {
            throw new AssertionError("should not connect");
        }, e -> err[0] = e);
        h.sim.run();
        assertThat(err[0].severity()).isEqualTo("FATAL");
        assertThat(err[0].code()).isEqualTo("3D000");
        assertThat(err[0].message()).isEqualTo("database \"app\" does not exist");
        assertThat(h.server.connectionCount()).isZero();
    }

    @Test
    void test_max_connections_refuses_one_more_with_53300() {
        h = new DbHarness(DbHarness.config().withMaxConnections(2), MS);
        DbConnection a = h.connect();
        h.connect();
        DbError[] err = new DbError[1];
        h.client.connect(c -> {
            throw new AssertionError("third connection accepted");
        }, e -> err[0] = e);
        h.sim.run();
        assertThat(err[0]).isEqualTo(new DbError("FATAL", "53300", "sorry, too many clients already"));
        a.close();
        h.sim.run();
        assertThat(h.connect().isIdle()).isTrue(); // a slot is free again
    }

    @Test
    void test_connect_time_delays_the_first_ready_for_query() {
        h = new DbHarness(DbHarness.config().withConnectTime(3 * MS), MS);
        h.connect();
        assertThat(h.sim.now()).isEqualTo(5 * MS);
    }

    @Test
    void test_ssl_request_is_answered_N_then_startup_proceeds() {
        h = new DbHarness(DbHarness.config(), MS);
        StreamPipe p = DbHarness.pipe(h.sim, MS);
        h.server.accept(p.server());
        BackendReader reader = new BackendReader();
        List<Object> got = new ArrayList<>();
        p.client().setHandler((s, data) -> {
            reader.feed(data);
            Object m;
            while ((m = reader.nextAny()) != null) {
                got.add(m);
            }
        });
        reader.expectEncryptionResponse();
        p.client().send(PgCodec.encode(new FrontendMessage.SslRequest()));
        h.sim.run();
        assertThat(got).containsExactly(new BackendReader.EncryptionResponse('N'));
        p.client().send(PgCodec.encode(FrontendMessage.Startup.v3(Map.of("user", "u", "database", "app"))));
        h.sim.run();
        assertThat(got.get(1)).isEqualTo(new BackendMessage.AuthenticationOk());
        assertThat(got.get(got.size() - 1)).isEqualTo(new BackendMessage.ReadyForQuery('I'));
    }

    /** A bare client of the harness's server on a pipe: each backend message it receives is added to {@code got}. */
    private StreamPipe rawClient(List<BackendMessage> got) {
        StreamPipe p = DbHarness.pipe(h.sim, MS);
        h.server.accept(p.server());
        BackendReader reader = new BackendReader();
        p.client().setHandler((s, data) -> {
            reader.feed(data);
            BackendMessage m;
            while ((m = reader.next()) != null) {
                got.add(m);
            }
        });
        return p;
    }

    @Test
    void test_extended_protocol_message_is_fatal_and_closes() {
        h = new DbHarness(DbHarness.config(), MS);
        List<BackendMessage> got = new ArrayList<>();
        StreamPipe p = rawClient(got);
        p.client().send(PgCodec.encode(FrontendMessage.Startup.v3(Map.of("user", "u", "database", "app"))));
        h.sim.run();
        assertThat(got.get(got.size() - 1)).isEqualTo(new BackendMessage.ReadyForQuery('I'));
        got.clear();
        p.client().send(Bytes.hex("50 00 00 00 08 00 00 00 00"));
        h.sim.run();
        assertThat(got).hasSize(1);
        assertThat(((BackendMessage.ErrorResponse) got.get(0)).code()).isEqualTo("0A000");
        assertThat(p.client().isInputShut()).isTrue();
    }

    @Test
    void test_garbage_after_startup_is_a_protocol_violation() {
        h = new DbHarness(DbHarness.config(), MS);
        List<BackendMessage> got = new ArrayList<>();
        StreamPipe p = rawClient(got);
        p.client().send(Bytes.hex("00 00 00 02"));
        h.sim.run();
        assertThat(((BackendMessage.ErrorResponse) got.get(0)).code()).isEqualTo("08P01");
        assertThat(((BackendMessage.ErrorResponse) got.get(0)).severity()).isEqualTo("FATAL");
    }

    @Test
    void test_random_garbage_never_escapes_as_an_exception() {
        h = new DbHarness(DbHarness.config(), MS);
        SplittableRandom rnd = new SplittableRandom(99);
        for (int round = 0; round < 200; round++) {
            StreamPipe p = DbHarness.pipe(h.sim, MS);
            h.server.accept(p.server());
            p.client().setHandler((s, data) -> { });
            if (round % 2 == 0) {
                p.client().send(PgCodec.encode(FrontendMessage.Startup.v3(Map.of("user", "u", "database", "app"))));
            }
            byte[] junk = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(junk);
            if (round % 3 == 0) {
                junk[0] = 'Q'; // a query with a random length and body
            }
            p.client().send(junk);
            p.client().close();
            h.sim.run();
        }
        assertThat(h.server.connectionCount()).isZero();
        // the server still works
        assertThat(h.query(h.connect(), "SELECT count(*) FROM users").rows()).containsExactly(List.of("3"));
    }

    // ------------------------------------------------------------ chunked delivery and flow control

    @Test
    void test_session_over_random_chunks_and_tiny_send_buffer_gives_same_rows() {
        h = new DbHarness(DbHarness.config(), MS, 7, 16);
        DbConnection c = h.connect();
        QueryResult ins = h.query(c, "INSERT INTO users SELECT x, 'user ' || x, 'u' || x || '@example.com' FROM SYSTEM_RANGE(4, 200) AS r(x)");
        assertThat(ins.ok()).as("%s", ins.error()).isTrue();
        assertThat(ins.statements().get(0).tag()).isEqualTo("INSERT 0 197");
        QueryResult r = h.query(c, "SELECT id, name, email FROM users ORDER BY id");
        assertThat(r.rows()).hasSize(200);
        assertThat(r.rows().get(0)).containsExactly("1", "Ada Lovelace", "ada@example.com");
        assertThat(r.rows().get(199)).containsExactly("200", "user 200", "u200@example.com");
    }

    @Test
    void test_pipelined_queries_on_one_connection_answer_in_order() {
        h = new DbHarness(DbHarness.config(), MS);
        DbConnection c = h.connect();
        List<String> order = new ArrayList<>();
        c.query("SELECT 'first' AS x", r -> order.add(r.rows().get(0).get(0)));
        c.query("SELECT 'second' AS x", r -> order.add(r.rows().get(0).get(0)));
        c.query("SELECT 'third' AS x", r -> order.add(r.rows().get(0).get(0)));
        h.sim.run();
        assertThat(order).containsExactly("first", "second", "third");
    }

    // ------------------------------------------------------------ service time

    @Test
    void test_idle_server_latency_is_round_trip_plus_service_time() {
        h = new DbHarness(DbHarness.config().withServiceTime(5 * MS, 0), MS);
        DbConnection c = h.connect();
        long t0 = h.sim.now();
        long[] done = new long[1];
        c.query("SELECT * FROM users", r -> done[0] = h.sim.now());
        h.sim.run();
        // 1 ms to the server, 5 ms of service, 1 ms back
        assertThat(done[0] - t0).isEqualTo(7 * MS);
    }

    @Test
    void test_per_row_time_adds_to_service_time() {
        h = new DbHarness(DbHarness.config().withServiceTime(2 * MS, 100_000), MS);
        DbConnection c = h.connect();
        long t0 = h.sim.now();
        long[] done = new long[1];
        c.query("SELECT * FROM users", r -> done[0] = h.sim.now());
        h.sim.run();
        // 3 rows x 0.1 ms
        assertThat(done[0] - t0).isEqualTo(MS + 2 * MS + 300_000 + MS);
    }

    @Test
    void test_saturated_server_queues_queries_fifo() {
        h = new DbHarness(DbHarness.config().withServiceTime(10 * MS, 0).withExecutors(2), MS);
        List<DbConnection> conns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            conns.add(h.connect());
        }
        long t0 = h.sim.now();
        long[] done = new long[5];
        for (int i = 0; i < 5; i++) {
            int k = i;
            conns.get(i).query("SELECT " + i, r -> done[k] = h.sim.now() - t0);
        }
        h.sim.run();
        // all arrive at +1 ms; 2 executors: served 1-11, 1-11, 11-21, 11-21, 21-31; answers 1 ms later
        assertThat(done).containsExactly(12 * MS, 12 * MS, 22 * MS, 22 * MS, 32 * MS);
        assertThat(h.server.maxQueueLength()).isEqualTo(3);
        assertThat(h.server.totalQueueWaitNs()).isEqualTo(10 * MS + 10 * MS + 20 * MS);
        assertThat(h.server.maxQueueWaitNs()).isEqualTo(20 * MS);
        assertThat(h.server.queries()).isEqualTo(5);
    }

    @Test
    void test_cancel_request_cancels_a_queued_query_not_one_in_service() {
        h = new DbHarness(DbHarness.config().withServiceTime(10 * MS, 0).withExecutors(1), MS);
        DbConnection a = h.connect();
        DbConnection b = h.connect();
        long t0 = h.sim.now();
        QueryResult[] r = new QueryResult[2];
        long[] t = new long[2];
        a.query("SELECT 'a' AS x", x -> {
            r[0] = x;
            t[0] = h.sim.now() - t0;
        });
        b.query("SELECT 'b' AS x", x -> {
            r[1] = x;
            t[1] = h.sim.now() - t0;
        });
        h.sim.runUntil(t0 + 2 * MS);
        h.client.cancel(b); // b waits for the only executor
        h.client.cancel(a); // a is in service: too late
        h.sim.run();
        assertThat(r[0].rows()).containsExactly(List.of("a"));
        assertThat(t[0]).isEqualTo(12 * MS);
        assertThat(r[1].error()).isEqualTo(new DbError("ERROR", "57014", "canceling statement due to user request"));
        assertThat(t[1]).isEqualTo(4 * MS); // cancel sent at 2 ms, arrives at 3, error back at 4
        assertThat(b.transactionStatus()).isEqualTo('I');
        assertThat(h.query(b, "SELECT 'b again' AS x").rows()).containsExactly(List.of("b again"));
        assertThat(h.server.connectionCount()).isEqualTo(2);
    }

    @Test
    void test_trace_records_queue_wait_and_service() {
        h = new DbHarness(DbHarness.config().withServiceTime(3 * MS, 0).withExecutors(1), MS);
        DbConnection a = h.connect();
        DbConnection b = h.connect();
        h.events.clear();
        a.query("SELECT 1", r -> { });
        b.query("SELECT 2", r -> { });
        h.sim.run();
        List<Long> waits = new ArrayList<>();
        h.events.stream().filter(e -> e.is(DbEvents.QUERY_START))
                .forEach(e -> waits.add(e.num(DbEvents.WAIT_NS)));
        assertThat(waits).containsExactly(0L, 3 * MS);
        assertThat(h.events.stream().filter(e -> e.is(DbEvents.QUERY_DONE)).map(e -> e.get(DbEvents.TAG)))
                .containsExactly("SELECT 1", "SELECT 1");
    }

    @Test
    void test_same_seed_same_backend_keys() {
        int[] k1 = keys();
        int[] k2 = keys();
        assertThat(k1).isEqualTo(k2);
    }

    private int[] keys() {
        try (DbHarness x = new DbHarness(DbHarness.config(), MS)) {
            return new int[] {x.connect().secretKey(), x.connect().secretKey()};
        }
    }

    @Test
    void test_client_ssl_request_then_plain_startup() {
        h = new DbHarness(DbHarness.config(), MS);
        h.client.requestSsl(true);
        DbConnection c = h.connect();
        // SSLRequest and its 'N' cost one more round trip: ready at 4 ms
        assertThat(h.sim.now()).isEqualTo(4 * MS);
        assertThat(h.query(c, "SELECT 1 AS one").rows()).containsExactly(List.of("1"));
    }

    @Test
    void test_two_runs_send_identical_bytes_at_identical_times() {
        List<PgTsharkTest.Sent> a = PgTsharkTest.session();
        List<PgTsharkTest.Sent> b = PgTsharkTest.session();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).time()).isEqualTo(a.get(i).time());
            assertThat(b.get(i).fromClient()).isEqualTo(a.get(i).fromClient());
            assertThat(b.get(i).data()).isEqualTo(a.get(i).data());
        }
    }

    @Test
    void test_seed_with_clock_function_is_rejected() {
        Simulator sim = new Simulator(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatabaseServer(sim, new Trace(sim),
                        DatabaseServer.Config.of("bad", List.of("CREATE TABLE t (at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CURRENT_TIMESTAMP");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatabaseServer(sim, null,
                        DatabaseServer.Config.of("bad", List.of("CREATE TABLE"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed SQL failed");
        assertThat(Arrays.asList(1, 2)).hasSize(2);
    }

    @Test
    void test_a_database_created_ahead_is_taken_by_its_server_and_answers_the_same() {
        Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
        List<String> seed = new ArrayList<>(DbHarness.SEED);
        seed.add("CREATE TABLE orders (id INT PRIMARY KEY, at TIMESTAMP WITH TIME ZONE)");
        seed.add("INSERT INTO orders VALUES (1, now())");
        List<List<Object>> answers = new ArrayList<>();
        for (boolean ahead : new boolean[] {false, true}) {
            if (ahead) {
                DatabaseServer.createAhead("db-ahead", seed, epoch).run();
            }
            h = new DbHarness(DatabaseServer.Config.of("db-ahead", seed).withEpoch(epoch).withServiceTime(0, 0), MS);
            DbConnection c = h.connect();
            answers.add(List.of(h.query(c, "SELECT id, at FROM orders ORDER BY id").rows(),
                    h.query(c, "SELECT * FROM users ORDER BY 1").rows()));
            h.close();
        }
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(answers.get(0).get(0)).isEqualTo(List.of(List.of("1", "2026-01-01 00:00:00+00")));
    }

    @Test
    void test_a_seed_that_failed_ahead_fails_the_same_in_its_server() {
        Simulator sim = new Simulator(1);
        List<String> seed = List.of("CREATE TABLE");
        DatabaseServer.createAhead("bad-ahead", seed, null).run();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatabaseServer(sim, null,
                        DatabaseServer.Config.of("bad-ahead", seed)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed SQL failed");
    }
}
