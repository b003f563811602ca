package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.Durations;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The journey: a browser on the default world's laptop loads https://www.example.com/, narrated from the trace. */
class VisitTest {
    static final String URL = "https://www.example.com/";

    record Run(Scenario scenario, List<TraceEvent> events, List<Narrator.Visit> visits, String json) {
        List<String> text(boolean explain) {
            List<String> l = new ArrayList<>();
            for (Narrator.Visit v : visits) {
                l.addAll(Narrator.render(v, explain));
            }
            return l;
        }
    }

    static Run run(int repeat, String crashNode, long crashAt, long startNs) throws Exception {
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n");
        Scenario s = ScenarioLoader.parse("test.yaml", yaml);
        World w = WorldBuilder.build(s);
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(json);
        w.trace().subscribe(sink);
        if (crashNode != null) {
            w.sim().scheduleAt(crashAt, w.node(crashNode)::crash);
        }
        assertThat(VisitRun.play(w, w.node("laptop"), Collections.nCopies(repeat, URL), startNs, Durations.S)).isTrue();
        w.trace().close();
        return new Run(s, events, new Narrator(events, "laptop").visits(), json.toString());
    }

    @Test
    void step_times_are_trace_events_and_the_steps_add_up_to_the_page_load_time() throws Exception {
        Run r = run(1, null, 0, Durations.S);
        assertThat(r.visits()).hasSize(1);
        Narrator.Visit v = r.visits().get(0);
        assertThat(v.ok()).isTrue();
        TraceEvent loaded = r.events().stream().filter(e -> e.is(BrowserEvents.PAGE_LOADED))
                .findFirst().orElseThrow();
        assertThat(v.loadNs()).isEqualTo(loaded.num(BrowserEvents.LOAD_NS));
        Set<Long> browserTimes = new HashSet<>();
        r.events().stream().filter(e -> e.in(BrowserEvents.CATALOG)).forEach(e -> browserTimes.add(e.time()));
        long sum = 0;
        for (Narrator.Step s : v.steps()) {
            assertThat(browserTimes).contains(s.startNs());
            assertThat(s.durationNs()).isNotNegative();
            sum += s.durationNs();
        }
        assertThat(sum).isEqualTo(v.loadNs());
        assertThat(v.steps()).extracting(Narrator.Step::title).anyMatch(t -> t.startsWith("TCP connection to [2001:db8:93:32::34]:443"))
                .anyMatch(t -> t.startsWith("TLS handshake")).anyMatch(t -> t.equals("GET / -> 200 over h2"))
                .anyMatch(t -> t.startsWith("5 sub-resources (5 requested in parallel on HTTP/2 streams"));
        String text = String.join("\n", r.text(true));
        assertThat(text).contains("Happy Eyeballs (RFC 8305): IPv6 won", "no NAT over IPv6: 2001:db8:81:200:",
                "SYN     [2001:db8:81:200:c8bf:4dff:fe3e:f3e4]:49184 -> [2001:db8:93:32::34]:443",
                "firewall on firewall: ACCEPT (FORWARD rule 10: allow forward tcp to 2001:db8:93:32::34/128 port 443)",
                "TLSv1.3", "CN=www.example.com", "ALPN: the server chose h2", "lb (round-robin: web-1",
                "app worker", "3 rows", "Cache-Control max-age=60", "Waterfall", "Page loaded in");
    }

    @Test
    void a_cold_visit_walks_the_whole_dns_chain() throws Exception {
        Narrator.Visit v = run(1, null, 0, Durations.S).visits().get(0);
        Narrator.Step dns = v.steps().get(1);
        assertThat(dns.title()).isEqualTo("DNS lookup: www.example.com -> 93.184.216.34 and 2001:db8:93:32::34");
        List<String> d = dns.details();
        // a dual-stack laptop asks AAAA beside A, at the same instant (RFC 8305 section 3)
        assertThat(d.get(0)).contains("laptop (stub) asks 192.168.1.1: www.example.com AAAA?");
        assertThat(d.get(1)).contains("laptop (stub) asks 192.168.1.1: www.example.com A?");
        assertThat(d.get(2)).contains("home-router (forwarder) asks 81.2.53.53: www.example.com AAAA?");
        assertThat(d.get(3)).contains("home-router (forwarder) asks 81.2.53.53: www.example.com A?");
        assertThat(d).anyMatch(l -> l.contains("laptop stub resolver: www.example.com AAAA = 2001:db8:93:32::34"));
        assertThat(d.get(4)).containsPattern("isp-a-resolver \\(resolver\\) asks [a-m]\\.root-servers\\.net .*referral to com");
        assertThat(d).anyMatch(l -> l.contains("asks a.gtld-servers.net") && l.contains("referral to example.com"));
        assertThat(d).anyMatch(l -> l.contains("asks a.iana-servers.net (199.43.135.53): www.example.com A? -> NOERROR answer"));
    }

