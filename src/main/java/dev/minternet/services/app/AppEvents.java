package dev.minternet.services.app;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code app}: the worker pool's queue and workers, the API server's responses. */
public final class AppEvents {
    private AppEvents() {
    }

    public static final Catalog CATALOG = new Catalog("app",
            "The application server: a worker pool with a bounded queue (services.app.WorkerPool) and the JSON API (services.app.ApiServer).");

    public static final Field<String> POOL = Field.text("pool", "the pool's name");
    public static final Field<Long> JOB = Field.integer("job", Unit.NONE, "the job's number in its pool");
    public static final Field<Long> QUEUE = Field.integer("queue", Unit.COUNT, "jobs waiting after this one was queued (or refused)");
    public static final Field<Long> WORKER = Field.integer("worker", Unit.NONE, "the worker's index");
    public static final Field<Long> WAIT_NS = Field.integer("wait_ns", Unit.NANOSECONDS, "time the job waited in the queue");
    public static final Field<Long> SERVICE_NS = Field.integer("service_ns", Unit.NANOSECONDS, "from start to finish: CPU plus asynchronous waits");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the HTTP status answered");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the body's size");

    public static final EventType ENQUEUE = CATALOG.event("enqueue", "a job waits for a worker", POOL, JOB, QUEUE);
    public static final EventType REJECT = CATALOG.event("reject", "the queue is full: the job is refused (503)", POOL, JOB, QUEUE);
    public static final EventType START = CATALOG.event("start", "a worker takes the job", POOL, JOB, WORKER, WAIT_NS);
    public static final EventType FINISH = CATALOG.event("finish", "the job is done and its worker free", POOL, JOB, WORKER, SERVICE_NS);
    public static final EventType RESPONSE = CATALOG.event("response", "the API answered a request", STATUS, BYTES);
}
