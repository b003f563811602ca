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

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "clients: %d within %.3f s, catalogue: %d objects, Zipf s=%.2f%n", crowd.clients, crowd.windowNs / 1e9,
                objects, zipf);
        int bad = 0;
        for (boolean cdn : new boolean[] {true, false}) {
            CdnBench.Run r = CdnBench.run(cdn, crowd.clients, objects, zipf, crowd.windowNs, crowd.seed);
            System.out.printf(Locale.ROOT, "%s: loaded %d, failed %d; load time p50 %.3f ms, p99 %.3f ms; static requests %d, "
                            + "at the origin %d, offload %.4f; setup wall %.3f s, run wall %.3f s, events %d, simulated %.3f s%n",
                    cdn ? "with the CDN" : "without    ", r.loaded(), r.failed(), r.p50Ms(), r.p99Ms(), r.staticRequests(), r.originStatic(),
                    r.offload(), r.setupSeconds(), r.runSeconds(), r.events(), r.simulatedSeconds());
            bad += r.loaded() + r.failed() == crowd.clients ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "peak heap: %s%npeak RSS: %s%n", ResourceUsage.mib(ResourceUsage.peakHeapBytes()),
                ResourceUsage.mib(ResourceUsage.peakRssBytes()));
        return bad == 0 ? 0 : 1;
    }
}
