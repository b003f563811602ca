package dev.minternet.services.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/flash-crowd-autoscaling.yaml: the group grows at 70, 100 and 130 s and shrinks at 190, 250 and
 * 310 s, as its header says; the client's latency climbs while app-1 is alone and recovers once the instances
 * are in service; both CSV files are printed.
 */
class FlashCrowdAutoscalingExampleTest {
    @TempDir
    Path dir;

    @Test
    void the_group_follows_the_crowd_and_latency_rises_then_recovers() throws Exception {
        Runs.Result run = Runs.example(Path.of("examples/flash-crowd-autoscaling.yaml"), dir);
        assertThat(run.events(AutoscaleEvents.SCALE_OUT).stream().map(e -> e.time() / Durations.S + " " + e.get(AutoscaleEvents.INSTANCE)))
                .containsExactly("70 app-2", "100 app-3", "130 app-4");
        assertThat(run.events(AutoscaleEvents.IN_SERVICE_EVENT).stream().map(e -> e.time() / Durations.S)).containsExactly(94L, 124L, 154L);
        assertThat(run.events(AutoscaleEvents.SCALE_IN).stream().map(e -> e.time() / Durations.S + " " + e.get(AutoscaleEvents.INSTANCE)))
                .containsExactly("190 app-4", "250 app-3", "310 app-2");

        List<String> group = run.terminal("lb");
        assertThat(group.get(0)).isEqualTo("second,queue,in_service,booting");
        assertThat(group).contains("70,23.80,1,0", "180,0.00,4,0", "320,0.00,1,0");
        List<String> latency = run.terminal("client");
        assertThat(latency.get(0)).isEqualTo("second,requests,ok,mean_ms,max_ms");
        double before = meanAt(latency, 50);
        double peak = latency.subList(1, latency.size()).stream().filter(l -> !l.isEmpty())
                .mapToDouble(l -> Double.parseDouble(l.split(",")[3])).max().orElse(0);
        double after = meanAt(latency, 200);
        assertThat(before).isLessThan(150);
        assertThat(peak).isGreaterThan(5000); // seconds of queueing while app-1 is alone
        assertThat(after).isEqualTo(before); // back to an idle instance's latency
        // every request answered 2xx
        assertThat(latency.subList(1, latency.size()).stream().filter(l -> !l.isEmpty()).map(l -> l.split(",")))
                .allMatch(f -> f[1].equals(f[2]));
    }

    private static double meanAt(List<String> csv, int second) {
        return csv.stream().filter(l -> l.startsWith(second + ",")).mapToDouble(l -> Double.parseDouble(l.split(",")[3])).findFirst()
                .orElseThrow();
    }
}
