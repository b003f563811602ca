package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The live simulation thread's real-time policy (docs/live.md "Pacing"). */
class RealtimeTest {
    /** Whether this machine lets a process take SCHED_FIFO (root with CAP_SYS_NICE, chrt installed). */
    static boolean fifoAllowed() {
        try {
            Process p = new ProcessBuilder("chrt", "-f", "1", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void a_thread_reads_its_own_policy() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(Realtime.current()));
        t.start();
        t.join();
        assertThat(seen.get()).isEqualTo("normal");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void the_raised_thread_is_fifo_and_the_threads_it_starts_are_not() throws Exception {
        AtomicReference<String> raised = new AtomicReference<>();
        AtomicReference<String> child = new AtomicReference<>();
        Thread t = new Thread(() -> {
            raised.set(Realtime.raise(1));
            Thread c = new Thread(() -> child.set(Realtime.current()));
            c.start();
            try {
                c.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join();
        // where the machine refuses SCHED_FIFO (no privilege), the thread keeps the ordinary policy
        assertThat(raised.get()).isEqualTo(fifoAllowed() ? "fifo 1" : "normal");
        assertThat(child.get()).isEqualTo("normal");
    }
}
