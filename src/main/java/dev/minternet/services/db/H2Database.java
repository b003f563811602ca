package dev.minternet.services.db;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded H2 database behind one {@link DatabaseServer}: in memory, private to the server
 * (a unique name per instance), in PostgreSQL compatibility mode, seeded once at construction.
 *
 * <p><b>A sandbox</b> (DESIGN.md decision 10). The database is created by an owner user that is
 * H2's administrator and runs no scenario SQL. Seeds and every client session run as the user
 * {@value #SANDBOX_USER}, which holds {@code ALTER ANY SCHEMA} (it creates, fills and drops its own
 * tables and schemas, as a PostgreSQL database owner does) and nothing else: H2 refuses it Java
 * aliases, triggers, aggregates, table engines, linked tables, file functions, SCRIPT, RUNSCRIPT,
 * BACKUP, user management and SHUTDOWN ("Admin rights are required"), and hides the host's
 * system properties from INFORMATION_SCHEMA.SETTINGS. {@link SqlSandbox} refuses the same
 * statements first, with a message that names them. {@code h2.allowedClasses} (a JVM-wide H2
 * setting, fixed when H2 first loads) admits only {@link NoJavaObjects}, the serializer that
 * refuses to turn JAVA_OBJECT bytes into objects. Both passwords are random per instance.
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
 *   <li>{@code TIME ZONE=UTC}: conversions never read the host's zone;
 *   <li>{@code JAVA_OBJECT_SERIALIZER}: {@link NoJavaObjects}.
 * </ul>
 * The database lives while a keeper connection is open; {@link #close()} drops it.
 */
final class H2Database implements AutoCloseable {
    /** The H2 user seeds and sessions run as. */
    static final String SANDBOX_USER = "minternet";
    private static final String OWNER_USER = "minternet_owner";
    /** The only classes H2 may load by name. */
    static final String ALLOWED_CLASSES = NoJavaObjects.class.getName();
    /** How much of an H2 error message (which may echo the statement) a seed error quotes. */
    private static final int MAX_QUOTED = 160;

    static {
        // Read once, when H2's SysProperties class initialises: this class is H2's only entry point.
        System.setProperty("h2.allowedClasses", ALLOWED_CLASSES);
    }

    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final SecureRandom PASSWORDS = new SecureRandom();

    private final String url;
    private final String sandboxPassword = password();
    private final Connection keeper;

    H2Database(String name, List<String> seedSql) {
        this(name, seedSql, null);
    }

    /**
     * @param epoch the simulated date seeds run at (clock functions read it), or null to refuse them
     * @throws SeedException when a seed statement is refused or fails
     */
    H2Database(String name, List<String> seedSql, Instant epoch) {
        if (!ALLOWED_CLASSES.equals(org.h2.engine.SysProperties.ALLOWED_CLASSES)) {
            throw new IllegalStateException("H2 was loaded before Minternet could restrict h2.allowedClasses");
        }
        String safe = name.replaceAll("[^A-Za-z0-9_]", "_");
        // The counter only keeps two servers of one JVM apart; it never reaches the simulation.
        this.url = "jdbc:h2:mem:minternet_" + safe + "_" + INSTANCES.incrementAndGet()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=1;TIME ZONE=UTC";
        String ownerPassword = password();
        // a database setting: only the owner may give it, when it creates the database
        this.keeper = connect(url + ";JAVA_OBJECT_SERIALIZER='" + NoJavaObjects.class.getName() + "'",
                OWNER_USER, ownerPassword);
        try (Statement st = keeper.createStatement()) {
            st.execute("CREATE USER " + SANDBOX_USER + " PASSWORD '" + sandboxPassword + "'");
            st.execute("GRANT ALTER ANY SCHEMA TO " + SANDBOX_USER);
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("cannot set up the database sandbox: " + e.getMessage(), e);
        }
        try {
            seed(seedSql, epoch);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void seed(List<String> seedSql, Instant epoch) {
        try (Connection c = open(); Statement st = c.createStatement()) {
            for (String sql : seedSql) {
                for (SqlText.Statement s : SqlText.split(sql)) {
                    SqlSandbox.Refusal refusal = SqlSandbox.check(s);
                    if (refusal != null) {
                        throw new SeedException(s.line(), refusal.inSeed());
                    }
                    String call = SqlText.nondeterministicCall(s, epoch != null);
                    if (call != null) {
                        throw new SeedException(s.line(), "seed statement uses " + call
                                + ", which reads the host clock or randomness");
                    }
                    try {
                        st.execute(epoch == null ? s.sql() : SqlText.withSimulatedClock(s, epoch));
                    } catch (SQLException e) {
                        throw new SeedException(s.line(), "seed SQL failed: " + head(H2Errors.toPg(e).message()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database: " + e.getMessage(), e);
        }
    }

    /** One line, at most {@value #MAX_QUOTED} characters. */
    private static String head(String message) {
        String one = message.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_QUOTED ? one : one.substring(0, MAX_QUOTED) + "...";
    }

    /** A new session as the sandbox user (one per client connection). */
    Connection open() {
        return connect(url, SANDBOX_USER, sandboxPassword);
    }

    private static Connection connect(String url, String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        try {
            Connection c = new org.h2.Driver().connect(url, p);
            if (c == null) {
                throw new IllegalStateException("H2 refused URL " + url);
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open H2 database: " + e.getMessage(), e);
        }
    }

    private static String password() {
        byte[] b = new byte[16];
        PASSWORDS.nextBytes(b);
        return HexFormat.of().formatHex(b);
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
