/**
 * The application server model: {@link dev.minternet.services.app.WorkerPool} (N workers, a FIFO
 * queue, per-request CPU time, jobs that hold their worker across asynchronous database calls)
 * and {@link dev.minternet.services.app.ApiServer}, JSON routes such as {@code GET /api/users}
 * answered through a plain {@code handle(method, path, responder)} call that an HTTP server
 * drives. {@link dev.minternet.services.app.Json} writes deterministic JSON.
 */
package dev.minternet.services.app;
