package dev.minternet.services.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.services.lb.LoadBalancer.Algorithm;
import dev.minternet.services.lb.LoadBalancer.Health;
import dev.minternet.services.web.Services;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The load balancer on a small data centre: clients c1..c3 and the balancer hang off one router,
 * as do three backends whose answers name them; "/slow" takes a second to answer.
 */
class LoadBalancerTest {
    static final long MS = Durations.MS;
    static final long S = Durations.S;

    final World world = new World(3, Instant.parse("2026-11-21T09:00:00Z"));
    final Node router = world.addRouter("r");
    final List<Node> clients = new ArrayList<>();
    final List<Node> webs = new ArrayList<>();
    final Node lbNode;
    final List<TraceEvent> trace = new ArrayList<>();
    LoadBalancer lb;

    LoadBalancerTest() {
        LinkParams p = LinkParams.DEFAULT.withDelay(MS);
        int net = 1;
        for (int i = 1; i <= 3; i++) {
            Node c = world.addHost("c" + i);
            world.connect(c, Cidr.parse("10.0." + net + ".2/24"), router, Cidr.parse("10.0." + net + ".1/24"), p);
            clients.add(c);
            net++;
        }
        lbNode = world.addHost("lb");
        world.connect(lbNode, Cidr.parse("10.0." + net + ".2/24"), router, Cidr.parse("10.0." + net + ".1/24"), p);
        net++;
        for (int i = 1; i <= 3; i++) {
            Node w = world.addHost("web-" + i);
            world.connect(w, Cidr.parse("10.0." + net + ".2/24"), router, Cidr.parse("10.0." + net + ".1/24"), p);
            webs.add(w);
            net++;
            HttpServer s = new HttpServer(world.sim(), world.epoch()).trace(world.trace());
            s.route("GET", Services.HEALTH, (r, reply) -> reply.accept(Response.text(200, "ok\n")));
            s.route("GET", "/slow", (r, reply) -> world.sim().schedule(S, () ->
                    reply.accept(Response.text(200, w.name() + " slow for " + r.clientAddress()))));
            s.route("GET", "/*", (r, reply) -> reply.accept(Response.text(200, w.name() + " for " + r.clientAddress())));
            Endpoints.serve(w, 80, s, List.of());
        }
        GlobalRouting.install(world);
        world.trace().subscribe(trace::add);
    }

    void balance(Algorithm a) {
        List<LoadBalancer.Target> t = new ArrayList<>();
        for (Node w : webs) {
            t.add(new LoadBalancer.Target(w.name(), w.ip().primaryAddress(), 80));
        }
        lb = new LoadBalancer(lbNode, 80, List.of(), a, new Health("/health", S, 500 * MS, 2, 3), t);
    }

    /** Opens a keep-alive connection from {@code client} to the balancer; {@code then} gets it. */
    void connect(Node client, Consumer<HttpClient> then) {
        TcpStreamSocket.connect(client.tcp(), lbNode.ip().primaryAddress(), 80,
                s -> then.accept(HttpClient.open(world.sim(), s, HttpProtocol.HTTP_1_1, HttpClient.Options.curl("lb"))),
                e -> { throw new AssertionError(e); });
    }

    /** Sends GET {@code path} from {@code client} at {@code at} on a new connection; the answer lands in {@code out}. */
    void get(Node client, long at, String path, List<Exchange> out) {
        world.sim().scheduleAt(at, () -> connect(client, c -> c.send(Request.get(path), e -> {
            out.add(e);
            c.close();
        })));
    }

    static List<String> bodies(List<Exchange> l) {
        return l.stream().map(e -> e.response() == null ? "failed: " + e.error() : e.response().bodyText()).toList();
    }

    List<String> chosen() {
        return trace.stream().filter(e -> e.is(LbEvents.CHOOSE)).map(e -> e.get(LbEvents.BACKEND)).toList();
    }

