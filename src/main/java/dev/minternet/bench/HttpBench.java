package dev.minternet.bench;

import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpHandler;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamPipe;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;

/**
 * HTTP throughput over {@link StreamPipe}s in simulated time: C connections, each running R
 * requests, HTTP/1.1 keep-alive (one at a time) or HTTP/2 (up to S streams in flight). Measures
 * wall-clock requests per second of the whole stack (Netty codecs, bridge, pipe, simulator).
 * A benchmark, never a test.
 */
public final class HttpBench {
    private HttpBench() {
    }

    /** What a run measured. */
    public record Result(HttpProtocol protocol, int connections, int requests, boolean gzip, double wallSeconds,
            double cpuSeconds, double simulatedSeconds, long events, long p50Ns, long p99Ns) {
        public double requestsPerSecond() {
            return requests / wallSeconds;
        }

        /** Requests per second of this thread's CPU time (steadier than wall time on a shared machine). */
        public double requestsPerCpuSecond() {
            return requests / cpuSeconds;
        }
    }

    /**
     * @param connections concurrent connections
     * @param perConnection requests on each connection
     * @param streams HTTP/2 streams in flight per connection (ignored for HTTP/1.1)
     * @param bodyBytes response body size
     */
    public static Result run(HttpProtocol p, int connections, int perConnection, int streams, int bodyBytes, boolean gzip) {
        Simulator sim = new Simulator(1);
        byte[] body = body(bodyBytes);
        HttpServer server = new HttpServer(sim, Instant.parse("2026-01-01T00:00:00Z")).gzip(gzip);
        server.route("GET", "/data", HttpHandler.of(r -> Response.ok("text/plain", body)));
        long[] latencies = new long[connections * perConnection];
        int[] count = new int[1];
        HttpClient.Options o = HttpClient.Options.curl("bench").withCompressed(gzip);
        for (int c = 0; c < connections; c++) {
            StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(1_000_000L));
            server.serve(pipe.server());
            HttpClient client = HttpClient.open(sim, pipe.client(), p, o);
            int[] sent = new int[1];
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (sent[0] < perConnection) {
                    sent[0]++;
                    client.send(Request.get("/data"), e -> {
                        if (!e.ok()) {
                            throw new IllegalStateException("bench request failed: " + e.error());
                        }
                        latencies[count[0]++] = e.totalNs();
                        next[0].run();
                    });
                }
            };
            int inFlight = p == HttpProtocol.H2 ? Math.max(1, streams) : 1;
            for (int i = 0; i < inFlight; i++) {
                next[0].run();
            }
        }
        Timed t = Timed.run(sim, latencies, count, "requests");
        return new Result(p, connections, latencies.length, gzip, t.wall(), t.cpu(), sim.now() / 1e9, sim.eventsExecuted(),
                t.p50(), t.p99());
    }

    /** A simulation run to its end, timed on the wall clock and this thread's CPU, with latency percentiles. */
    record Timed(double wall, double cpu, long p50, long p99) {
        /** Runs {@code sim}; fails unless all {@code latencies} were filled ({@code done} of them). */
        static Timed run(Simulator sim, long[] latencies, int[] done, String what) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sim.run();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            if (done[0] != latencies.length) {
                throw new IllegalStateException("only " + done[0] + " of " + latencies.length + " " + what + " finished");
            }
            Arrays.sort(latencies);
            return new Timed(wall, cpu, latencies[latencies.length / 2],
                    latencies[(int) Math.min(latencies.length - 1, latencies.length * 99L / 100)]);
        }
    }

    private static byte[] body(int n) {
        StringBuilder sb = new StringBuilder(n + 64);
        int i = 0;
        while (sb.length() < n) {
            sb.append("item ").append(i++).append(": some text that compresses\n");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }
}
