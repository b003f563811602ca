package dev.minternet.browser;

import dev.minternet.services.app.AppEvents;
import dev.minternet.services.db.DbClientEvents;
import dev.minternet.services.db.DbEvents;
import dev.minternet.trace.TraceEvent;

/**
 * The application server and its database on a request's way: the worker that took it and how
 * long it waited, the queries it made and what they returned, and the SQL arrows between the
 * application and the database node that served them.
 */
final class AppDbNarration implements NarrationPart {
    /** Whether the request is in a worker now, and the last query it sent. */
    private static final class Walk {
        boolean inApp;
        String sql;
    }

    @Override
    public boolean follow(TraceEvent e, RequestWalk w) {
        Walk aw = w.state(this, Walk::new);
        if (e.is(AppEvents.START) && w.at != null && e.node().equals(w.at)) {
            aw.inApp = true;
            w.chain.add(e.node() + " worker " + e.num(AppEvents.WORKER) + " (waited " + Narrator.ms(e.num(AppEvents.WAIT_NS)) + " in the queue)");
            if (w.verbose) {
                w.explain.add(e.node() + " runs it on one of its workers.");
            }
            return true;
        }
        if (aw.inApp && e.is(DbEvents.QUERY)) {
            aw.sql = e.get(DbEvents.SQL);
            return true;
        }
        if (aw.inApp && e.is(DbEvents.QUERY_DONE)) {
            String outcome = e.has(DbEvents.TAG) ? e.get(DbEvents.TAG) : "error " + e.get(DbEvents.ERROR);
            w.chain.add(e.node() + " " + (aw.sql == null ? "" : aw.sql + ": ") + outcome + ", " + e.num(DbEvents.ROWS) + " rows in "
                    + Narrator.ms(e.num(DbEvents.SERVICE_NS)));
            if (w.verbose) {
                w.explain.add("The application asks the database on " + e.node() + ".");
            }
            return true;
        }
        if (e.is(AppEvents.FINISH) && w.at != null && e.node().equals(w.at)) {
            aw.inApp = false;
            w.chain.add(e.node() + " done after " + Narrator.ms(e.num(AppEvents.SERVICE_NS)));
            return true;
        }
        return false;
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.is(DbClientEvents.QUERY)) {
            seq.arrow(e, e.node(), database(seq, e), "SQL " + e.get(DbClientEvents.SQL));
        } else if (e.is(DbClientEvents.RESULT)) {
            TraceEvent q = queryOf(seq, e);
            String label = e.has(DbClientEvents.ROWS) ? e.num(DbClientEvents.ROWS) + " rows" : "error " + e.get(DbClientEvents.ERROR);
            seq.arrow(e, q == null ? "database" : database(seq, q), e.node(), label);
        }
    }

    /** The node whose database received {@code query} (a db-client query): the first server-side query with its SQL. */
    private static String database(Sequence seq, TraceEvent query) {
        String sql = query.get(DbClientEvents.SQL);
        for (TraceEvent e : seq.events) {
            if (e.time() >= query.time() && e.is(DbEvents.QUERY) && sql.equals(e.get(DbEvents.SQL))) {
                return e.node();
            }
        }
        return "database";
    }

    /** The query {@code result} answers: the last one this node sent on the same session. */
    private static TraceEvent queryOf(Sequence seq, TraceEvent result) {
        TraceEvent q = null;
        for (TraceEvent e : seq.events) {
            if (e.time() > result.time()) {
                break;
            }
            if (e.is(DbClientEvents.QUERY) && e.node().equals(result.node()) && e.num(DbClientEvents.PID) == result.num(DbClientEvents.PID)) {
                q = e;
            }
        }
        return q;
    }
}
