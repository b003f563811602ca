package dev.minternet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** examples/ddos-blackhole.yaml: the victim's AS blackholes its /32 at the provider by BGP (RFC 7999). */
class BlackholeDrillTest {
    static final Path EXAMPLE = Path.of("examples/ddos-blackhole.yaml");

    static long n(TraceEvent e, dev.minternet.trace.Field<Long> f) {
        return e.num(f);
    }

    @Test
    void the_provider_drops_everything_to_the_victim_once_the_update_arrives() throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.load(EXAMPLE), null, false);
        List<TraceEvent> rows = r.events(AttackEvents.TICK);
        assertThat(rows).hasSize(50);
        // BGP first: isp hears 203.0.113.0/24 from edge at once but its MRAI toward access (30 s,
        // running since its first UPDATE) holds it until 29 s, so the client has no route before.
        for (int s = 0; s < 28; s++) {
            assertThat(n(rows.get(s), AttackEvents.LEGIT_OK)).as("second " + s).isZero();
        }
        // Then, through the flood until the blackhole, its 5 GETs a second all succeed.
        for (int s = 31; s < 39; s++) {
            assertThat(n(rows.get(s), AttackEvents.LEGIT_OK)).as("second " + s).isEqualTo(5);
        }
        // The flood (300 GETs a second) is served by the static web server until 40 s.
        for (int s = 30; s < 39; s++) {
            assertThat(n(rows.get(s), AttackEvents.ORIGIN_OK)).as("second " + s).isEqualTo(300);
            assertThat(n(rows.get(s), AttackEvents.BLACKHOLED)).isZero();
        }
        // From 41 s nothing reaches web: isp drops every packet to 203.0.113.80, the bots' and the
        // client's alike (the honest cost), and no request of either gets an answer.
        for (int s = 41; s < 50; s++) {
            assertThat(n(rows.get(s), AttackEvents.VICTIM_BYTES)).as("second " + s).isZero();
            assertThat(n(rows.get(s), AttackEvents.BLACKHOLED)).as("second " + s).isGreaterThanOrEqualTo(300);
            assertThat(n(rows.get(s), AttackEvents.LEGIT_OK)).isZero();
            assertThat(n(rows.get(s), AttackEvents.ORIGIN_OK)).isZero();
        }
        for (int s = 41; s < 45; s++) {
            assertThat(n(rows.get(s), AttackEvents.NO_ANSWER)).as("second " + s).isEqualTo(300);
            assertThat(n(rows.get(s), AttackEvents.LEGIT_FAILED)).isEqualTo(5);
        }
        List<TraceEvent> announced = r.events(AttackEvents.BLACKHOLE);
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).time()).isEqualTo(40_000_000_000L);
        assertThat(announced.get(0).get(AttackEvents.PREFIX)).isEqualTo("203.0.113.80/32");

        // The time from the announcement to the last attack packet at the victim: the UPDATE
        // crosses edge--isp (5 ms), after which isp forwards nothing more to web; what it had
        // forwarded just before still crosses isp--edge--web (5 + 1 ms). So at most 11 ms plus
        // serialization (a 1 Gbit/s link: microseconds), and no less than the last 3.3 ms gap
        // between the flood's packets under that.
        Matcher m = Pattern.compile("blackhole 203\\.0\\.113\\.80/32 announced by edge at 40\\.000 s; last attack packet at web: "
                + "([0-9.]+) s \\(\\+([0-9.]+) ms\\)").matcher(r.text());
        assertThat(m.find()).as(r.text()).isTrue();
        double afterMs = Double.parseDouble(m.group(2));
        assertThat(afterMs).isBetween(11.0 - 3.4, 11.1);
        assertThat(r.world().node("isp").service(BgpSpeaker.class).blackholeDrops())
                .isEqualTo(rows.stream().mapToLong(e -> n(e, AttackEvents.BLACKHOLED)).sum());
        // The route stays inside isp's AS (RFC 7999 3.2): access never learns the /32.
        assertThat(r.terminal("isp")).anySatisfy(l -> assertThat(l).contains("blackhole"));
        assertThat(r.world().node("access").service(BgpSpeaker.class).entry(
                new dev.minternet.routing.bgp.BgpMessage.Prefix(dev.minternet.wire.Ip4.parse("203.0.113.80"), 32))).isNull();
    }

    @Test
    void without_the_blackhole_the_flood_reaches_the_victim_to_the_end() throws Exception {
        String text = Files.readString(EXAMPLE).replace("  blackhole: {router: edge, prefix: 203.0.113.80/32, at: 40s}\n", "");
        Runs.Result r = Runs.run(ScenarioLoader.parse(EXAMPLE.toString(), text), null, false);
        List<TraceEvent> rows = r.events(AttackEvents.TICK);
        for (int s = 41; s < 48; s++) {
            assertThat(n(rows.get(s), AttackEvents.ORIGIN_OK)).as("second " + s).isEqualTo(300);
            assertThat(n(rows.get(s), AttackEvents.LEGIT_OK)).isEqualTo(5);
            assertThat(n(rows.get(s), AttackEvents.VICTIM_BYTES)).isPositive();
        }
    }
}
