package dev.minternet.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpHandler;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.services.gateway.AuthServer;
import dev.minternet.services.gateway.Gateway;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.sim.Durations;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The gateway's cost per request: C clients, each on its own access link behind one of sqrt(C)
 * edge routers, open one kept-alive HTTP/1.1 connection to the front node and send {@code GET
 * /api/users} K times in a row; two backends answer a small JSON at once. The front is either the
 * plain load balancer (round-robin) or the API gateway over the same pool, checking each request's
 * ES256 JWT (signature, exp, nbf, aud, scope; the JWKS fetched once from an auth node) and a token
 * bucket per client address sized so that nothing is refused. Measured: requests answered 200 per
 * CPU second of the simulation thread (the whole stack: links, IP, TCP, HTTP codecs, proxying),
 * for the gateway beside the load balancer, with the same clients and the same seed.
 */
public final class GatewayBench {
    private GatewayBench() {
    }

    /** One front's run. */
    public record Result(String front, int clients, int requestsEach, long ok, long other, double cpuSeconds, double wallSeconds,
                         long events) {
        public double requestsPerCpuSecond() {
            return cpuSeconds <= 0 ? 0 : ok / cpuSeconds;
        }
    }

    static final Instant EPOCH = Instant.parse("2026-12-04T09:00:00Z");
    static final String AUDIENCE = "https://api.example.com";

    /** Runs the workload through the plain load balancer ({@code gateway} false) or the gateway. */
    public static Result run(boolean gateway, int clients, int requestsEach, long seed) {
        World w = new World(seed, EPOCH);
        Node core = w.addRouter("core");
        List<Node> clientNodes = EdgeStar.clients(w, core, "client", clients, EdgeStar.ACCESS, EdgeStar.BACKBONE);
        Node front = EdgeStar.server(w, core, "front", 200);
        Node auth = EdgeStar.server(w, core, "auth", 201);
        List<LoadBalancer.Target> targets = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Node api = EdgeStar.server(w, core, "api-" + i, 201 + i);
            targets.add(new LoadBalancer.Target(api.name(), api.ip().primaryAddress(), 8080));
        }
        GlobalRouting.install(w);
        for (LoadBalancer.Target t : targets) {
            Node api = w.node(t.name());
            HttpServer s = new HttpServer(w.sim(), EPOCH).serverName("api");
            s.route("GET", "/health", HttpHandler.of(r -> Response.text(200, "ok\n")));
            s.route("GET", "/*", HttpHandler.of(r -> Response.json("[{\"id\":1,\"name\":\"Ada Lovelace\"}]\n")));
            Endpoints.serve(api, 8080, s, List.of());
        }
        AuthServer issuer = new AuthServer(auth, 80, List.of(), new AuthServer.Config("http://auth", JWSAlgorithm.ES256, 3600 * Durations.S,
                List.of(new AuthServer.Client("bench", "secret", List.of("users:read"), AUDIENCE, null))));
        if (gateway) {
            Gateway.Route route = new Gateway.Route("users", null, "/api", "users", false, List.of(), List.of(), 30 * Durations.S, 0,
                    Gateway.Auth.JWT, List.of("users:read"),
                    new Gateway.Limit(Gateway.Per.CLIENT, 1000, Durations.S, requestsEach + 1, false));
            new Gateway(front, 80, List.of(), new Gateway.Config(
                    List.of(new Gateway.Pool("users", LoadBalancer.Algorithm.ROUND_ROBIN, targets)), List.of(route),
                    new Gateway.Jwt(auth.ip().primaryAddress(), 80, "auth", AUDIENCE, "http://auth"), List.of(), 0, 0, null, "api"));
        } else {
            new LoadBalancer(front, 80, List.of(), LoadBalancer.Algorithm.ROUND_ROBIN, LoadBalancer.Health.DEFAULT, targets);
        }
        long now = EPOCH.toEpochMilli();
        long[] ok = new long[1];
        long[] other = new long[1];
        int[] clientsDone = new int[1];
        SplittableRandom rnd = w.sim().randoms().stream("bench:start");
        Dial dial = Dial.http(front.ip().primaryAddress(), 80, HttpClient.Options.curl("api.example.com")).untraced();
        for (Node c : clientNodes) {
            // each client its own token, as each would have fetched one
            String token = issuer.sign(new JWTClaimsSet.Builder().issuer("http://auth").subject(c.name()).audience(AUDIENCE)
                    .issueTime(new Date(now)).notBeforeTime(new Date(now)).expirationTime(new Date(now + 3_600_000))
                    .claim("scope", "users:read").build());
            Request req = Request.get("/api/users").withHeader("Authorization", "Bearer " + token);
            long start = Durations.S + rnd.nextLong(Durations.S);
            w.sim().scheduleAt(start, () -> Endpoints.connect(c, dial, new Steps() {
                @Override
                public void ready(HttpClient h) {
                    fetch(h, req, requestsEach, ok, other, clientsDone);
                }

                @Override
                public void failed(Steps.Failure f) {
                    other[0] += requestsEach;
                    clientsDone[0]++;
                }
            }));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        long limit = 0;
        while (clientsDone[0] < clients && limit < 600 * Durations.S) {
            limit += Durations.S;
            w.sim().runUntil(limit);
        }
        long cpu1 = threads.getCurrentThreadCpuTime();
        long t2 = System.nanoTime();
        return new Result(gateway ? "gateway (JWT ES256 + token bucket)" : "load balancer", clients, requestsEach, ok[0], other[0],
                (cpu1 - cpu0) / 1e9, (t2 - t1) / 1e9, w.sim().eventsExecuted());
    }

    private static void fetch(HttpClient h, Request req, int left, long[] ok, long[] other, int[] clientsDone) {
        if (left == 0) {
            h.close();
            clientsDone[0]++;
            return;
        }
        h.send(req, e -> {
            if (e.ok() && e.response().status() == 200) {
                ok[0]++;
            } else {
                other[0]++;
            }
            fetch(h, req, left - 1, ok, other, clientsDone);
        });
    }
}
