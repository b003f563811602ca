package dev.minternet.services.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client connection pool: reuse of idle connections, a size cap, FIFO waiters, broken connections dropped. */
class ConnectionPoolTest {
    static final long MS = 1_000_000L;

    DbHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void test_sequential_queries_reuse_one_connection() {
        h = new DbHarness(DbHarness.config().withServiceTime(MS, 0), MS);
        ConnectionPool pool = new ConnectionPool(h.client, 4);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            pool.query("SELECT name FROM users WHERE id = " + i, r -> names.add(r.rows().get(0).get(0)));
            h.sim.run();
        }
        assertThat(names).containsExactly("Ada Lovelace", "Alan Turing", "Grace Hopper");
        assertThat(pool.opened()).isEqualTo(1);
        assertThat(pool.acquisitions()).isEqualTo(3);
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(h.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void test_first_query_pays_for_the_startup_round_trip_then_not_again() {
        h = new DbHarness(DbHarness.config().withServiceTime(MS, 0), MS);
        ConnectionPool pool = new ConnectionPool(h.client, 1);
        long[] t = new long[2];
        pool.query("SELECT 1", r -> t[0] = h.sim.now());
        h.sim.run();
        long start = h.sim.now();
        pool.query("SELECT 1", r -> t[1] = h.sim.now() - start);
        h.sim.run();
        // startup round trip 2 ms, then 1 + 1 + 1 ms for the query
        assertThat(t[0]).isEqualTo(5 * MS);
        assertThat(t[1]).isEqualTo(3 * MS);
    }

    @Test
    void test_full_pool_makes_borrowers_wait_in_fifo_order() {
        h = new DbHarness(DbHarness.config().withServiceTime(10 * MS, 0).withExecutors(8), MS);
        ConnectionPool pool = new ConnectionPool(h.client, 2);
        List<String> order = new ArrayList<>();
        long[] done = new long[5];
        for (int i = 0; i < 5; i++) {
            int k = i;
            pool.query("SELECT " + i + " AS n", r -> {
                order.add(r.rows().get(0).get(0));
                done[k] = h.sim.now();
            });
        }
        assertThat(pool.waiting()).isEqualTo(5); // two connections starting, three borrowers beyond the cap
        h.sim.run();
        assertThat(order).containsExactly("0", "1", "2", "3", "4");
        assertThat(pool.opened()).isEqualTo(2);
        assertThat(pool.waits()).isEqualTo(3);
        assertThat(pool.maxWaiting()).isEqualTo(5);
        // connect 2 ms; each query 1 + 10 + 1 ms on one of two connections, in turn
        assertThat(done).containsExactly(14 * MS, 14 * MS, 26 * MS, 26 * MS, 38 * MS);
        assertThat(h.server.connectionCount()).isEqualTo(2);
    }

    @Test
    void test_borrower_gives_up_after_the_acquire_timeout() {
        h = new DbHarness(DbHarness.config().withServiceTime(50 * MS, 0), MS);
        ConnectionPool pool = new ConnectionPool(h.client, 1).setAcquireTimeout(20 * MS);
        QueryResult[] r = new QueryResult[2];
        long[] t = new long[2];
        pool.query("SELECT 1", x -> {
            r[0] = x;
            t[0] = h.sim.now();
        });
        pool.query("SELECT 2", x -> {
            r[1] = x;
            t[1] = h.sim.now();
        });
        h.sim.run();
        assertThat(r[0].ok()).isTrue();
        assertThat(t[0]).isEqualTo(54 * MS);
        assertThat(r[1].error().code()).isEqualTo(ConnectionPool.ACQUIRE_TIMEOUT);
        assertThat(t[1]).isEqualTo(20 * MS);
        assertThat(pool.timeouts()).isEqualTo(1);
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void test_broken_connection_is_dropped_and_replaced() {
        h = new DbHarness(DbHarness.config().withServiceTime(MS, 0), MS);
        ConnectionPool pool = new ConnectionPool(h.client, 1);
        pool.query("SELECT 1", r -> { });
        h.sim.run();
        assertThat(pool.opened()).isEqualTo(1);
        // the server side goes away (e.g. database restarted)
        h.pipes.get(0).reset();
        h.sim.run();
        QueryResult[] r = new QueryResult[1];
        pool.query("SELECT 2 AS two", x -> r[0] = x);
        h.sim.run();
        assertThat(r[0].ok()).isTrue();
        assertThat(r[0].rows()).containsExactly(List.of("2"));
        assertThat(pool.opened()).isEqualTo(2);
    }

    @Test
    void test_query_on_a_connection_that_breaks_fails_with_08006() {
        h = new DbHarness(DbHarness.config().withServiceTime(10 * MS, 0), MS);
        DbConnection c = h.connect();
        QueryResult[] r = new QueryResult[1];
        c.query("SELECT 1", x -> r[0] = x);
        h.sim.runUntil(h.sim.now() + 5 * MS);
        h.pipes.get(0).reset();
        h.sim.run();
        assertThat(r[0].ok()).isFalse();
        assertThat(r[0].error().code()).isEqualTo("08006");
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void test_connect_failure_reaches_the_borrower() {
        h = new DbHarness(DbHarness.config(), MS);
        DatabaseClient refused = new DatabaseClient(h.sim, null, "app", cb -> cb.failed("connection refused"), "api", "app", null);
        ConnectionPool pool = new ConnectionPool(refused, 2);
        QueryResult[] r = new QueryResult[1];
        pool.query("SELECT 1", x -> r[0] = x);
        h.sim.run();
        assertThat(r[0].error().code()).isEqualTo("08006");
        assertThat(r[0].error().message()).isEqualTo("connection refused");
        assertThat(pool.size()).isZero();
    }
}
