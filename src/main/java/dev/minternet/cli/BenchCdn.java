package dev.minternet.cli;

import dev.minternet.bench.CdnBench;
import dev.minternet.bench.ResourceUsage;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench cdn: a flash crowd on a Zipf catalogue, with and without the default world's CDN. */
@Command(name = "cdn", mixinStandardHelpOptions = true,
        description = "N laptops of ISP A each load https://www.example.com/ and one of K objects on static.example.com "
                + "(Zipf popularity), with the default world's CDN and without it: origin offload, load time p50/p99.")
final class BenchCdn implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CrowdOptions crowd;

    int objects;

    @Option(names = "--objects", defaultValue = "1000", description = "Objects K in the catalogue (default ${DEFAULT-VALUE}).")
    void setObjects(int v) {
        objects = (int) Checks.range(spec, "--objects", v, 1, 10_000_000);
    }

    double zipf;

    @Option(names = "--zipf", defaultValue = "0.8", description = "The Zipf exponent s of the objects' popularity (default ${DEFAULT-VALUE}).")
    void setZipf(double v) {
        zipf = Checks.positive(spec, "--zipf", v, 5);
    }

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Threads (default ${DEFAULT-VALUE}). 1: the two runs one after the other; more: both at once, "
                    + "each world on half of them (its default world and groups of laptops on separate threads), with the "
                    + "same figures as on one.")
    void setThreads(int v) {
        threads = (int) Checks.range(spec, "--threads", v, 1, 1024);
    }

    int threads;

    @Option(names = "--in-turn", description = "The two runs one after the other, each on all the threads: one world "
            + "in memory at a time (100,000 clients hold about 16 GB a world).")
    boolean inTurn;

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "clients: %d within %.3f s, catalogue: %d objects, Zipf s=%.2f%n", crowd.clients, crowd.windowNs / 1e9,
                objects, zipf);
        int bad = 0;
        long wall0 = System.nanoTime();
        for (CdnBench.Run r : CdnBench.both(crowd.clients, objects, zipf, crowd.windowNs, crowd.seed, threads, inTurn)) {
            System.out.printf(Locale.ROOT, "%s: loaded %d, failed %d; load time p50 %.3f ms, p99 %.3f ms; static requests %d, "
                            + "at the origin %d, offload %.4f; setup wall %.3f s, run wall %.3f s, CPU %.3f s, events %d, "
                            + "simulated %.3f s%n",
                    r.cdn() ? "with the CDN" : "without    ", r.loaded(), r.failed(), r.p50Ms(), r.p99Ms(), r.staticRequests(),
                    r.originStatic(), r.offload(), r.setupSeconds(), r.runSeconds(), r.cpuSeconds(), r.events(), r.simulatedSeconds());
            bad += r.loaded() + r.failed() == crowd.clients ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "both runs: %.3f s wall on %d thread%s%s, process CPU %.3f s%npeak heap: %s%npeak RSS: %s%n",
                (System.nanoTime() - wall0) / 1e9, threads, threads == 1 ? "" : "s",
                threads == 1 ? "" : inTurn ? ", one after the other" : ", at once", ResourceUsage.processCpuNanos() / 1e9,
                ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
        return bad == 0 ? 0 : 1;
    }
}
