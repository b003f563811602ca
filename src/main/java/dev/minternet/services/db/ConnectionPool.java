package dev.minternet.services.db;

import dev.minternet.sim.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client-side connection pool, the way an application server talks to its database: at most
 * {@code maxSize} connections, idle ones reused (most recently released first, so a lightly
 * loaded pool keeps few connections warm), a new one opened only when none is idle and the pool
 * is not full, and otherwise the caller waits in FIFO order for a release (optionally only up to
 * an acquire timeout). Broken connections are dropped, not returned to the idle list.
 */
public final class ConnectionPool {
    /** A borrower waiting for a connection, with its give-up timer when the pool has a timeout. */
    private final class Waiter extends Event {
        final Consumer<DbConnection> onConnection;
        final Consumer<DbError> onError;

        Waiter(Consumer<DbConnection> onConnection, Consumer<DbError> onError) {
            this.onConnection = onConnection;
            this.onError = onError;
        }

        Consumer<DbConnection> onConnection() {
            client.simulator().cancel(this);
            return onConnection;
        }

        Consumer<DbError> onError() {
            client.simulator().cancel(this);
            return onError;
        }

        @Override
        protected void fire() {
            if (waiters.remove(this)) {
                timeouts++;
                onError.accept(new DbError("ERROR", "08001", "connection pool timeout: no connection available after "
                        + acquireTimeoutNs / 1_000_000 + " ms"));
            }
        }
    }

    /** SQLSTATE of a borrower that gave up: 08001, sqlclient_unable_to_establish_sqlconnection. */
    public static final String ACQUIRE_TIMEOUT = "08001";

    private final DatabaseClient client;
    private final int maxSize;
    private final ArrayDeque<DbConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<DbConnection> inUse = new ArrayList<>();
    private int opening;
    private long opened;
    private long acquired;
    private long waited;
    private int maxWaiters;
    private long acquireTimeoutNs;
    private long timeouts;

    public ConnectionPool(DatabaseClient client, int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1: " + maxSize);
        }
        this.client = client;
        this.maxSize = maxSize;
    }

    /**
     * How long a borrower waits before failing with {@value #ACQUIRE_TIMEOUT} (0, the default:
     * forever). HikariCP's connectionTimeout, 30 s by default there.
     */
    public ConnectionPool setAcquireTimeout(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("negative timeout " + ns);
        }
        this.acquireTimeoutNs = ns;
        return this;
    }

    /** Borrowers that gave up waiting. */
    public long timeouts() {
        return timeouts;
    }

    /**
     * Lends a connection: at once if one is idle, after the startup exchange if a new one is
     * opened, or after some other borrower's {@link #release}. Exactly one callback runs; an
     * {@code onError} means a new connection could not be opened.
     */
    public void acquire(Consumer<DbConnection> onConnection, Consumer<DbError> onError) {
        while (!idle.isEmpty()) {
            DbConnection c = idle.pop();
            if (!c.isClosed()) {
                lend(c, onConnection);
                return;
            }
        }
        Waiter w = new Waiter(onConnection, onError);
        waiters.add(w);
        if (acquireTimeoutNs > 0) {
            client.simulator().schedule(acquireTimeoutNs, w);
        }
        if (size() + opening < maxSize) {
            open();
        } else {
            waited++;
            maxWaiters = Math.max(maxWaiters, waiters.size());
        }
    }

    /** Gives a borrowed connection back; a waiting borrower gets it at once. */
    public void release(DbConnection c) {
        if (!inUse.remove(c)) {
            throw new IllegalArgumentException("connection not borrowed from this pool");
        }
        if (c.isClosed()) {
            if (!waiters.isEmpty() && size() + opening < maxSize) {
                open(); // replace the broken connection for whoever waits
            }
            return;
        }
        Waiter w = waiters.poll();
        if (w != null) {
            lend(c, w.onConnection());
        } else {
            idle.push(c);
        }
    }

    /** Borrows a connection, runs one query on it and gives it back; the callback gets the outcome. */
    public void query(String sql, Consumer<QueryResult> callback) {
        acquire(c -> c.query(sql, r -> {
            release(c);
            callback.accept(r);
        }), e -> callback.accept(QueryResult.failed(e)));
    }

    private void lend(DbConnection c, Consumer<DbConnection> to) {
        inUse.add(c);
        acquired++;
        to.accept(c);
    }

    private void open() {
        opening++;
        client.connect(c -> {
            opening--;
            opened++;
            Waiter w = waiters.poll();
            if (w != null) {
                lend(c, w.onConnection());
            } else {
                idle.push(c);
            }
        }, e -> {
            opening--;
            Waiter w = waiters.poll();
            if (w != null) {
                w.onError().accept(e);
            }
        });
    }

    /** Connections open (idle or lent), not counting ones still starting. */
    public int size() {
        int open = inUse.size();
        for (DbConnection c : idle) {
            if (!c.isClosed()) {
                open++;
            }
        }
        return open;
    }

    public int idleCount() {
        return idle.size();
    }

    public int inUseCount() {
        return inUse.size();
    }

    /** Borrowers waiting now. */
    public int waiting() {
        return waiters.size();
    }

    /** Connections opened over the pool's life. */
    public long opened() {
        return opened;
    }

    /** Loans made over the pool's life. */
    public long acquisitions() {
        return acquired;
    }

    /** Loans that had to wait for a release because the pool was full. */
    public long waits() {
        return waited;
    }

    public int maxWaiting() {
        return maxWaiters;
    }

    public int maxSize() {
        return maxSize;
    }

    /** Closes idle connections (lent ones close when released... or by their borrowers). */
    public void closeIdle() {
        while (!idle.isEmpty()) {
            idle.pop().close();
        }
    }
}
