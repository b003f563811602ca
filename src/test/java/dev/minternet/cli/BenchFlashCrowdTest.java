package dev.minternet.cli;

import static dev.minternet.cli.BenchCommandTest.bench;
import static dev.minternet.cli.BenchCommandTest.count;
import static dev.minternet.cli.BenchCommandTest.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench flashcrowd} with a small crowd: every laptop loads the page, in a time the path explains. */
class BenchFlashCrowdTest {
    @Test
    void every_laptop_of_the_crowd_loads_the_page() {
        String out = bench("flashcrowd", "--clients", "12", "--within", "2s", "--seed", "5");
        assertThat(numbers(out, "pages loaded: ")).containsExactly(12.0, 0.0);
        assertThat(count(out, "jobs ")).isEqualTo(12); // each page asks the app once (/api/users)
        List<Double> all = numbers(out, "page load p50: "); // "p50: A ms, p90: B ms, p99: C ms, max: D ms"
        List<Double> p = List.of(all.get(0), all.get(2), all.get(4), all.get(5));
        // cold caches: DNS from the roots (or the resolver's cache), TCP, TLS and two rounds of h2 over a
        // 10 ms access line and ISP A's path to the data centre: well over 100 ms, and every quantile in order
        assertThat(p.get(0)).isGreaterThan(100.0);
        assertThat(p).isSorted();
        assertThat(count(out, "queue drops (all links): ")).isZero();
    }

    /**
     * {@code --threads 2}: the laptops on a thread of their own, the same figures as on one (only the
     * wall times and memory differ); without the option, one thread per core, the same figures again.
     */
    @Test
    void two_threads_give_the_figures_of_one() {
        String one = bench("flashcrowd", "--clients", "12", "--within", "2s", "--seed", "5", "--threads", "1");
        String cores = bench("flashcrowd", "--clients", "12", "--within", "2s", "--seed", "5");
        assertThat(simulated(cores)).isEqualTo(simulated(one));
        assertThat(cores).contains("threads: " + Runtime.getRuntime().availableProcessors() + "\n");
        String two = bench("flashcrowd", "--clients", "12", "--within", "2s", "--seed", "5", "--threads", "2");
        assertThat(simulated(two)).isEqualTo(simulated(one)).contains("events executed: ", "simulated: ", "page load p50: ");
        assertThat(one).contains("threads: 1\n");
        assertThat(two).contains("threads: 2\n");
        assertThat(CliTest.exec("bench", "flashcrowd", "--threads", "0").err()).contains("--threads");
    }

    /** The lines of the simulation's figures: all but the wall times, the threads, the rate and the memory. */
    private static String simulated(String out) {
        return out.lines().filter(l -> !l.contains("wall") && !l.startsWith("threads") && !l.startsWith("events/s")
                        && !l.startsWith("peak"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
