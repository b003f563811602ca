package dev.minternet.services.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The sidecars in small worlds: certificate rotation with requests across the rotation instants, and outlier
 * ejection of an upstream that stops answering, with its return after the ejection time. The expected times
 * are computed here from the scenario's settings.
 */
class MeshTest {
    /** web (client sidecar) -> r -> orders-1, orders-2 (app + sidecar) -> db. */
    static String world(String duration, String sidecarExtra, String clientExtra, String timeline) {
        return "name: mesh\nseed: 3\nrouting: global\nduration: " + duration + "\n"
                + "nodes:\n"
                + "  - {name: web, kind: host, services: [{type: sidecar, service: web, upstreams: [{service: orders, port: 9001}]"
                + clientExtra + "}]}\n"
                + "  - {name: r, kind: router}\n"
                + "  - {name: orders-1, kind: host, services: [{type: app, port: 8080, cpu: 1ms, db: db:5432},"
                + " {type: sidecar, service: orders, intercept: 8080" + sidecarExtra + "}]}\n"
                + "  - {name: orders-2, kind: host, services: [{type: app, port: 8080, cpu: 1ms, db: db:5432},"
                + " {type: sidecar, service: orders, intercept: 8080" + sidecarExtra + "}]}\n"
                + "  - {name: db, kind: host, services: [{type: db, port: 5432, seed: \"builtin:default/seed.sql\"}]}\n"
                + "links:\n"
                + "  - {a: web 10.1.1.2/24, b: r 10.1.1.1/24, delay: 1ms}\n"
                + "  - {a: r 10.2.1.1/24, b: orders-1 10.2.1.2/24, delay: 200us}\n"
                + "  - {a: r 10.2.2.1/24, b: orders-2 10.2.2.2/24, delay: 200us}\n"
                + "  - {a: r 10.2.3.1/24, b: db 10.2.3.2/24, delay: 200us}\n"
                + "timeline:\n" + timeline;
    }

    static String curlAt(double seconds) {
        return String.format(Locale.ROOT, "  - {at: %.3fs, on: web, run: \"curl -s -o /dev/null -w '%%{http_code}\\\\n' http://web:9001/api/users\"}\n",
                seconds);
    }

    @Test
    void rotation_renews_every_certificate_before_it_ends_and_no_request_fails_across_it() {
        long ttl = 60;
        long renewBefore = 20;
        long period = ttl - renewBefore; // a new certificate every 40 s
        StringBuilder tl = new StringBuilder();
        List<Double> times = new ArrayList<>();
        for (int s = 1; s <= 170; s += 3) {
            times.add((double) s);
        }
        for (long k = 1; k <= 4; k++) { // just before, at, and just after each rotation instant
            times.add(k * period - 0.001);
            times.add((double) k * period);
            times.add(k * period + 0.001);
        }
        times.sort(Double::compare);
        times.forEach(t -> tl.append(curlAt(t)));
        String certs = ", cert-ttl: " + ttl + "s, renew-before: " + renewBefore + "s";
        Runs.Result run = Runs.run(world("175s", certs, certs, tl.toString()));

        // every request answered 200
        assertThat(run.events(e -> e.is(ToolEvents.EXIT)).stream().map(e -> e.num(ToolEvents.CODE))).hasSize(times.size())
                .containsOnly(0L);
        assertThat(run.terminal("web")).hasSize(times.size()).containsOnly("200");

        // each sidecar's certificates: at 0, 40, 80, 120, 160 s, each valid for 60 s and renewed 20 s before its end
        for (String node : List.of("web", "orders-1", "orders-2")) {
            List<TraceEvent> certEvents = run.events(e -> e.is(MeshEvents.CERT) && e.node().equals(node));
            assertThat(certEvents.stream().map(TraceEvent::time)).as(node)
                    .containsExactly(0L, period * Durations.S, 2 * period * Durations.S, 3 * period * Durations.S, 4 * period * Durations.S);
            for (int i = 0; i < certEvents.size(); i++) {
                long issued = i * period;
                assertThat(certEvents.get(i).get(MeshEvents.NOT_AFTER)).isEqualTo(date(issued + ttl));
                assertThat(certEvents.get(i).get(MeshEvents.RENEW_AT)).isEqualTo(date(issued + period));
            }
            assertThat(certEvents.stream().map(e -> e.get(MeshEvents.SERIAL)).distinct()).hasSize(5);
        }
        // the orders sidecars saw web's new certificate after each rotation: the serial web had at that time
        List<TraceEvent> webCerts = run.events(e -> e.is(MeshEvents.CERT) && e.node().equals("web"));
        List<TraceEvent> accepted = run.events(MeshEvents.MTLS);
        assertThat(accepted).isNotEmpty();
        for (TraceEvent m : accepted) {
            int gen = (int) (m.time() / (period * Durations.S));
            assertThat(m.get(MeshEvents.PEER_SERIAL)).as("mtls at " + m.time()).isEqualTo(webCerts.get(gen).get(MeshEvents.SERIAL));
        }
        assertThat(accepted.stream().map(e -> e.get(MeshEvents.PEER_SERIAL)).distinct()).hasSize(5);
        assertThat(run.events(MeshEvents.REFUSED)).isEmpty();
    }

