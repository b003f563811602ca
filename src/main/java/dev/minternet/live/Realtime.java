package dev.minternet.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The simulation thread of live mode under Linux's real-time FIFO policy, when the launcher asks for
 * it (system property {@code minternet.live.fifo}, set when run as root; docs/live.md "Pacing").
 * Under the ordinary policy a thread that wakes on a core where another runnable thread runs waits
 * for the scheduler's wake-up granularity (milliseconds); a FIFO thread takes the core at once.
 * Linux keeps 5% of every second for the other threads ({@code kernel.sched_rt_runtime_us}), and
 * the loop parks between batches, so the rest of the machine is not starved.
 */
final class Realtime {
    private Realtime() {
    }

    /** Whether the launcher asked for the FIFO policy. */
    static boolean wanted() {
        String v = System.getProperty("minternet.live.fifo", "");
        return v.equals("1") || v.equals("true");
    }

    /**
     * Puts the calling thread under SCHED_FIFO at {@code priority} with util-linux's {@code chrt} (the
     * JDK has no call for it), reset on fork: threads it starts (a bridge's pooled threads) keep the
     * ordinary policy. Returns the policy the thread has afterwards, as {@link #policy} says.
     */
    static String raise(int priority) {
        String tid = threadId();
        if (tid == null) {
            return "unknown";
        }
        try {
            Process p = new ProcessBuilder("chrt", "--reset-on-fork", "-f", "-p", Integer.toString(priority), tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no chrt on this machine: the thread keeps its policy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return policy(tid);
    }

    /** The calling thread's policy, as {@link #policy} names it ("unknown" off Linux). */
    static String current() {
        String tid = threadId();
        return tid == null ? "unknown" : policy(tid);
    }

    /** The calling thread's Linux thread id, or null off Linux. */
    static String threadId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** "fifo N" or "normal" for thread {@code tid} of this process, from its stat line (proc(5)). */
    static String policy(String tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"), StandardCharsets.US_ASCII);
            // fields after the command's closing parenthesis: 3 state ... 40 rt_priority, 41 policy
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            int rtPriority = Integer.parseInt(f[40 - 3]);
            int policy = Integer.parseInt(f[41 - 3]);
            return switch (policy) {
                case 0 -> "normal";
                case 1 -> "fifo " + rtPriority;
                case 2 -> "rr " + rtPriority;
                default -> "policy " + policy;
            };
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
