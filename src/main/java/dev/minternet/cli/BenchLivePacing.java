package dev.minternet.cli;

import dev.minternet.bench.LivePacingBench;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench live-pacing: how closely live mode keeps simulated time on the wall clock. */
@Command(name = "live-pacing", mixinStandardHelpOptions = true,
        description = "Runs the default world live (paced at 1x, its listeners open) for S seconds with a visit to "
                + "https://www.example.com/ every second; prints the lag between simulated and wall time (p50, p99, max): "
                + "each event's (how late it finished beyond the instant it was due) and each batch's (how late it ended "
                + "beyond the instant its first event was due).")
final class BenchLivePacing implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    int seconds;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "Wall seconds to run (default ${DEFAULT-VALUE}).")
    void setSeconds(int v) {
        seconds = (int) Checks.range(spec, "--seconds", v, 1, 3600);
    }

    int warmup;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Visits run one after the other before the measurement starts, to warm the JIT (default ${DEFAULT-VALUE}).")
    void setWarmup(int v) {
        warmup = (int) Checks.range(spec, "--warmup", v, 1, 1000);
    }

    int jitWarmup;

    @Option(names = "--jit-warmup", paramLabel = "N", defaultValue = "200",
            description = "Visits at most (30 s at most) in a throwaway world before anything else, as `minternet live` "
                    + "makes, so the JIT has compiled the code (0: none; default ${DEFAULT-VALUE}).")
    void setJitWarmup(int v) {
        jitWarmup = (int) Checks.range(spec, "--jit-warmup", v, 0, 100000);
    }

    @Override
    public Integer call() throws Exception {
        LivePacingBench.Result r = LivePacingBench.run(seconds, warmup, jitWarmup);
        System.out.printf(Locale.ROOT, "live pacing: default world at 1x for %.0f s after %d warm-up visits, %d visits (%d completed), %d events in %d batches%n",
                r.seconds(), warmup, r.visits(), r.completed(), r.events(), r.batches());
        System.out.printf(Locale.ROOT, "jit warm-up: %d visits in a throwaway world, %.1f s%n", r.jitVisits(), r.jitNs() / 1e9);
        line("event lag", r.eventLag());
        line("batch lag", r.lag());
        line("  woke late", r.wake());
        line("  work", r.work());
        line("  work on a core", r.cpu());
        line("event cpu", r.eventCpu());
        System.out.printf(Locale.ROOT, "  over 1 ms: %d events, %.1f ms in all (%.2f events and %.2f ms a visit)%n", r.heavyEvents(),
                r.heavyCpuNs() / 1e6, r.heavyEvents() / (double) Math.max(1, r.visits()), r.heavyCpuNs() / 1e6 / Math.max(1, r.visits()));
        System.out.printf(Locale.ROOT, "posted work: %d runs (a visit's start, a client's bytes)%n", r.postedCount());
        line("  wall", r.postedWall());
        line("  on a core", r.postedCpu());
        System.out.printf(Locale.ROOT, "simulation thread: %.1f ms on a core in all, %.2f ms a visit; scheduling policy %s%n",
                r.threadCpuNs() / 1e6, r.threadCpuNs() / 1e6 / Math.max(1, r.visits()), r.policy());
        System.out.printf(Locale.ROOT, "gc: %d collections, %d ms in all; load average %.2f on %d cores%n", r.gcCount(), r.gcMs(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        return 0;
    }

    private static void line(String what, LivePacingBench.Pct p) {
        System.out.printf(Locale.ROOT, "%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", what, p.p50() / 1e6, p.p99() / 1e6, p.max() / 1e6);
    }
}