    @Test
    void roundRobin_rotatesExactly() {
        balance(Algorithm.ROUND_ROBIN);
        List<Exchange> got = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            get(clients.get(i % 3), 100 * MS * (i + 1), "/", got);
        }
        world.sim().runUntil(2 * S);
        assertThat(bodies(got)).containsExactly("web-1 for 10.0.1.2", "web-2 for 10.0.2.2", "web-3 for 10.0.3.2",
                "web-1 for 10.0.1.2", "web-2 for 10.0.2.2", "web-3 for 10.0.3.2", "web-1 for 10.0.1.2");
        assertThat(trace).filteredOn(e -> e.is(LbEvents.CHOOSE))
                .allSatisfy(e -> assertThat(e.get(LbEvents.ALGORITHM)).isEqualTo("round-robin"));
        // keep-alive: one connection per backend carried all its requests
        assertThat(lb.backends()).allSatisfy(b -> assertThat(b.connections()).isEqualTo(1));
    }

    @Test
    void leastConnections_prefersTheIdleBackendUnderUnevenLoad() {
        balance(Algorithm.LEAST_CONNECTIONS);
        List<Exchange> got = new ArrayList<>();
        get(clients.get(0), 100 * MS, "/slow", got);  // web-1 busy for a second
        get(clients.get(1), 110 * MS, "/slow", got);  // web-2 busy for a second
        get(clients.get(2), 200 * MS, "/", got);      // only web-3 is idle
        get(clients.get(2), 300 * MS, "/", got);      // web-3 is idle again; round-robin would say web-1
        get(clients.get(2), 400 * MS, "/", got);
        world.sim().runUntil(3 * S);
        assertThat(chosen()).containsExactly("web-1", "web-2", "web-3", "web-3", "web-3");
        assertThat(bodies(got)).contains("web-1 slow for 10.0.1.2", "web-2 slow for 10.0.2.2");
        assertThat(trace).filteredOn(e -> e.is(LbEvents.CHOOSE)).element(3)
                .satisfies(e -> assertThat(e.get(LbEvents.WHY)).isEqualTo("fewest active requests (web-1=1, web-2=1, web-3=0)"));
    }

    @Test
    void sourceHash_keepsEachClientOnOneBackend() {
        balance(Algorithm.SOURCE_HASH);
        List<Exchange> got = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            get(clients.get(i % 3), 100 * MS * (i + 1), "/", got);
        }
        world.sim().runUntil(3 * S);
        assertThat(got).hasSize(12);
        for (int c = 0; c < 3; c++) {
            String addr = "10.0." + (c + 1) + ".2";
            List<String> backends = bodies(got).stream().filter(b -> b.endsWith(" for " + addr))
                    .map(b -> b.substring(0, b.indexOf(' '))).distinct().toList();
            assertThat(backends).as("client %s", addr).hasSize(1);
        }
    }

    /** 300 distinct client addresses, 10.1.0.1 to 10.1.1.44, as seen by the balancer. */
    static List<Integer> manyClients() {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            l.add(Ip4.parse("10.1.0.0") + i);
        }
        return l;
    }

    /** The backend the balancer picks now for a request from {@code client}. */
    String pick(int client) {
        Request r = new Request("GET", "/", Headers.EMPTY, null, HttpProtocol.HTTP_1_1, client, 40000);
        return lb.choose(r, List.of()).name();
    }

    Map<Integer, String> picks() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int a : manyClients()) {
            m.put(a, pick(a));
        }
        return m;
    }

    @Test
    void sourceHash_spreadsDistinctClientsOverEveryBackend_andKeepsEachOnItsOwn() {
        balance(Algorithm.SOURCE_HASH);
        Map<Integer, String> first = picks();
        Map<String, Integer> load = new TreeMap<>();
        first.values().forEach(b -> load.merge(b, 1, Integer::sum));
        // a fair split is 100 each with a standard deviation of sqrt(300 * 1/3 * 2/3) = 8.2; a
        // good hash stays within 100 +- 30 (3.7 sd), a constant or weak one does not
        assertThat(load).containsOnlyKeys("web-1", "web-2", "web-3");
        assertThat(load.values()).allSatisfy(n -> assertThat(n).isBetween(70, 130));
        assertThat(picks()).isEqualTo(first);
    }

    @Test
    void sourceHash_sendsTheClientsOfADownBackendToTheNextHealthyOne_andBackWhenItReturns() {
        balance(Algorithm.SOURCE_HASH);
        Map<Integer, String> home = picks();
        assertThat(new TreeSet<>(home.values())).as("clients at home on every backend").hasSize(3);
        webs.get(1).crash(); // web-2
        world.sim().runUntil(5 * S); // three failed checks (1 s apart, 500 ms timeout) mark it down
        assertThat(lb.backend("web-2").isUp()).isFalse();
        Map<Integer, String> oneDown = picks();
        for (int a : manyClients()) {
            // only web-2's clients move, each to the next healthy backend in the list: web-3
            assertThat(oneDown.get(a)).as(Ip4.str(a)).isEqualTo(home.get(a).equals("web-2") ? "web-3" : home.get(a));
        }
        assertThat(trace).filteredOn(e -> e.is(LbEvents.CHOOSE) && e.get(LbEvents.BACKEND).equals("web-3")
                && e.get(LbEvents.WHY).contains("(web-2), which is unavailable: next healthy")).isNotEmpty();

        webs.get(2).crash(); // web-3 too: the next healthy after either wraps around to web-1
        world.sim().runUntil(10 * S);
        assertThat(lb.backend("web-3").isUp()).isFalse();
        assertThat(picks().values()).containsOnly("web-1");

        webs.get(1).restore();
        webs.get(2).restore();
        world.sim().runUntil(14 * S); // two good checks each bring them back
        assertThat(lb.backends()).allSatisfy(b -> assertThat(b.isUp()).isTrue());
        // the slot is taken over the whole list, healthy or not, so every client is home again
        assertThat(picks()).isEqualTo(home);
    }

    @Test
    void healthChecks_removeACrashedBackendWithinIntervalTimesFall_noRequestFailsAfter_andItReturnsAfterRise() {
        balance(Algorithm.ROUND_ROBIN);
        List<Exchange> got = new ArrayList<>();
        long crash = 5 * S + 300 * MS;
        long restore = 12 * S + 300 * MS;
        world.sim().scheduleAt(crash, webs.get(1)::crash);
        world.sim().scheduleAt(restore, webs.get(1)::restore);
        for (long t = 100 * MS; t < 20 * S; t += 250 * MS) {
            get(clients.get((int) (t / (250 * MS)) % 3), t, "/", got);
        }
        world.sim().runUntil(21 * S);
        TraceEvent down = trace.stream().filter(e -> e.is(LbEvents.BACKEND_DOWN)).findFirst().orElseThrow();
        TraceEvent up = trace.stream().filter(e -> e.is(LbEvents.BACKEND_UP)).findFirst().orElseThrow();
        assertThat(down.get(LbEvents.BACKEND)).isEqualTo("web-2");
        // checks every 1 s, each failing after its 500 ms timeout: the third failure lands within
        // interval x fall (+ the timeout of the last check) of the crash
        assertThat(down.time() - crash).isPositive().isLessThanOrEqualTo(3 * S + 500 * MS);
        // two good checks after the reboot
        assertThat(up.time() - restore).isPositive().isLessThanOrEqualTo(2 * S + 500 * MS);
        // every request got an answer: the ones caught by the crash went to the next backend
        assertThat(got).hasSize(80).allSatisfy(e -> assertThat(e.ok()).isTrue());
        assertThat(lb.failed()).isZero();
        List<TraceEvent> choices = trace.stream().filter(e -> e.is(LbEvents.CHOOSE)).toList();
        assertThat(choices).filteredOn(e -> e.time() > down.time() && e.time() < up.time())
                .isNotEmpty().allSatisfy(e -> assertThat(e.get(LbEvents.BACKEND)).isNotEqualTo("web-2"));
        assertThat(choices).filteredOn(e -> e.time() > up.time()).extracting(e -> e.get(LbEvents.BACKEND)).contains("web-2");
    }
}
