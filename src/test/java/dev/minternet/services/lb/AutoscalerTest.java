package dev.minternet.services.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * An autoscaling group under a scripted load: 2 requests per second, 15 per second from 60 s to 150 s, then 2
 * again. One instance serves about 9.5 per second (one worker, 100 ms of CPU a request). The scale-outs,
 * registrations, health checks and scale-ins happen at the times the policy gives, computed here.
 */
class AutoscalerTest {
    static final long S = Durations.S;

    @Test
    void instances_are_added_and_removed_at_the_times_the_policy_gives() {
        StringBuilder tl = new StringBuilder();
        // low load at .25 and .75 of each second: each request is done before the next whole second,
        // so the per-second samples then see nothing in flight
        for (int s = 1; s < 330; s++) {
            if (s >= 60 && s < 150) {
                continue;
            }
            tl.append(curl(s + 0.25)).append(curl(s + 0.75));
        }
        for (int i = 0; i < 15 * 90; i++) {
            tl.append(curl(60 + i / 15.0));
        }
        long boot = 21;
        long cooldownOut = 30;
        long cooldownIn = 60;
        long interval = 10;
        String yaml = "name: scaling\nseed: 5\nrouting: global\nduration: 330s\n"
                + "nodes:\n"
                + "  - {name: client, kind: host}\n"
                + "  - {name: r, kind: router}\n"
                + "  - name: lb\n    kind: host\n    services:\n"
                + "      - type: lb\n        port: 80\n        backends: [app-1:8080, app-2:8080, app-3:8080, app-4:8080]\n"
                + "        autoscaling: {min: 1, max: 4, scale-out-above: 2, scale-in-below: 0.5, boot-time: " + boot + "s,"
                + " cooldown-out: " + cooldownOut + "s, cooldown-in: " + cooldownIn + "s, interval: " + interval + "s}\n"
                + app(1) + app(2) + app(3) + app(4)
                + "  - {name: db, kind: host, services: [{type: db, port: 5432, seed: \"builtin:default/seed.sql\", query-time: 1ms}]}\n"
                + "links:\n"
                + "  - {a: client 10.0.0.2/24, b: r 10.0.0.1/24, delay: 1ms}\n"
                + "  - {a: r 10.0.9.1/24, b: lb 10.0.9.2/24, delay: 200us}\n"
                + "  - {a: r 10.0.5.1/24, b: db 10.0.5.2/24, delay: 200us}\n"
                + link(1) + link(2) + link(3) + link(4)
                + "timeline:\n" + tl;
        Runs.Result run = Runs.run(yaml);

        // computed from the policy: the load passes the threshold at 60 s, seen at the next evaluation (70 s);
        // further scale-outs a cooldown-out apart while it stays above (100, 130 s); each instance registers
        // boot-time later and is in service after the balancer's second good check (checks every 2 s)
        long firstOut = 70;
        List<Long> outs = List.of(firstOut, firstOut + cooldownOut, firstOut + 2 * cooldownOut);
        assertThat(times(run, AutoscaleEvents.SCALE_OUT)).containsExactly(outs.get(0) * S, outs.get(1) * S, outs.get(2) * S);
        assertThat(run.events(AutoscaleEvents.SCALE_OUT).stream().map(e -> e.get(AutoscaleEvents.INSTANCE)))
                .containsExactly("app-2", "app-3", "app-4");
        assertThat(times(run, AutoscaleEvents.BOOTED)).containsExactly((outs.get(0) + boot) * S, (outs.get(1) + boot) * S,
                (outs.get(2) + boot) * S);
        List<Long> inService = times(run, AutoscaleEvents.IN_SERVICE_EVENT);
        assertThat(inService).hasSize(3);
        for (int i = 0; i < 3; i++) {
            long registered = outs.get(i) + boot;
            long secondCheck = (registered / 2 + 2) * 2; // the checks at the next two even seconds
            assertThat(inService.get(i)).isBetween(secondCheck * S, secondCheck * S + 50 * Durations.MS);
        }
        // the load falls at 150 s; scale-in waits cooldown-in after the last scaling (130 s), then one more per
        // cooldown-in, newest first, down to min; a drained instance leaves when its requests are done
        long firstIn = outs.get(2) + cooldownIn;
        assertThat(times(run, AutoscaleEvents.SCALE_IN)).containsExactly(firstIn * S, (firstIn + cooldownIn) * S,
                (firstIn + 2 * cooldownIn) * S);
        assertThat(run.events(AutoscaleEvents.SCALE_IN).stream().map(e -> e.get(AutoscaleEvents.INSTANCE)))
                .containsExactly("app-4", "app-3", "app-2");
        List<Long> removed = times(run, AutoscaleEvents.REMOVED);
        assertThat(removed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(removed.get(i)).isBetween((firstIn + i * cooldownIn) * S, (firstIn + i * cooldownIn + 1) * S);
        }
        // no request went to a standby instance, and the evaluations saw the group grow and shrink
        List<TraceEvent> metrics = run.events(AutoscaleEvents.METRIC);
        assertThat(metrics.stream().mapToLong(e -> e.num(AutoscaleEvents.IN_SERVICE)).max().orElse(0)).isEqualTo(4);
        assertThat(metrics.get(metrics.size() - 1).num(AutoscaleEvents.IN_SERVICE)).isEqualTo(1);
        assertThat(run.events(e -> e.is(LbEvents.CHOOSE) && e.get(LbEvents.BACKEND).equals("app-4") && e.time() < inService.get(2)))
                .isEmpty();
    }

    private static List<Long> times(Runs.Result run, dev.minternet.trace.EventType t) {
        List<Long> l = new ArrayList<>();
        run.events(t).forEach(e -> l.add(e.time()));
        return l;
    }

    private static String curl(double at) {
        return String.format(Locale.ROOT, "  - {at: %.6fs, on: client, run: \"curl -s -o /dev/null http://lb/api/users\"}\n", at);
    }

    private static String app(int i) {
        return "  - {name: app-" + i + ", kind: host, services: [{type: app, port: 8080, workers: 1, cpu: 100ms, db: db:5432}]}\n";
    }

    private static String link(int i) {
        return "  - {a: r 10.0." + i + ".1/24, b: app-" + i + " 10.0." + i + ".2/24, delay: 200us}\n";
    }
}
