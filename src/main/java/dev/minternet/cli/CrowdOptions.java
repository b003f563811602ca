package dev.minternet.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The crowd's size, window and seed, shared by {@code bench flashcrowd} and {@code bench cdn}. */
final class CrowdOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int clients;

    @Option(names = "--clients", defaultValue = "1000", description = "Laptops N (default ${DEFAULT-VALUE}).")
    void setClients(int v) {
        clients = (int) Checks.range(spec, "--clients", v, 1, 1_000_000);
    }

    long windowNs;

    @Option(names = "--within", paramLabel = "TIME", defaultValue = "10s", converter = Checks.Duration.class,
            description = "The window the visits start in (default ${DEFAULT-VALUE}, at most 1h).")
    void setWithin(long ns) {
        windowNs = Checks.atMost(spec, "--within", ns, 3600L * 1_000_000_000L);
    }

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
    long seed;
}
