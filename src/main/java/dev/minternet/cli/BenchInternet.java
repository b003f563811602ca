package dev.minternet.cli;

import dev.minternet.bench.InternetBench;
import dev.minternet.bench.ResourceUsage;
import dev.minternet.scenario.ScenarioException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench internet: a generated internet of N ASes converging from cold, then pings between host pairs. */
@Command(name = "internet", mixinStandardHelpOptions = true,
        description = "Generate N ASes (generate: internet), start every BGP session from cold, run until no UPDATE for"
                + " one MRAI (30 s), then ping P random host pairs; prints wall and simulated convergence, UPDATEs,"
                + " memory and the pairs reached.")
final class BenchInternet implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    int ases;
    int pairs;

    @Option(names = "--ases", defaultValue = "100", description = "Autonomous systems N (default ${DEFAULT-VALUE}).")
    void setAses(int v) {
        ases = (int) Checks.range(spec, "--ases", v, 2, 16384);
    }

    @Option(names = "--pairs", defaultValue = "1000", description = "Random host pairs P pinged after convergence (default ${DEFAULT-VALUE}).")
    void setPairs(int v) {
        pairs = (int) Checks.range(spec, "--pairs", v, 1, 1_000_000);
    }

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated internet and the pairs (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws ScenarioException {
        InternetBench.Result r = InternetBench.run(ases, seed, pairs);
        System.out.printf(Locale.ROOT, "ases: %d%nrouters: %d%nhosts: %d%nsessions established: %d of %d%n"
                        + "build wall: %.3f s%nconvergence wall: %.3f s (cpu %.3f s)%nconvergence (simulated): %s%nUPDATEs sent: %d%n"
                        + "events executed: %d%nevents/s (wall): %.0f%npeak heap: %s%npeak RSS: %s%npairs reached: %d of %d (%.1f%%)%n",
                r.ases(), r.routers(), r.hosts(), r.established(), r.sessions(), r.buildSeconds(), r.convergeSeconds(), r.convergeCpuSeconds(),
                r.convergedNs() < 0 ? "not converged" : String.format(Locale.ROOT, "%.3f s", r.convergedNs() / 1e9),
                r.updates(), r.events(), r.eventsPerSecond(), ResourceUsage.mib(r.peakHeapBytes()),
                ResourceUsage.mib(r.peakRssBytes()), r.reached(), r.pairs(),
                r.pairs() == 0 ? 0.0 : 100.0 * r.reached() / r.pairs());
        return r.convergedNs() >= 0 && r.reached() == r.pairs() ? 0 : 1;
    }
}