    private static String date(long seconds) {
        return java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds).toString();
    }

    @Test
    void outlier_detection_ejects_an_upstream_that_stops_answering_and_takes_it_back_after_the_ejection_time() {
        StringBuilder tl = new StringBuilder();
        for (int i = 2; i <= 80; i++) { // a request every 0.5 s from 1 s to 40 s
            tl.append(curlAt(i * 0.5));
        }
        tl.append("  - {at: 3.2s, crash: orders-2}\n");
        tl.append("  - {at: 8s, restore: orders-2}\n");
        String client = ", retries: 2, per-try-timeout: 300ms, outlier: {consecutive-5xx: 3, base-ejection-time: 10s}";
        Runs.Result run = Runs.run(world("45s", "", client, tl.toString()));

        // the client never sees the failure: each failed try is retried on the other endpoint
        assertThat(run.terminal("web")).hasSize(79).containsOnly("200");
        List<TraceEvent> ejects = run.events(MeshEvents.EJECT);
        assertThat(ejects).hasSize(1);
        TraceEvent eject = ejects.get(0);
        assertThat(eject.get(MeshEvents.ENDPOINT)).isEqualTo("orders-2:8080");
        assertThat(eject.num(MeshEvents.CONSECUTIVE)).isEqualTo(3);
        assertThat(eject.num(MeshEvents.EJECTION_NS)).isEqualTo(10 * Durations.S);
        // the three failures before it: per-try timeouts on orders-2 after the crash, in a row
        List<TraceEvent> failedTries = run.events(e -> e.is(MeshEvents.ATTEMPT) && e.get(MeshEvents.ENDPOINT).equals("orders-2:8080")
                && e.num(MeshEvents.STATUS) == 0 && e.time() <= eject.time());
        assertThat(failedTries).hasSize(3).allSatisfy(e -> {
            assertThat(e.get(MeshEvents.ERROR)).startsWith("per-try timeout after 300 ms");
            assertThat(e.time()).isGreaterThan((long) (3.2 * Durations.S));
        });
        assertThat(eject.time()).isEqualTo(failedTries.get(2).time());
        // returned exactly the ejection time later; no try went to it in between
        List<TraceEvent> returns = run.events(MeshEvents.RETURN);
        assertThat(returns).hasSize(1);
        assertThat(returns.get(0).time()).isEqualTo(eject.time() + 10 * Durations.S);
        assertThat(run.events(e -> e.is(MeshEvents.ATTEMPT) && e.get(MeshEvents.ENDPOINT).equals("orders-2:8080")
                && e.time() > eject.time() && e.time() < returns.get(0).time())).isEmpty();
        // back in rotation (restored at 8 s): its next try answers 200
        TraceEvent after = run.events(e -> e.is(MeshEvents.ATTEMPT) && e.get(MeshEvents.ENDPOINT).equals("orders-2:8080")
                && e.time() > returns.get(0).time()).get(0);
        assertThat(after.num(MeshEvents.STATUS)).isEqualTo(200);
    }
}
