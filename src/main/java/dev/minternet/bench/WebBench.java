package dev.minternet.bench;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.Request;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.web.Certificates;
import dev.minternet.services.web.Services;
import dev.minternet.sim.Durations;
import dev.minternet.tls.TlsStreamSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The web-stack workload of the web issue: C clients, each on its own access link behind one of
 * sqrt(C) edge routers, open one HTTPS connection (full TLS 1.3 handshake, ALPN h2) to a load
 * balancer and fetch {@code GET /api/users} K times in a row on it; the balancer (round-robin,
 * kept-alive connections) spreads them over three application servers that share one database.
 * Clients start at random instants in the first second.
 */
public final class WebBench {
    private WebBench() {
    }

    /**
     * What a run measured; latencies are simulated, from sending a request to its last byte;
     * {@code simulatedSeconds} is when the last request finished.
     */
    public record Result(int clients, int requestsEach, long requestsOk, long requestsFailed, long handshakes,
            double setupSeconds, double wallSeconds, double simulatedSeconds, long events, double p50Ms, double p99Ms) {
    }

    public static Result run(int clients, int requestsEach, long seed) {
        long t0 = System.nanoTime();
        World w = new World(seed, Instant.parse("2026-11-21T09:00:00Z"));
        Node core = w.addRouter("core");
        List<Node> clientNodes = EdgeStar.clients(w, core, "client", clients, EdgeStar.ACCESS, EdgeStar.BACKBONE);
        Node lb = EdgeStar.server(w, core, "lb", 200);
        Node db = EdgeStar.server(w, core, "db", 201);
        List<LoadBalancer.Target> targets = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Node app = EdgeStar.server(w, core, "app-" + i, 201 + i);
            targets.add(new LoadBalancer.Target(app.name(), app.ip().primaryAddress(), 8080));
        }
        GlobalRouting.install(w);
        Services.db(db, 5432, List.of("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80));"
                + "INSERT INTO users VALUES (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Alan Turing', 'alan@example.com'),"
                + " (3, 'Grace Hopper', 'grace@example.com')"), Durations.MS, 8);
        for (LoadBalancer.Target t : targets) {
            Services.app(w.node(t.name()), 8080, 8, Durations.MS, db.ip().primaryAddress(), 5432, 8, List.of());
        }
        LoadBalancer balancer = new LoadBalancer(lb, 443, Certificates.of(w).identities(List.of("www.example.com")),
                LoadBalancer.Algorithm.ROUND_ROBIN, LoadBalancer.Health.DEFAULT, targets);
        long[] latencies = new long[clients * requestsEach];
        int[] done = new int[1];
        long[] ok = new long[1];
        long[] handshakes = new long[1];
        int[] clientsDone = new int[1];
        long[] lastDone = new long[1];
        SplittableRandom rnd = w.sim().randoms().stream("bench:start");
        Dial dial = Dial.https(lb.ip().primaryAddress(), 443, "www.example.com", HttpClient.Options.curl("www.example.com"))
                .untraced();
        for (Node c : clientNodes) {
            long start = rnd.nextLong(Durations.S);
            w.sim().scheduleAt(start, () -> Endpoints.connect(c, dial, new Steps() {
                @Override
                public void tlsDone(TlsStreamSocket t) {
                    handshakes[0]++;
                }

                @Override
                public void ready(HttpClient h) {
                    fetch(h, requestsEach, latencies, done, ok, clientsDone, lastDone);
                }

                @Override
                public void failed(Steps.Failure f) {
                    done[0] += requestsEach;
                    clientsDone[0]++;
                }
            }));
        }
        long t1 = System.nanoTime();
        long limit = 0;
        while (clientsDone[0] < clients && limit < 600 * Durations.S) {
            limit += Durations.S;
            w.sim().runUntil(limit);
        }
        long t2 = System.nanoTime();
        long[] l = Arrays.copyOf(latencies, (int) ok[0]);
        Arrays.sort(l);
        double p50 = l.length == 0 ? 0 : l[(int) Math.min(l.length - 1, Math.floor(l.length * 0.50))] / 1e6;
        double p99 = l.length == 0 ? 0 : l[(int) Math.min(l.length - 1, Math.floor(l.length * 0.99))] / 1e6;
        return new Result(clients, requestsEach, ok[0], (long) clients * requestsEach - ok[0], handshakes[0],
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, lastDone[0] / 1e9, w.sim().eventsExecuted(), p50, p99);
    }

    private static void fetch(HttpClient h, int left, long[] latencies, int[] done, long[] ok, int[] clientsDone,
            long[] lastDone) {
        if (left == 0) {
            h.close();
            clientsDone[0]++;
            return;
        }
        h.send(Request.get("/api/users"), e -> {
            done[0]++;
            lastDone[0] = Math.max(lastDone[0], e.doneNs());
            if (e.ok() && e.response().status() == 200) {
                latencies[(int) ok[0]++] = e.totalNs();
            }
            fetch(h, left - 1, latencies, done, ok, clientsDone, lastDone);
        });
    }
}
