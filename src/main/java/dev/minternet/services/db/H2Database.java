package dev.minternet.services.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded H2 database behind one {@link DatabaseServer}: in memory, private to the server
 * (a unique name per instance), in PostgreSQL compatibility mode, seeded once at construction.
 *
 * <p>Settings and why:
 * <ul>
 *   <li>{@code MODE=PostgreSQL}, {@code DATABASE_TO_LOWER=TRUE}: unquoted names fold to lower
 *       case and column labels come back as PostgreSQL would print them;
 *   <li>{@code DEFAULT_NULL_ORDERING=HIGH}: NULLs sort last ascending, as in PostgreSQL;
 *   <li>{@code LOCK_TIMEOUT=1} (ms): every session runs on the simulator thread, so the holder of
 *       a lock can never release it while another session waits for it: the wait always ends in
 *       a timeout (SQLSTATE 55P03), and the only question is how much real time it burns. H2's
 *       default is 1 s; 0 is no better (measured: H2 2.3 then waits about 2 s), so 1 ms. The
 *       outcome never depends on the wall clock, only the run's speed does;
 *   <li>{@code TIME ZONE=UTC}: conversions never read the host's zone.
 * </ul>
 * The database lives while a keeper connection is open; {@link #close()} drops it.
 */
final class H2Database implements AutoCloseable {
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final String url;
    private final Connection keeper;

    H2Database(String name, List<String> seedSql) {
        this(name, seedSql, null);
    }

    /** @param epoch the simulated date seeds run at (clock functions read it), or null to refuse them */
    H2Database(String name, List<String> seedSql, java.time.Instant epoch) {
        String safe = name.replaceAll("[^A-Za-z0-9_]", "_");
        // The counter only keeps two servers of one JVM apart; it never reaches the simulation.
        this.url = "jdbc:h2:mem:minternet_" + safe + "_" + INSTANCES.incrementAndGet()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=1;TIME ZONE=UTC";
        this.keeper = open();
        try (Statement st = keeper.createStatement()) {
            for (String sql : seedSql) {
                for (SqlText.Statement s : SqlText.split(sql)) {
                    String call = SqlText.nondeterministicCall(s, epoch != null);
                    if (call != null) {
                        throw new IllegalArgumentException("seed statement uses " + call
                                + ", which reads the host clock or randomness: " + s.sql());
                    }
                    st.execute(epoch == null ? s.sql() : SqlText.withSimulatedClock(s, epoch));
                }
            }
        } catch (SQLException e) {
            close();
            throw new IllegalArgumentException("seed SQL failed: " + e.getMessage(), e);
        }
    }

    /** A new session (one per client connection). */
    Connection open() {
        try {
            Connection c = new org.h2.Driver().connect(url, new Properties());
            if (c == null) {
                throw new IllegalStateException("H2 refused URL " + url);
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open H2 database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // closing an in-memory database cannot lose anything
        }
    }
}
