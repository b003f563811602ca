package dev.minternet.cli;

import dev.minternet.scenario.ScenarioRunner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The output of a run as it happens: lines go out at most {@value #FLUSH_MS} ms of wall time
 * after the simulation printed them (not when the run ends), and on a terminal a progress line
 * on stderr tells the simulated time, the events per second and, when the scenario has a
 * {@code duration}, the share done and the time left. The progress line is erased before any
 * output is written and at the end, so it never mixes with the lines. Nothing here touches the
 * simulation: it reads the runner's snapshot ({@link ScenarioRunner#progress()}).
 */
final class LiveOutput implements AutoCloseable {
    static final long FLUSH_MS = 100;
    /** A run shorter than this shows no progress line at all. */
    static final long PROGRESS_AFTER_MS = 500;
    private static final String ERASE = "\r\033[K";

    private final PrintStream out;
    private final PrintStream err;
    private final Object lock = new Object();
    private final Thread ticker;
    private volatile boolean closed;
    private volatile ScenarioRunner runner;
    private volatile long durationNs = -1;
    private boolean statusShown;

    private LiveOutput(OutputStream stdout, PrintStream err, boolean progress) {
        this.err = err;
        this.out = new PrintStream(new BufferedOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (lock) {
                    erase();
                    stdout.write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                stdout.flush();
            }
        }, 1 << 16), false, StandardCharsets.UTF_8);
        long wall0 = System.nanoTime();
        ticker = new Thread(() -> {
            long[] last = {0, 0, wall0};
            while (!closed) {
                try {
                    Thread.sleep(FLUSH_MS);
                } catch (InterruptedException e) {
                    return;
                }
                out.flush();
                long wall = System.nanoTime();
                ScenarioRunner r = runner;
                if (progress && r != null && !closed && wall - wall0 > PROGRESS_AFTER_MS * 1_000_000L) {
                    String line = status(r.progress(), last, wall, durationNs);
                    synchronized (lock) {
                        if (!closed) {
                            err.print(ERASE + line);
                            err.flush();
                            statusShown = true;
                        }
                    }
                }
            }
        }, "minternet-output");
        ticker.setDaemon(true);
        ticker.start();
    }

    /**
     * Starts flushing {@code stdout} (and, once {@link #track} names the run, drawing the
     * progress line on {@code err} when {@code progress}); {@link #out()} is where the run prints.
     */
    static LiveOutput start(OutputStream stdout, PrintStream err, boolean progress) {
        return new LiveOutput(stdout, err, progress);
    }

    /** The run whose progress to show; {@code durationNs} (or -1) gives the share done and the time left. */
    void track(ScenarioRunner r, long duration) {
        this.durationNs = duration;
        this.runner = r;
    }

    PrintStream out() {
        return out;
    }

    /** {@code 12.500 s simulated, 1.2 M events/s, 42%, about 3 s left}. */
    static String status(long[] now, long[] last, long wall, long durationNs) {
        double dtWall = (wall - last[2]) / 1e9;
        double rate = dtWall > 0 ? (now[1] - last[1]) / dtWall : 0;
        double simRate = dtWall > 0 ? (now[0] - last[0]) / dtWall : 0;
        last[0] = now[0];
        last[1] = now[1];
        last[2] = wall;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.3f s simulated, %s events/s", now[0] / 1e9,
                rate >= 1e6 ? String.format(Locale.ROOT, "%.1f M", rate / 1e6)
                        : rate >= 1e3 ? String.format(Locale.ROOT, "%.1f k", rate / 1e3) : String.valueOf(Math.round(rate))));
        if (durationNs > 0) {
            sb.append(String.format(Locale.ROOT, ", %d%%", Math.min(100, now[0] * 100 / durationNs)));
            if (simRate > 0) {
                sb.append(String.format(Locale.ROOT, ", about %.0f s left", Math.max(0, durationNs - now[0]) / simRate));
            }
        }
        return sb.toString();
    }

    private void erase() {
        if (statusShown) {
            err.print(ERASE);
            err.flush();
            statusShown = false;
        }
    }

    /** Stops the ticker, writes what is left and erases the progress line. */
    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
        try {
            ticker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        synchronized (lock) {
            erase();
        }
    }
}
