package dev.minternet.services.app;

import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An application server's thread pool as a queueing model: {@code workers} workers, a FIFO
 * queue in front of them (bounded or not), and jobs that hold their worker while they compute
 * (simulated CPU time) and while they wait for asynchronous work such as a database query, until
 * they call {@link Worker#finish}. Concurrency limits therefore show up as queueing delay, as in
 * a real thread-per-request server.
 *
 * <p>A job submitted while a worker is free starts at the same instant; otherwise it waits, and
 * when a worker finishes, the oldest waiting job starts on it at that instant. With W workers and
 * N jobs of CPU time c submitted together, job k (0-based) completes at {@code (k / W + 1) * c}.
 *
 * <p>Metrics: jobs completed and rejected, queue wait (sum, max), service time (start to finish:
 * CPU plus any async wait, sum and max), and the queue length over time as a step function
 * ({@link #queueLengthSeries}, one sample per change) with its time integral for the average.
 * Trace events: {@link AppEvents} enqueue (queue length), start (wait), finish (service time), reject.
 */
public final class WorkerPool {

    /** A unit of work. It runs when a worker takes it and must eventually call {@link Worker#finish}. */
    @FunctionalInterface
    public interface Job {
        void run(Worker worker);
    }

    /** A job's completed life, in simulated ns. */
    public record JobRecord(long id, long enqueuedAt, long startedAt, long finishedAt) {
        public long waitNs() {
            return startedAt - enqueuedAt;
        }

        public long serviceNs() {
            return finishedAt - startedAt;
        }

        public long latencyNs() {
            return finishedAt - enqueuedAt;
        }
    }

    /** The queue length from {@code timeNs} until the next sample. */
    public record Sample(long timeNs, int queueLength) {
    }

    /** The worker a job holds; valid until {@link #finish}. */
    public final class Worker {
        private final int index;
        private Job job;
        private long jobId;
        private long enqueuedAt;
        private long startedAt;
        private Runnable afterCompute;
        private boolean computing;
        private final Event computeDone = new Event() {
            @Override
            protected void fire() {
                computing = false;
                Runnable r = afterCompute;
                afterCompute = null;
                r.run();
            }
        };

        Worker(int index) {
            this.index = index;
        }

        /** This worker's number, 0 to workers-1. */
        public int index() {
            return index;
        }

        /** The current job's id (submission order, from 0). */
        public long jobId() {
            return jobId;
        }

        /** Spends {@code cpuNs} of CPU time, then runs {@code then} (still holding the worker). */
        public void compute(long cpuNs, Runnable then) {
            if (job == null) {
                throw new IllegalStateException("worker " + index + " has no job");
            }
            if (computing) {
                throw new IllegalStateException("worker " + index + " is already computing");
            }
            if (cpuNs < 0) {
                throw new IllegalArgumentException("negative CPU time " + cpuNs);
            }
            computing = true;
            afterCompute = then;
            sim.schedule(cpuNs, computeDone);
        }

        /** Ends the job and frees the worker for the next queued job. */
        public void finish() {
            if (job == null) {
                throw new IllegalStateException("worker " + index + " has no job to finish");
            }
            if (computing) {
                throw new IllegalStateException("worker " + index + " cannot finish while computing");
            }
            done(this);
        }
    }

    private final Simulator sim;
    private final Trace trace;
    private final String node;
    private final String name;
    private final int queueCapacity;
    private final Worker[] workers;
    private final ArrayDeque<Worker> free = new ArrayDeque<>();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private JobListener listener;
    private boolean recordSeries = true;
    private final List<Sample> series = new ArrayList<>();

    private long nextId;
    private long completed;
    private long rejected;
    private long totalWaitNs;
    private long maxWaitNs;
    private long totalServiceNs;
    private long maxServiceNs;
    private int maxQueueLength;
    /** Integral of the queue length over time up to {@link #lastChange} (length x ns). */
    private long queueIntegral;
    private long lastChange;
    /** Queue length since {@link #lastChange}. */
    private int lastLength;

    private record Queued(Job job, long id, long enqueuedAt) {
    }

    /** Called when a job finishes, e.g. to collect latencies. */
    @FunctionalInterface
    public interface JobListener {
        void finished(JobRecord r);
    }

    /**
     * @param trace may be null
     * @param node node name for traces
     * @param name pool name for traces (e.g. "app-workers")
     * @param workers number of workers, at least 1
     * @param queueCapacity jobs that may wait; -1 for an unbounded queue
     */
    public WorkerPool(Simulator sim, Trace trace, String node, String name, int workers, int queueCapacity) {
        if (workers < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one worker: " + workers);
        }
        if (queueCapacity < -1) {
            throw new IllegalArgumentException("queue capacity must be -1 (unbounded) or >= 0: " + queueCapacity);
        }
        this.sim = sim;
        this.trace = trace;
        this.node = node;
        this.name = name;
        this.queueCapacity = queueCapacity;
        this.workers = new Worker[workers];
        for (int i = 0; i < workers; i++) {
            this.workers[i] = new Worker(i);
            free.add(this.workers[i]);
        }
        this.lastChange = sim.now();
        series.add(new Sample(sim.now(), 0));
    }

    public void setListener(JobListener l) {
        this.listener = l;
    }

    /** Keep (true, the default) or skip the queue-length time series; long runs may not want it. */
    public void recordQueueLengthSeries(boolean on) {
        this.recordSeries = on;
    }

    /**
     * Offers a job; returns false (and runs nothing) when every worker is busy and the queue is
     * full, which a server turns into 503 Service Unavailable.
     */
    public boolean submit(Job job) {
        long id = nextId++;
        Worker w = free.poll();
        if (w != null) {
            begin(w, job, id, sim.now());
            return true;
        }
        if (queueCapacity >= 0 && queue.size() >= queueCapacity) {
            rejected++;
            if (tracing()) {
                trace.emit(node, AppEvents.REJECT, name, id, queue.size());
            }
            return false;
        }
        queue.add(new Queued(job, id, sim.now()));
        queueChanged();
        if (tracing()) {
            trace.emit(node, AppEvents.ENQUEUE, name, id, queue.size());
        }
        return true;
    }

    /** A job that only computes: {@code cpuNs} of CPU, then {@code onDone} runs and the worker is freed. */
    public boolean submit(long cpuNs, Runnable onDone) {
        return submit(w -> w.compute(cpuNs, () -> {
            w.finish();
            onDone.run();
        }));
    }

    private void begin(Worker w, Job job, long id, long enqueuedAt) {
        w.job = job;
        w.jobId = id;
        w.enqueuedAt = enqueuedAt;
        w.startedAt = sim.now();
        long wait = w.startedAt - enqueuedAt;
        totalWaitNs += wait;
        maxWaitNs = Math.max(maxWaitNs, wait);
        if (tracing()) {
            trace.emit(node, AppEvents.START, name, id, w.index, wait);
        }
        job.run(w);
    }

    private void done(Worker w) {
        long service = sim.now() - w.startedAt;
        completed++;
        totalServiceNs += service;
        maxServiceNs = Math.max(maxServiceNs, service);
        JobRecord r = new JobRecord(w.jobId, w.enqueuedAt, w.startedAt, sim.now());
        w.job = null;
        if (tracing()) {
            trace.emit(node, AppEvents.FINISH, name, r.id(), w.index, service);
        }
        if (listener != null) {
            listener.finished(r);
        }
        Queued q = queue.poll();
        if (q != null) {
            queueChanged();
            begin(w, q.job(), q.id(), q.enqueuedAt());
        } else {
            free.push(w); // the most recently idle worker goes first, like a LIFO thread pool
        }
    }

    /** Called after each change of the queue: closes the previous step of the step function. */
    private void queueChanged() {
        long now = sim.now();
        int length = queue.size();
        queueIntegral += (long) lastLength * (now - lastChange);
        lastChange = now;
        lastLength = length;
        maxQueueLength = Math.max(maxQueueLength, length);
        if (recordSeries) {
            Sample last = series.get(series.size() - 1);
            if (last.timeNs() == now) {
                series.set(series.size() - 1, new Sample(now, length)); // several changes at one instant: keep the last
            } else {
                series.add(new Sample(now, length));
            }
        }
    }

    private boolean tracing() {
        return trace != null && trace.enabled();
    }

    // ---------------------------------------------------------------- metrics

    public int workers() {
        return workers.length;
    }

    public int busyWorkers() {
        return workers.length - free.size();
    }

    public int queueLength() {
        return queue.size();
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public long submitted() {
        return nextId;
    }

    public long completed() {
        return completed;
    }

    public long rejected() {
        return rejected;
    }

    public long totalQueueWaitNs() {
        return totalWaitNs;
    }

    public long maxQueueWaitNs() {
        return maxWaitNs;
    }

    /** Mean queue wait of the jobs started so far (ns). */
    public double meanQueueWaitNs() {
        long started = completed + busyWorkers();
        return started == 0 ? 0 : (double) totalWaitNs / started;
    }

    public long totalServiceNs() {
        return totalServiceNs;
    }

    public long maxServiceNs() {
        return maxServiceNs;
    }

    public int maxQueueLength() {
        return maxQueueLength;
    }

    /** Queue length changes since creation: each sample holds until the next. */
    public List<Sample> queueLengthSeries() {
        return Collections.unmodifiableList(series);
    }

    /** Time-average queue length from creation to now. */
    public double averageQueueLength() {
        long start = series.get(0).timeNs();
        long now = sim.now();
        if (now == start) {
            return 0;
        }
        long integral = queueIntegral + (long) lastLength * (now - lastChange);
        return (double) integral / (now - start);
    }
}
