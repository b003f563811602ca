package dev.minternet.cli;

import dev.minternet.bench.GatewayBench;
import dev.minternet.bench.ResourceUsage;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench gateway: requests per CPU second through the API gateway beside the plain load balancer. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "C clients send K requests each through the plain load balancer, then through the API gateway (JWT check, "
                + "token bucket); prints requests per CPU second of each.")
final class BenchGateway implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    int clients;
    int requests;

    @Option(names = "--clients", defaultValue = "200", description = "Clients C (default ${DEFAULT-VALUE}).")
    void setClients(int v) {
        clients = (int) Checks.range(spec, "--clients", v, 1, 100_000);
    }

    @Option(names = "--requests", defaultValue = "50", description = "Requests per client K (default ${DEFAULT-VALUE}).")
    void setRequests(int v) {
        requests = (int) Checks.range(spec, "--requests", v, 1, 10_000);
    }

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        GatewayBench.run(false, Math.min(clients, 20), 5, seed); // warm the JIT on both paths before measuring
        GatewayBench.run(true, Math.min(clients, 20), 5, seed);
        int code = 0;
        double base = 0;
        for (boolean gw : new boolean[] {false, true}) {
            GatewayBench.Result r = GatewayBench.run(gw, clients, requests, seed);
            System.out.printf(Locale.ROOT, "%s: %d x %d requests, ok %d, other %d, CPU %.3f s, wall %.3f s, events %d%n"
                            + "  requests/CPU s: %.0f%s%n",
                    r.front(), r.clients(), r.requestsEach(), r.ok(), r.other(), r.cpuSeconds(), r.wallSeconds(), r.events(),
                    r.requestsPerCpuSecond(), gw && base > 0 ? String.format(Locale.ROOT, " (%.2f of the load balancer's)",
                            r.requestsPerCpuSecond() / base) : "");
            if (!gw) {
                base = r.requestsPerCpuSecond();
            }
            if (r.ok() != (long) r.clients() * r.requestsEach()) {
                code = 1;
            }
        }
        System.out.printf("peak heap: %s%n", ResourceUsage.mib(ResourceUsage.peakHeapBytes()));
        return code;
    }
}
