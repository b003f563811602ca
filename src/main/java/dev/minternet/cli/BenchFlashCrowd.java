package dev.minternet.cli;

import dev.minternet.bench.FlashCrowd;
import dev.minternet.bench.ResourceUsage;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** minternet bench flashcrowd: N new subscribers of ISP A load the default world's page within a window. */
@Command(name = "flashcrowd", mixinStandardHelpOptions = true,
        description = "N laptops (each on its own access line of ISP A) load https://www.example.com/ of the default world "
                + "within a window: page load times, the app server's queue, drops.")
final class BenchFlashCrowd implements Callable<Integer> {
    @CommandLine.Mixin
    CrowdOptions crowd;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One per core by default: the figures are the same on any number of threads. */
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    @CommandLine.Option(names = "--threads", paramLabel = "N", description = "Threads of a partitioned run (default: one "
            + "per core): the default world and groups of laptops on separate threads, the same results as on one.")
    void setThreads(int v) {
        threads = (int) Checks.range(spec, "--threads", v, 1, 1024);
    }

    @Override
    public Integer call() {
        FlashCrowd.Result r = FlashCrowd.run(crowd.clients, crowd.windowNs, crowd.seed, threads);
        System.out.printf(Locale.ROOT, "clients: %d within %.3f s%npages loaded: %d, failed: %d%n"
                        + "page load p50: %.3f ms, p90: %.3f ms, p99: %.3f ms, max: %.3f ms%n"
                        + "app queue: longest %d, longest wait %.3f ms, jobs %d%nqueue drops (all links): %d%n"
                        + "setup wall: %.3f s%nrun wall: %.3f s%nthreads: %d%nevents executed: %d%nsimulated: %.3f s%n"
                        + "events/s: %.2f M%npeak heap: %s%npeak RSS: %s%n",
                r.clients(), r.windowSeconds(), r.loaded(), r.failed(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.maxMs(),
                r.appMaxQueue(), r.appMaxWaitMs(), r.appJobs(), r.drops(), r.setupSeconds(), r.runSeconds(), threads, r.events(),
                r.simulatedSeconds(), r.events() / Math.max(1e-9, r.runSeconds()) / 1e6,
                ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
        return r.loaded() + r.failed() == r.clients() ? 0 : 1;
    }
}
