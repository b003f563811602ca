package dev.minternet.cli;

import dev.minternet.bench.Dumbbell;
import dev.minternet.bench.GrpcBench;
import dev.minternet.bench.HttpBench;
import dev.minternet.bench.LinuxPath;
import dev.minternet.bench.ManyHosts;
import dev.minternet.bench.QueueBench;
import dev.minternet.bench.ResolverBench;
import dev.minternet.bench.ResourceUsage;
import dev.minternet.bench.TlsHandshakeBench;
import dev.minternet.bench.WebBench;
import dev.minternet.http.HttpProtocol;
import dev.minternet.transport.tcp.CongestionAlgorithm;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * minternet bench: benchmark workloads (wall-clock figures; never part of a test). The workloads
 * are listed in {@link #COMMANDS} rather than in the annotation, so that {@code bench dumbbell}
 * builds only its own command (see {@link Main#commandLine(Main, String...)}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark workloads.")
public final class BenchCommand implements Runnable {
    /** The workloads by name (each class's {@code @Command} name), in the order the help lists them. */
    static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("queue", Queue.class);
        COMMANDS.put("manyhosts", Hosts.class);
        COMMANDS.put("tls", Tls.class);
        COMMANDS.put("dumbbell", DumbbellBench.class);
        COMMANDS.put("linuxpath", LinuxPathBench.class);
        COMMANDS.put("http", Http.class);
        COMMANDS.put("grpc", Grpc.class);
        COMMANDS.put("resolver", Resolver.class);
        COMMANDS.put("web", Web.class);
        COMMANDS.put("websocket", BenchWebSocket.class);
        COMMANDS.put("flashcrowd", BenchFlashCrowd.class);
        COMMANDS.put("mqtt", BenchMqtt.class);
        COMMANDS.put("gateway", BenchGateway.class);
        COMMANDS.put("live-pacing", BenchLivePacing.class);
        COMMANDS.put("internet", BenchInternet.class);
        COMMANDS.put("cdn", BenchCdn.class);
    }

    /** The bench command with every workload, or only {@code only} when that names one. */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(BenchCommand.class);
        for (Map.Entry<String, Class<?>> e : COMMANDS.entrySet()) {
            if (only == null || !COMMANDS.containsKey(only) || only.equals(e.getKey())) {
                cl.addSubcommand(e.getKey(), e.getValue());
            }
        }
        return cl;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = "Event-queue throughput: schedule + pop of no-op events (hold model).")
    static final class Queue implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        long events;

        @Option(names = "--events", defaultValue = "50000000", description = "Events to execute (default ${DEFAULT-VALUE}).")
        void setEvents(long v) {
            events = Checks.range(spec, "--events", v, 1, 10_000_000_000L);
        }

        int population;

        @Option(names = "--population", defaultValue = "10000", description = "Pending events held in the queue (default ${DEFAULT-VALUE}).")
        void setPopulation(int v) {
            population = (int) Checks.range(spec, "--population", v, 1, 10_000_000);
        }

        int warmup;

        @Option(names = "--warmup", defaultValue = "2", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
        void setWarmup(int v) {
            warmup = (int) Checks.range(spec, "--warmup", v, 0, 100);
        }

        @Override
        public Integer call() {
            for (int i = 0; i < warmup; i++) {
                QueueBench.run(population, Math.min(events, 10_000_000), 1);
            }
            QueueBench.Result r = QueueBench.run(population, events, 1);
            System.out.printf(Locale.ROOT, "events: %d, population: %d, wall: %.3f s, cpu: %.3f s, "
                            + "throughput: %.2f M events/s wall, %.2f M events/s cpu%n",
                    r.events(), r.population(), r.wallSeconds(), r.cpuSeconds(), r.eventsPerSecond() / 1e6,
                    r.eventsPerCpuSecond() / 1e6);
            return 0;
        }
    }

    @Command(name = "manyhosts", mixinStandardHelpOptions = true,
            description = "UDP echo among H hosts on sqrt(H) edge routers and a core (the ns-3 comparison workload).")
    static final class Hosts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int hosts;

        @Option(names = "--hosts", defaultValue = "10000", description = "Number of hosts H (default ${DEFAULT-VALUE}).")
        void setHosts(int v) {
            hosts = (int) Checks.range(spec, "--hosts", v, 2, 1_000_000);
        }

        int requests;

        @Option(names = "--requests", defaultValue = "10", description = "Echo requests per host K (default ${DEFAULT-VALUE}).")
        void setRequests(int v) {
            requests = (int) Checks.range(spec, "--requests", v, 1, 10_000);
        }

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--lans", description = "Each edge router's hosts behind an Ethernet switch (ARP, learning bridge) "
                + "instead of on point-to-point links.")
        boolean lans;

        @Option(names = "--memory", description = "Also measure the heap a built world holds per host and the heap one "
                + "request holds while in flight (full collections before and after; not part of the timed run).")
        boolean memory;

        int threads;

        @Option(names = "--threads", defaultValue = "1", description = "Threads of a partitioned run (default ${DEFAULT-VALUE}): "
                + "the core and groups of edge routers with their hosts on separate threads, the same results as on one.")
        void setThreads(int v) {
            threads = (int) Checks.range(spec, "--threads", v, 1, 1024);
        }

        @Override
        public Integer call() {
            long cpu0 = ResourceUsage.processCpuNanos();
            ManyHosts.Result r = ManyHosts.run(hosts, requests, seed, lans, threads);
            long cpu1 = ResourceUsage.processCpuNanos();
            System.out.printf(Locale.ROOT, "hosts: %d%s%nrouters: %d%nsetup wall: %.3f s%nrun wall: %.3f s%n"
                            + "requests sent: %d%nreplies received: %d%nevents executed: %d%nsimulated: %.3f s%n"
                            + "events/s: %.2f M%npeak heap: %s%npeak RSS: %s%n",
                    r.hosts(), lans ? " (behind switches)" : "", r.routers(), r.setupSeconds(), r.runSeconds(),
                    r.requestsSent(), r.repliesReceived(),
                    r.events(), r.simulatedSeconds(), r.events() / r.runSeconds() / 1e6,
                    ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
            System.out.printf(Locale.ROOT, "threads: %d%nprocess CPU (setup and run): %.3f s%n", threads, (cpu1 - cpu0) / 1e9);
            if (memory) {
                System.out.printf(Locale.ROOT, "heap per host (built world): %.0f bytes%nheap per request in flight: %.0f bytes%n",
                        ManyHosts.heapPerHost(hosts, seed, lans), ManyHosts.heapPerPacketInFlight(100_000, seed));
            }
            return 0;
        }
    }

    @Command(name = "tls", mixinStandardHelpOptions = true,
            description = "Full TLS 1.3 handshakes in memory, one thread (Ed25519 chain, X25519, seeded randomness).")
    static final class Tls implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int handshakes;

        @Option(names = "--handshakes", defaultValue = "2000", description = "Measured handshakes (default ${DEFAULT-VALUE}).")
        void setHandshakes(int v) {
            handshakes = (int) Checks.range(spec, "--handshakes", v, 1, 1_000_000);
        }

        int warmup;

        @Option(names = "--warmup", defaultValue = "2000", description = "Warm-up handshakes (default ${DEFAULT-VALUE}: "
                + "enough for the JIT to compile the field arithmetic on a busy machine).")
        void setWarmup(int v) {
            warmup = (int) Checks.range(spec, "--warmup", v, 0, 1_000_000);
        }

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            if (warmup > 0) {
                TlsHandshakeBench.run(warmup, seed);
            }
            TlsHandshakeBench.Result r = TlsHandshakeBench.run(handshakes, seed);
            System.out.printf(Locale.ROOT, "handshakes: %d%nwall: %.3f s%nhandshakes/s: %.1f%n"
                            + "handshakes/cpu-s: %.1f%nhandshakes/cpu-s, median of %d batches: %.1f%n"
                            + "flights (B, client first): %s%nclient context build: %.0f us%n",
                    r.handshakes(), r.wallSeconds(), r.handshakesPerSecond(), r.handshakesPerCpuSecond(),
                    TlsHandshakeBench.BATCHES, r.batchMedianPerCpuSecond(), r.flights(), r.clientContextMicros());
            return 0;
        }
    }

    @Command(name = "dumbbell", mixinStandardHelpOptions = true,
            description = "N bulk TCP flows through a 100 Mbit/s, 20 ms bottleneck (the ns-3 comparison workload).")
    static final class DumbbellBench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int flows;

        @Option(names = "--flows", defaultValue = "10", description = "Number of flows N (default ${DEFAULT-VALUE}).")
        void setFlows(int v) {
            flows = (int) Checks.range(spec, "--flows", v, 1, 10_000);
        }

        double simTime;

        @Option(names = "--sim-time", defaultValue = "10", description = "Simulated seconds T (default ${DEFAULT-VALUE}).")
        void setSimTime(double v) {
            simTime = Checks.positive(spec, "--sim-time", v, 86_400);
        }

        @Option(names = "--cc", defaultValue = "newreno", description = "Congestion control: newreno or cubic (default ${DEFAULT-VALUE}).")
        String cc;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
        long seed;

        /**
         * The command for {@code bench dumbbell} with at most its own four options, each once, written
         * {@code --flows 10} or {@code --flows=10}, built without picocli ({@link Main#runPlain}); null for
         * any other command line (picocli reads those, and reports their mistakes). Numbers are taken only
         * in forms every reading gives the same value (digits, no sign, no leading zero for integers; a
         * decimal point for the simulated time) and within the range the setters check; a {@code --cc}
         * value only when it is not empty and starts with neither {@code -} nor {@code @}. The fields are
         * what picocli's parse sets ({@code PlainBenchTest}).
         */
        static DumbbellBench plain(String... args) {
            if (args == null || args.length < 2 || !args[0].equals("bench") || !args[1].equals("dumbbell")) {
                return null;
            }
            String[] values = new String[PLAIN_OPTIONS.size()];
            for (int i = 2; i < args.length; i++) {
                String a = args[i];
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                int k = PLAIN_OPTIONS.indexOf(name);
                if (k < 0 || values[k] != null) {
                    return null;
                }
                String v;
                if (eq >= 0) {
                    v = a.substring(eq + 1);
                } else if (++i < args.length) {
                    v = args[i];
                } else {
                    return null;
                }
                if (v.isEmpty() || v.charAt(0) == '-' || v.charAt(0) == '@') {
                    return null;
                }
                values[k] = v;
            }
            double flows = values[0] == null ? 10 : plainNumber(values[0], false, 1, 10_000);
            double simTime = values[1] == null ? 10 : plainNumber(values[1], true, Double.MIN_VALUE, 86_400);
            double seed = values[3] == null ? 1 : plainNumber(values[3], false, 0, 1e15);
            if (Double.isNaN(flows) || Double.isNaN(simTime) || Double.isNaN(seed)) {
                return null;
            }
            DumbbellBench d = new DumbbellBench();
            d.flows = (int) flows;
            d.simTime = simTime;
            d.cc = values[2] == null ? "newreno" : values[2];
            d.seed = (long) seed;
            return d;
        }

        /**
         * Starts a daemon thread that loads and initialises what the run's measurements and its report
         * use (the JVM's management beans, read for CPU time and peak heap; the formatter, its locale
         * data and the RSS reader), on the second core while this thread builds the world and runs it:
         * on a loaded machine 51 ms after the run and about 14 ms before it were spent on them
         * (bench/compare/README.md). Loading a class earlier changes nothing the simulation does.
         */
        static void warmUpReport() {
            Thread t = new Thread(() -> {
                try {
                    ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported();
                    String.format(Locale.ROOT, "%d %s %.3f %s %s", 1, "x", 1.0,
                            ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
                } catch (RuntimeException | Error e) {
                    // nothing printed here: the command's own call of the same code reports a failure
                }
            }, "report-warm-up");
            t.setDaemon(true);
            t.start();
        }

        private static final List<String> PLAIN_OPTIONS = List.of("--flows", "--sim-time", "--cc", "--seed");

        /**
         * {@code v} as a number when it is at most 15 digits (an integer: no leading zero but in "0";
         * {@code decimal}: also one point between digits) and lies in min..max, else NaN.
         */
        private static double plainNumber(String v, boolean decimal, double min, double max) {
            int point = decimal ? v.indexOf('.') : -1;
            if (v.length() > 15 || point == 0 || point == v.length() - 1
                    || (!decimal && v.length() > 1 && v.charAt(0) == '0')) {
                return Double.NaN;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if ((c < '0' || c > '9') && i != point) {
                    return Double.NaN;
                }
            }
            double d = Double.parseDouble(v);
            return d >= min && d <= max ? d : Double.NaN;
        }

        @Override
        public Integer call() {
            CongestionAlgorithm alg;
            try {
                alg = CongestionAlgorithm.parse(cc);
            } catch (IllegalArgumentException e) {
                throw CliError.usage("--cc: " + e.getMessage());
            }
            warmUpReport();
            Dumbbell.Result r = Dumbbell.run(flows, simTime, alg, seed);
            System.out.printf(Locale.ROOT, "flows: %d%ncongestion control: %s%nsimulated: %.3f s%n"
                            + "goodput: %.2f Mbit/s%njain fairness: %.3f%nbottleneck forwarded: %d packets%n"
                            + "bottleneck dropped: %d packets%nretransmissions: %d (timeouts: %d)%nevents executed: %d%n"
                            + "setup wall: %.3f s%nrun wall: %.3f s%nrun cpu (simulation thread): %.3f s%npeak heap: %s%npeak RSS: %s%n",
                    r.flows(), r.congestionControl(), r.simSeconds(), r.goodputMbps(), r.jain(), r.bottleneckForwarded(),
                    r.bottleneckDropped(), r.retransmissions(), r.timeouts(), r.events(), r.setupSeconds(), r.runSeconds(),
                    r.runCpuSeconds(),
                    ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
            return 0;
        }
    }

    @Command(name = "linuxpath", mixinStandardHelpOptions = true,
            description = "TCP on one 100 Mbit/s, 44 ms path beside real Linux 6.x figures (iperf3).")
    static final class LinuxPathBench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int runs;

        @Option(names = "--runs", defaultValue = "3", description = "Runs per case, median kept (default ${DEFAULT-VALUE}).")
        void setRuns(int v) {
            runs = (int) Checks.range(spec, "--runs", v, 1, 99);
        }

        double simTime;

        @Option(names = "--sim-time", defaultValue = "0",
                description = "Simulated seconds per run (default 0: each case's own, 10 s or 60 s).")
        void setSimTime(double v) {
            simTime = v == 0 ? 0 : Checks.positive(spec, "--sim-time", v, 86_400);
        }

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the first run (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            System.out.printf(Locale.ROOT, "path: 100 Mbit/s bottleneck, 100-packet DropTail, 44 ms RTT;"
                    + " loss on the sender's egress%n"
                    + "linux: 6.x, iperf3, medians of 3 runs (issue 11)%n"
                    + "here: Linux %s, iperf3, medians of 3 runs on this path emulated by bench/linuxpath/run.sh%n"
                    + "minternet: median of %d%n%n", LinuxPath.HERE_KERNEL, runs);
            System.out.printf(Locale.ROOT, "%-20s %6s %11s %15s %7s %11s %7s%n", "case", "time", "linux Mbit/s",
                    "minternet Mbit/s", "ratio", "here Mbit/s", "ratio");
            for (LinuxPath.Case c : LinuxPath.CASES) {
                LinuxPath.Outcome o = LinuxPath.run(c, runs, seed, simTime);
                System.out.printf(Locale.ROOT, "%-20s %5.0fs %12.2f %16.2f %7.3f %11.2f %7.3f   (retransmissions %d, timeouts %d)%n",
                        c.label(), o.seconds(), c.linuxMbps(), o.mbps(), o.ratio(), c.hereMbps(), o.hereRatio(),
                        o.retransmissions(), o.timeouts());
                if (!Double.isNaN(c.linuxJain())) {
                    System.out.printf(Locale.ROOT, "%-20s %6s %12.3f %16.3f %7.3f %11.3f %7.3f%n", "  jain fairness", "",
                            c.linuxJain(), o.jain(), o.jainRatio(), c.hereJain(), o.hereJainRatio());
                }
            }
            return 0;
        }
    }

    /** The options the pipe benchmarks share (http, grpc): connections, HTTP/2 streams in flight, warm-up runs. */
    static final class PipeLoad {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        int connections;

        @Option(names = "--connections", defaultValue = "10", description = "Connections (default ${DEFAULT-VALUE}).")
        void setConnections(int v) {
            connections = (int) Checks.range(spec, "--connections", v, 1, 10_000);
        }

        int streams;

        @Option(names = "--streams", defaultValue = "10", description = "HTTP/2 streams in flight per connection (default ${DEFAULT-VALUE}).")
        void setStreams(int v) {
            streams = (int) Checks.range(spec, "--streams", v, 1, 1000);
        }

        int warmup;

        @Option(names = "--warmup", defaultValue = "2", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
        void setWarmup(int v) {
            warmup = (int) Checks.range(spec, "--warmup", v, 0, 100);
        }

        /** Protocol {@code p}'s measured run of {@code requests} per connection, after the warm-up runs (2,000 at most each). */
        HttpBench.Result http(HttpProtocol p, int requests, int body, boolean gzip) {
            for (int i = 0; i < warmup; i++) {
                HttpBench.run(p, connections, Math.min(requests, 2000), streams, body, gzip);
            }
            return HttpBench.run(p, connections, requests, streams, body, gzip);
        }
    }

    @Command(name = "http", mixinStandardHelpOptions = true,
            description = "HTTP requests per wall second over simulated pipes (HTTP/1.1 keep-alive and HTTP/2).")
    static final class Http implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        PipeLoad load;

        int requests;

        @Option(names = "--requests", defaultValue = "5000", description = "Requests per connection (default ${DEFAULT-VALUE}).")
        void setRequests(int v) {
            requests = (int) Checks.range(spec, "--requests", v, 1, 100_000_000);
        }

        int body;

        @Option(names = "--body", defaultValue = "1024", description = "Response body bytes (default ${DEFAULT-VALUE}).")
        void setBody(int v) {
            body = (int) Checks.range(spec, "--body", v, 0, 16 << 20);
        }

        @Option(names = "--gzip", description = "Compress responses.")
        boolean gzip;

        @Option(names = "--protocol", defaultValue = "both", description = "http1, h2 or both (default ${DEFAULT-VALUE}).")
        String protocol;


        @Override
        public Integer call() {
            List<HttpProtocol> ps = switch (protocol) {
                case "http1" -> List.of(HttpProtocol.HTTP_1_1);
                case "h2" -> List.of(HttpProtocol.H2);
                case "both" -> List.of(HttpProtocol.values());
                default -> null;
            };
            if (ps == null) {
                throw CliError.usage("--protocol must be http1, h2 or both (got '" + protocol + "')");
            }
            for (HttpProtocol p : ps) {
                HttpBench.Result r = load.http(p, requests, body, gzip);
                System.out.printf(Locale.ROOT, "%s: %d requests on %d connections%s, wall %.3f s, %.0f requests/s "
                                + "(%.0f per CPU second), simulated %.3f s, %d events, latency p50 %.3f ms p99 %.3f ms%n",
                        p.alpnId(), r.requests(), r.connections(), r.gzip() ? " (gzip)" : "", r.wallSeconds(),
                        r.requestsPerSecond(), r.requestsPerCpuSecond(), r.simulatedSeconds(), r.events(),
                        r.p50Ns() / 1e6, r.p99Ns() / 1e6);
            }
            return 0;
        }
    }

    @Command(name = "grpc", mixinStandardHelpOptions = true,
            description = "Unary gRPC calls per CPU second over HTTP/2 (users.Users/Get answered from memory), "
                    + "beside HTTP/1.1 and h2 requests with a body of the same size.")
    static final class Grpc implements Callable<Integer> {
        /** The response body of the HTTP runs: the framed User message a Get returns (5 + 33 bytes). */
        static final int BODY = 38;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        PipeLoad load;

        int calls;

        @Option(names = "--calls", defaultValue = "5000", description = "Calls (and HTTP requests) per connection (default ${DEFAULT-VALUE}).")
        void setCalls(int v) {
            calls = (int) Checks.range(spec, "--calls", v, 1, 100_000_000);
        }


        @Override
        public Integer call() {
            for (int i = 0; i < load.warmup; i++) {
                GrpcBench.run(load.connections, Math.min(calls, 2000), load.streams);
            }
            GrpcBench.Result g = GrpcBench.run(load.connections, calls, load.streams);
            System.out.printf(Locale.ROOT, "grpc (h2): %d unary calls on %d connections, wall %.3f s, %.0f calls/s "
                            + "(%.0f per CPU second), simulated %.3f s, %d events, latency p50 %.3f ms p99 %.3f ms%n",
                    g.calls(), g.connections(), g.wallSeconds(), g.callsPerSecond(), g.callsPerCpuSecond(),
                    g.simulatedSeconds(), g.events(), g.p50Ns() / 1e6, g.p99Ns() / 1e6);
            for (HttpProtocol p : HttpProtocol.values()) {
                HttpBench.Result r = load.http(p, calls, BODY, false);
                System.out.printf(Locale.ROOT, "%s: %d requests (%d-byte bodies) on %d connections, wall %.3f s, "
                                + "%.0f requests/s (%.0f per CPU second)%n", p.alpnId(), r.requests(), BODY, r.connections(),
                        r.wallSeconds(), r.requestsPerSecond(), r.requestsPerCpuSecond());
            }
            return 0;
        }
    }

    @Command(name = "resolver", mixinStandardHelpOptions = true,
            description = "A recursive resolver under load from a cold start: Zipf-popular names in many zones.")
    static final class Resolver implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        long lookups;

        @Option(names = "--lookups", defaultValue = "100000", description = "Lookups in all (default ${DEFAULT-VALUE}).")
        void setLookups(long v) {
            lookups = Checks.range(spec, "--lookups", v, 1, 10_000_000_000L);
        }

        int names;

        @Option(names = "--names", defaultValue = "10000", description = "Distinct names (default ${DEFAULT-VALUE}).")
        void setNames(int v) {
            names = (int) Checks.range(spec, "--names", v, 1, 10_000_000);
        }

        int zones;

        @Option(names = "--zones", defaultValue = "100", description = "Zones the names are spread over (default ${DEFAULT-VALUE}).")
        void setZones(int v) {
            zones = (int) Checks.range(spec, "--zones", v, 1, 1_000_000);
        }

        int clients;

        @Option(names = "--clients", defaultValue = "1000", description = "Client hosts (default ${DEFAULT-VALUE}).")
        void setClients(int v) {
            clients = (int) Checks.range(spec, "--clients", v, 1, 1_000_000);
        }

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            if (names < zones) {
                throw CliError.usage("--names must be at least --zones (got " + names + " names in " + zones + " zones)");
            }
            ResolverBench.Result r = ResolverBench.run(clients, lookups, names, zones, seed);
            System.out.printf(Locale.ROOT, "clients: %d%nlookups: %d (answered %d, failed %d)%nupstream queries: %d%n"
                            + "answered from cache: %d (hit ratio %.4f)%njoined a resolution in flight: %d%nsetup wall: %.3f s%nrun wall: %.3f s (thread CPU %.3f s)%n"
                            + "events executed: %d%nsimulated: %.3f s%nevents/s: %.2f M%nlookups/s (wall): %.0f%n"
                            + "peak heap: %s%npeak RSS: %s%n",
                    r.clients(), r.lookups(), r.answered(), r.failed(), r.upstreamQueries(), r.answeredFromCache(),
                    r.cacheHitRatio(), r.coalesced(), r.setupSeconds(), r.runSeconds(), r.runCpuSeconds(), r.events(), r.simulatedSeconds(),
                    r.events() / r.runSeconds() / 1e6, r.lookups() / r.runSeconds(),
                    ResourceUsage.mib(ResourceUsage.peakHeapBytes()), ResourceUsage.mib(ResourceUsage.peakRssBytes()));
            return 0;
        }
    }

    @Command(name = "web", mixinStandardHelpOptions = true,
            description = "C clients each fetch GET /api/users K times over HTTPS through a load balancer (3 app servers, one database).")
    static final class Web implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int clients;

        @Option(names = "--clients", defaultValue = "1000", description = "Clients C (default ${DEFAULT-VALUE}).")
        void setClients(int v) {
            clients = (int) Checks.range(spec, "--clients", v, 1, 100_000);
        }

        int requests;

        @Option(names = "--requests", defaultValue = "10", description = "Requests per client K (default ${DEFAULT-VALUE}).")
        void setRequests(int v) {
            requests = (int) Checks.range(spec, "--requests", v, 1, 10_000);
        }

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            WebBench.Result r = WebBench.run(clients, requests, seed);
            System.out.printf(Locale.ROOT, "clients: %d x %d requests%nrequests ok: %d, failed: %d%nTLS handshakes: %d%n"
                            + "setup wall: %.3f s%nrun wall: %.3f s%nrequests/s wall: %.0f%nTLS handshakes/s wall: %.0f%n"
                            + "last request done at: %.3f s simulated, events: %d%nlatency p50: %.3f ms, p99: %.3f ms (simulated)%npeak heap: %s%n",
                    r.clients(), r.requestsEach(), r.requestsOk(), r.requestsFailed(), r.handshakes(), r.setupSeconds(),
                    r.wallSeconds(), r.requestsOk() / r.wallSeconds(), r.handshakes() / r.wallSeconds(),
                    r.simulatedSeconds(), r.events(), r.p50Ms(), r.p99Ms(),
                    ResourceUsage.mib(ResourceUsage.peakHeapBytes()));
            return 0;
        }
    }
}
