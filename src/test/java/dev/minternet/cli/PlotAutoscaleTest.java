package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plot --autoscale} of examples/flash-crowd-autoscaling.yaml, checked on the chart's data series (not its
 * pixels): the instances arrive at the times the policy gives (computed here as AutoscalerTest computes them),
 * and the load's latency rises while app-1 is alone and recovers once the instances are in service.
 */
class PlotAutoscaleTest {
    @TempDir
    static Path dir;

    static Path trace;
    static PlotAutoscale plot;

    @BeforeAll
    static void runTheExample() throws Exception {
        trace = dir.resolve("flash.jsonl");
        CliTest.Outcome o = CliTest.exec("run", "examples/flash-crowd-autoscaling.yaml", "--trace", trace.toString());
        assertThat(o.code()).as(o.err()).isZero();
        plot = PlotAutoscale.read(trace);
    }

    @Test
    void the_instance_lines_step_at_the_times_the_policy_gives() {
        // the policy of the example: evaluations every 10 s, boot 21 s, cooldown-out 30 s, cooldown-in 60 s, health checks
        // every 2 s with rise 2; the crowd (15/s) from 60 s to 150 s is seen at the first evaluation after it
        long boot = 21;
        List<Long> outs = List.of(70L, 100L, 130L);
        assertThat(plot.scaleOuts).containsExactly(70.0, 100.0, 130.0);
        assertThat(plot.arrivals).hasSize(3);
        for (int i = 0; i < 3; i++) {
            long registered = outs.get(i) + boot;
            long secondCheck = (registered / 2 + 2) * 2;
            assertThat(plot.arrivals.get(i)).isBetween((double) secondCheck, secondCheck + 0.05);
        }
        long firstIn = outs.get(2) + 60;
        assertThat(plot.scaleIns).containsExactly((double) firstIn, firstIn + 60.0, firstIn + 120.0);
        // in service: 1, then one more at each arrival, one less at each scale-in; booting: 1 from each scale-out to its arrival
        double[] probe = {50, 80, 97, 110, 127, 140, 160, 200, 260, 320};
        double[] serving = {1, 1, 2, 2, 3, 3, 4, 3, 2, 1};
        double[] booting = {0, 1, 0, 1, 0, 1, 0, 0, 0, 0};
        for (int i = 0; i < probe.length; i++) {
            assertThat(PlotAutoscale.at(plot.inService, probe[i])).as("in service at %s s", probe[i]).isEqualTo(serving[i]);
            assertThat(PlotAutoscale.at(plot.booting, probe[i])).as("booting at %s s", probe[i]).isEqualTo(booting[i]);
        }
        // the metric panel has one point per evaluation (every 10 s)
        assertThat(plot.metric.get(0)[0]).isEqualTo(10.0);
        assertThat(plot.metric.get(1)[0] - plot.metric.get(0)[0]).isEqualTo(10.0, within(1e-9));
    }

    @Test
    void latency_rises_while_app_1_is_alone_and_recovers_once_the_instances_are_in_service() {
        double before = PlotAutoscale.at(plot.mean, 50);
        assertThat(before).isPositive().isLessThan(150);
        double peak = plot.mean.stream().mapToDouble(p -> p[1]).max().orElseThrow();
        double peakAt = plot.mean.stream().filter(p -> p[1] == peak).findFirst().orElseThrow()[0];
        assertThat(peak).isGreaterThan(5000); // seconds of queueing
        assertThat(peakAt).isBetween(60.0, 160.0);
        // rising: already past a second before the first new instance takes requests
        assertThat(plot.mean.stream().filter(p -> p[0] < plot.arrivals.get(0)).mapToDouble(p -> p[1]).max().orElseThrow())
                .isGreaterThan(1000);
        // recovering: back to the idle latency after the instances arrived, and it stays there once the crowd is gone
        double recovered = plot.mean.stream().filter(p -> p[0] > peakAt && p[1] <= 1.5 * before).findFirst().orElseThrow()[0];
        assertThat(recovered).isGreaterThan(plot.arrivals.get(0)).isLessThan(200);
        assertThat(PlotAutoscale.at(plot.mean, 200)).isEqualTo(before);
        assertThat(plot.max.stream().filter(p -> p[0] == peakAt).findFirst().orElseThrow()[1]).isGreaterThanOrEqualTo(peak);
    }

    @Test
    void the_command_writes_an_svg_and_a_png_and_says_what_it_drew() throws Exception {
        Path svg = dir.resolve("flash.svg");
        CliTest.Outcome o = CliTest.exec("plot", "--autoscale", trace.toString(), "-o", svg.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("wrote " + svg, "scale-outs", "3 scale-ins");
        String text = Files.readString(svg);
        assertThat(text).contains("<svg").contains("mean latency", "in service", "booting or health-checked", "scale-out");
        Path png = dir.resolve("flash.png");
        assertThat(CliTest.exec("plot", "--autoscale", trace.toString(), "-o", png.toString()).code()).isZero();
        assertThat(Files.size(png)).isGreaterThan(1000);
        // a trace without an autoscaling group or a load says so in one line
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "");
        CliTest.Outcome none = CliTest.exec("plot", "--autoscale", empty.toString());
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("no autoscale or load events in " + empty).doesNotContain("Exception");
    }
}
