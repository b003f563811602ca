/**
 * The database service: a PostgreSQL-speaking server backed by H2, and its client.
 *
 * <p>Read first: PostgreSQL documentation, chapter "Frontend/Backend Protocol", sections
 * "Message Flow" (Start-up, Simple Query) and "Message Formats".
 *
 * <ul>
 *   <li>Wire format, sans-I/O: {@link dev.minternet.services.db.FrontendMessage} and
 *       {@link dev.minternet.services.db.BackendMessage} (parsed forms),
 *       {@link dev.minternet.services.db.PgCodec} (encode, parse bodies),
 *       {@link dev.minternet.services.db.FrontendReader} / {@link dev.minternet.services.db.BackendReader}
 *       (resumable framing of bytes that arrive in arbitrary chunks).
 *   <li>Server: {@link dev.minternet.services.db.DatabaseServer} serves each accepted
 *       {@link dev.minternet.transport.StreamSocket}; SQL runs on an in-memory H2 database
 *       ({@code H2Database}, {@code SqlSession}) with PostgreSQL's type OIDs, text formats,
 *       command tags and SQLSTATEs ({@code H2Types}, {@code H2Errors}, {@code SqlText}); a query's
 *       service time ({@code queryTimeNs + rowTimeNs x rows}) is spent on one of a fixed number
 *       of executors, FIFO, so load becomes latency.
 *   <li>Client: {@link dev.minternet.services.db.DatabaseClient} opens
 *       {@link dev.minternet.services.db.DbConnection}s over any
 *       {@link dev.minternet.services.db.StreamConnector}; {@link dev.minternet.services.db.ConnectionPool}
 *       lends them out, at most N, FIFO waiters.
 * </ul>
 *
 * <p>Wiring, e.g. with a TCP stack (names of the TCP API are illustrative):
 * <pre>{@code
 * DatabaseServer db = new DatabaseServer(sim, trace, DatabaseServer.Config.of("db1", seedSql));
 * tcp.listen(5432, db::accept);                       // each accepted StreamSocket
 * StreamConnector toDb = cb -> tcp.connect(dbAddress, 5432, cb::connected, cb::failed);
 * DatabaseClient client = new DatabaseClient(sim, trace, "app1", toDb, "app", "app", "api");
 * ConnectionPool pool = new ConnectionPool(client, 10);
 * pool.query("SELECT id, name FROM users", result -> ...);
 * }</pre>
 *
 * <p>Not modelled: the extended query protocol, COPY, cancelling a query already in service, passwords (trust
 * authentication only), TLS to the database (SSLRequest is answered 'N'), NOTIFY.
 */
package dev.minternet.services.db;
