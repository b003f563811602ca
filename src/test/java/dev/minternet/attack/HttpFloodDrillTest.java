package dev.minternet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/ddos-http-flood.yaml: an HTTP GET flood through a gateway, without and with its rate limit. */
class HttpFloodDrillTest {
    static final Path EXAMPLE = Path.of("examples/ddos-http-flood.yaml");
    static final String LIMIT_OFF = "# rate-limit: {per: client";
    static final String LIMIT_ON = "rate-limit: {per: client";

    static Runs.Result run(Path out, boolean capture, String... fromTo) throws Exception {
        String text = Files.readString(EXAMPLE);
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Scenario s = ScenarioLoader.parse(EXAMPLE.toString(), text);
        return Runs.run(s, out, capture);
    }

    static long n(TraceEvent e, dev.minternet.trace.Field<Long> f) {
        return e.num(f);
    }

    @Test
    void without_a_defence_the_flood_overloads_the_app_and_the_legitimate_client_first_waits_then_fails(@TempDir Path dir)
            throws Exception {
        Runs.Result r = run(dir, false);
        List<TraceEvent> rows = r.events(AttackEvents.TICK);
        assertThat(rows).hasSize(15);
        // Before the flood: 10 GETs a second, each two round trips of 12 ms (handshake, request)
        // plus the app's 5 ms of CPU and the database's 2 ms query and their links' 0.4 ms.
        for (int s = 0; s < 3; s++) {
            assertThat(n(rows.get(s), AttackEvents.LEGIT_OK)).isEqualTo(10);
            assertThat(rows.get(s).get(AttackEvents.P50_MS)).isBetween(31.0, 32.0);
        }
        double before = rows.get(2).get(AttackEvents.P99_MS);
        // The app serves 4 workers / ~7.4 ms = about 540 requests a second; 1000 arrive: its queue
        // grows by ~460 a second, so the client's latency grows by most of a second each second.
        assertThat(rows.get(3).get(AttackEvents.P50_MS)).isGreaterThan(10 * before);
        assertThat(rows.get(4).get(AttackEvents.P50_MS)).isGreaterThan(rows.get(3).get(AttackEvents.P50_MS) + 500);
        // Once the wait passes the gateway's 2 s timeout every request gets 504.
        for (int s = 6; s < 9; s++) {
            assertThat(n(rows.get(s), AttackEvents.LEGIT_OK)).as("second " + s).isZero();
            assertThat(n(rows.get(s), AttackEvents.LEGIT_FAILED)).isEqualTo(10);
            assertThat(n(rows.get(s), AttackEvents.HTTP_ERRORS)).isEqualTo(1000);
        }
        long sent = rows.stream().mapToLong(e -> n(e, AttackEvents.SENT)).sum();
        assertThat(sent).isEqualTo(6000);
        assertThat(rows.stream().mapToLong(e -> n(e, AttackEvents.HTTP_429)).sum()).isZero();
        // Every request ends somewhere: served, error, or no answer.
        long ended = rows.stream().mapToLong(e -> n(e, AttackEvents.ORIGIN_OK) + n(e, AttackEvents.HTTP_ERRORS)
                + n(e, AttackEvents.NO_ANSWER) + n(e, AttackEvents.CACHE_HITS)).sum();
        assertThat(ended).isEqualTo(sent);
        assertThat(Files.readString(dir.resolve("ddos.csv"))).startsWith(Drill.CSV_HEADER + "\n0,10,0,");
    }

    @Test
    void with_the_gateways_rate_limit_each_bot_gets_its_bucket_and_the_client_keeps_its_latency_and_tshark_decodes_it(
            @TempDir Path dir) throws Exception {
        Runs.Result r = run(dir, true, LIMIT_OFF, LIMIT_ON);
        List<TraceEvent> rows = r.events(AttackEvents.TICK);
        for (TraceEvent e : rows) {
            assertThat(n(e, AttackEvents.LEGIT_OK)).as("second " + n(e, AttackEvents.SECOND)).isEqualTo(10);
            assertThat(n(e, AttackEvents.LEGIT_FAILED)).isZero();
        }
        // Token bucket per address: 10 a second, burst 20. Each bot sends 200 a second, one every
        // 5 ms. In the first second a bot spends its 20 tokens at once, then gets the 9 whole
        // tokens that accrue over the remaining 0.995 s: 5 x 29 through; later 5 x 10 a second.
        assertThat(n(rows.get(3), AttackEvents.ORIGIN_OK)).isEqualTo(5 * 29);
        assertThat(n(rows.get(3), AttackEvents.HTTP_429)).isEqualTo(1000 - 5 * 29);
        for (int s = 4; s < 9; s++) {
            assertThat(n(rows.get(s), AttackEvents.ORIGIN_OK)).as("second " + s).isEqualTo(5 * 10);
            assertThat(n(rows.get(s), AttackEvents.HTTP_429)).isEqualTo(1000 - 5 * 10);
            assertThat(rows.get(s).get(AttackEvents.P99_MS)).as("second " + s).isBetween(31.0, 32.0);
        }
        assertThat(dev.minternet.services.gateway.Gateways.of(r.world()).get("gw").limited())
                .isEqualTo(rows.stream().mapToLong(e -> n(e, AttackEvents.HTTP_429)).sum());

        Oracles.tshark();
        Path gw = dir.resolve("gw-eth0.pcap");
        Tshark.assertClean(gw);
        assertThat(Tshark.count(gw, "http.request.method == \"GET\" && ip.src == 10.66.0.0/16")).isEqualTo(6000);
        assertThat(Tshark.count(gw, "http.response.code == 429")).isEqualTo(6000 - 5 * 29 - 5 * 5 * 10);
        assertThat(Tshark.count(gw, "http.request.method == \"GET\" && ip.src == 192.168.1.10")).isEqualTo(150);
        assertThat(Tshark.count(gw, "tcp.analysis.flags && !tcp.analysis.window_update")).isZero();
    }
}