    @Test
    void the_tcp_handshake_takes_the_round_trip_of_the_path_computed_from_the_links() throws Exception {
        Run r = run(1, null, 0, Durations.S);
        Narrator.Step tcp = r.visits().get(0).steps().get(2);
        String route = tcp.details().stream().filter(l -> l.startsWith("route: ")).findFirst().orElseThrow();
        String[] hops = route.substring(7, route.indexOf(" (")).split(" -> ");
        assertThat(hops).startsWith("laptop", "home-router").endsWith("lb");
        double expected = 0;
        // Happy Eyeballs connects over IPv6: IPv6 header 40 + TCP 20 + options (MSS, SACK-permitted, timestamps, window
        // scale) 20; the SYN-ACK too
        int synBytes = 80;
        // the first hop is the home LAN: two cables through the switch (store and forward), each carrying the
        // Ethernet frame (14-byte header) with its FCS, preamble and inter-frame gap (24 bytes); the laptop's carries 2 ms
        Scenario.LanSpec home = r.scenario().lans().get(0);
        assertThat(home.name()).isEqualTo("home-lan");
        long laptopPortDelay = home.ports().get(1).delayNs();
        expected += 2 * (laptopPortDelay + 2 * (synBytes + 14 + 24) * 8 * 1e9 / home.bandwidthBps());
        for (int i = 1; i + 1 < hops.length; i++) {
            Scenario.LinkSpec l = link(r.scenario(), hops[i], hops[i + 1]);
            expected += 2 * (l.delayNs() + synBytes * 8 * 1e9 / l.bandwidthBps());
        }
        // the home router has no neighbour entry for the laptop's SLAAC address yet: before the SYN-ACK goes on, its Neighbor
        // Solicitation and the laptop's Advertisement (72-byte datagrams: IPv6 40 + ICMPv6 24 + link-layer address option 8)
        // cross the LAN's two cables each way
        assertThat(tcp.details()).anyMatch(l -> l.startsWith("neighbour discovery on home-router: "));
        int ndBytes = 72;
        expected += 2 * (laptopPortDelay + 2 * (ndBytes + 14 + 24) * 8 * 1e9 / home.bandwidthBps());
        assertThat((double) tcp.durationNs()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1000.0));
        assertThat(tcp.durationNs()).isBetween(43_600_000L, 43_700_000L);
    }

    static Scenario.LinkSpec link(Scenario s, String x, String y) {
        for (Scenario.LinkSpec l : s.links()) {
            String a = l.a().node();
            String b = l.b().node();
            if ((a.equals(x) && b.equals(y)) || (a.equals(y) && b.equals(x))) {
                return l;
            }
        }
        throw new AssertionError("no link between " + x + " and " + y);
    }

    @Test
    void a_second_visit_uses_the_caches_and_takes_fewer_steps() throws Exception {
        Run r = run(2, null, 0, Durations.S);
        Narrator.Visit cold = r.visits().get(0);
        Narrator.Visit warm = r.visits().get(1);
        assertThat(warm.ok()).isTrue();
        assertThat(warm.steps().size()).isLessThan(cold.steps().size());
        assertThat(warm.steps().get(0).title()).isEqualTo("Browser DNS cache: www.example.com found (hit)");
        assertThat(warm.steps()).noneMatch(s -> s.title().startsWith("DNS lookup"));
        assertThat(warm.steps()).anyMatch(s -> s.title().equals("GET / -> 304 over h2"));
        String text = String.join("\n", Narrator.render(warm, false));
        assertThat(text).contains("If-None-Match \"", "/css/site.css: from the browser cache", "/img/hero.png: from the browser cache",
                "GET /api/users -> 200");
        assertThat(warm.loadNs()).isLessThan(cold.loadNs());
        long dnsQueriesInWarm = r.events().stream().filter(e -> e.is(DnsEvents.QUERY)
                && e.time() >= warm.startNs() && e.time() <= warm.endNs()).count();
        assertThat(dnsQueriesInWarm).isZero();
    }

    @Test
    void with_a_web_server_down_the_load_balancer_steers_around_it() throws Exception {
        // web-2 crashes at once; by 5 s its health checks have failed three times (fall 3, every 1 s)
        Run r = run(1, "web-2", 0, 5 * Durations.S);
        Narrator.Visit v = r.visits().get(0);
        assertThat(v.ok()).isTrue();
        String text = String.join("\n", Narrator.render(v, false));
        assertThat(text).contains("next in rotation among [web-1, web-3]", "web-2 failed its last health check");
        assertThat(text).doesNotContain("round-robin: web-2");
        // crashed just before the visit: the LB tries web-2, gets no answer and retries elsewhere
        Run late = run(1, "web-2", 500 * Durations.MS, Durations.S);
        String t2 = String.join("\n", Narrator.render(late.visits().get(0), false));
        assertThat(late.visits().get(0).ok()).isTrue();
        assertThat(t2).contains("web-2 did not answer (connect timeout), so the request goes to another backend");
    }

    @Test
    void the_same_visit_twice_gives_the_same_narration_and_trace() throws Exception {
        Run a = run(2, null, 0, Durations.S);
        Run b = run(2, null, 0, Durations.S);
        assertThat(b.text(true)).isEqualTo(a.text(true));
        assertThat(b.json()).isEqualTo(a.json());
    }
}
