package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpEvents;
import dev.minternet.testing.Traces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** minternet run --trace, then minternet plot: a PNG of cwnd and throughput. */
class PlotCommandTest {
    @TempDir
    Path dir;

    static final String SCENARIO = """
            name: bulk
            seed: 3
            routing: global
            nodes:
              - {name: a, kind: host}
              - {name: r, kind: router}
              - {name: b, kind: host}
            links:
              - {a: a 10.0.0.1/24, b: r 10.0.0.2/24, bandwidth: 100Mbps, delay: 1ms}
              - {a: r 10.0.1.1/24, b: b 10.0.1.2/24, bandwidth: 10Mbps, delay: 10ms, loss: 0.5%}
            timeline:
              - {at: 0s, on: b, run: "nc -l -d 5001"}
              - {at: 1s, on: a, run: "nc -C newreno -b 2MB b 5001"}
            """;

    @Test
    void plots_a_traced_transfer_to_png() throws Exception {
        Path yaml = dir.resolve("bulk.yaml");
        Files.writeString(yaml, SCENARIO);
        Path trace = dir.resolve("bulk.jsonl");
        assertThat(CliTest.exec("run", yaml.toString(), "--trace", trace.toString()).code()).isZero();
        Path png = dir.resolve("out/cwnd.png");
        CliTest.Outcome o = CliTest.exec("plot", trace.toString(), "-o", png.toString(), "--node", "a");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("wrote " + png + " (1 connection)");
        byte[] b = Files.readAllBytes(png);
        assertThat(b.length).isGreaterThan(10_000);
        assertThat(new String(b, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void a_trace_without_tcp_is_reported() throws Exception {
        Path trace = dir.resolve("empty.jsonl");
        Files.writeString(trace, Traces.line(0, "a", IpEvents.SEND, "10.0.0.1", "10.0.0.2", "icmp", 84L, 64L, 1L, "eth0") + "\n");
        CliTest.Outcome o = CliTest.exec("plot", trace.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("no TCP cwnd events");
    }
}
