package dev.minternet.cli;

import dev.minternet.bench.ManyHosts;
import dev.minternet.bench.QueueBench;
import dev.minternet.bench.ResourceUsage;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench: benchmark workloads (wall-clock figures; never part of a test). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark workloads.",
        subcommands = {BenchCommand.Queue.class, BenchCommand.Hosts.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = "Event-queue throughput: schedule + pop of no-op events (hold model).")
    static final class Queue implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "50000000", description = "Events to execute (default ${DEFAULT-VALUE}).")
        long events;

        @Option(names = "--population", defaultValue = "10000", description = "Pending events held in the queue (default ${DEFAULT-VALUE}).")
        int population;

        @Option(names = "--warmup", defaultValue = "2", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            for (int i = 0; i < warmup; i++) {
                QueueBench.run(population, Math.min(events, 10_000_000), 1);
            }
            QueueBench.Result r = QueueBench.run(population, events, 1);
            System.out.printf(Locale.ROOT, "events: %d, population: %d, wall: %.3f s, throughput: %.2f M events/s%n",
                    r.events(), r.population(), r.wallSeconds(), r.eventsPerSecond() / 1e6);
            return 0;
        }
    }

    @Command(name = "manyhosts", mixinStandardHelpOptions = true,
            description = "UDP echo among H hosts on sqrt(H) edge routers and a core (the ns-3 comparison workload).")
    static final class Hosts implements Callable<Integer> {
        @Option(names = "--hosts", defaultValue = "10000", description = "Number of hosts H (default ${DEFAULT-VALUE}).")
        int hosts;

        @Option(names = "--requests", defaultValue = "10", description = "Echo requests per host K (default ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Override
        public Integer call() {
            if (hosts < 2) {
                System.err.println("minternet bench manyhosts: --hosts must be at least 2");
                return 2;
            }
            ManyHosts.Result r = ManyHosts.run(hosts, requests, seed);
            System.out.printf(Locale.ROOT, "hosts: %d%nrouters: %d%nsetup wall: %.3f s%nrun wall: %.3f s%n"
                            + "requests sent: %d%nreplies received: %d%nevents executed: %d%nsimulated: %.3f s%n"
                            + "events/s: %.2f M%npeak heap: %s%npeak RSS: %s%n",
                    r.hosts(), r.routers(), r.setupSeconds(), r.runSeconds(), r.requestsSent(), r.repliesReceived(),
                    r.events(), r.simulatedSeconds(), r.events() / r.runSeconds() / 1e6,
                    ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
            return 0;
        }
    }
}
