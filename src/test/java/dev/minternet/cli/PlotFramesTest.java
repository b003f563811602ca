package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpEvents;
import dev.minternet.testing.Traces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * minternet plot --frames: examples/streaming-udp-vs-tcp.yaml's frames, lateness and verdicts, as
 * the "with a plot" asks; its counts are the receivers' own (rtpstats in the same run).
 */
class PlotFramesTest {
    @TempDir
    Path dir;

    @Test
    void plotsTheStreamingExamplesFramesWithTheReceiversOwnCounts() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome run = CliTest.exec("run", "examples/streaming-udp-vs-tcp.yaml", "--trace", trace.toString());
        assertThat(run.code()).as(run.err()).isZero();
        // rtpstats at 25 s: "frames: 600 due: 557 on time, 0 late, 43 lost", UDP's receiver first, then TCP's
        List<String> rtpstats = new ArrayList<>();
        Matcher m = Pattern.compile("frames: \\d+ due: (\\d+ on time, \\d+ late, \\d+ lost)").matcher(run.out());
        while (m.find()) {
            rtpstats.add(m.group(1));
        }
        assertThat(rtpstats).hasSize(2);

        Path svg = dir.resolve("frames.svg");
        CliTest.Outcome o = CliTest.exec("plot", "--frames", trace.toString(), "-o", svg.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("wrote " + svg + " (2 streams)");
        assertThat(lines.get(1)).startsWith("viewer udp (ssrc 0x").endsWith(": " + rtpstats.get(0));
        assertThat(lines.get(2)).startsWith("viewer tcp (ssrc 0x").endsWith(": " + rtpstats.get(1));
        // the teaching point: UDP loses frames and is never late, TCP loses none and is late
        assertThat(rtpstats.get(0)).matches("\\d+ on time, 0 late, [1-9]\\d* lost");
        assertThat(rtpstats.get(1)).matches("\\d+ on time, [1-9]\\d* late, 0 lost");

        String s = Files.readString(svg);
        assertThat(s).contains("Late frames: how long after its playout deadline each completed",
                "Frames by verdict, counted at their deadlines");
        assertThat(s).contains("viewer tcp (ssrc 0x").contains(" late frames");
        assertThat(s).doesNotContain("udp (ssrc 0x" + lines.get(1).substring(19, 27) + ") late frames");

        CliTest.Outcome only = CliTest.exec("plot", "--frames", trace.toString(), "--node", "camera", "-o",
                dir.resolve("none.svg").toString());
        assertThat(only.code()).isEqualTo(1);
        assertThat(only.err()).contains("no rtp playout events on node camera");
    }

    @Test
    void aTraceWithoutRtpIsReported() throws Exception {
        Path trace = dir.resolve("empty.jsonl");
        Files.writeString(trace, Traces.line(0, "a", IpEvents.SEND, "10.0.0.1", "10.0.0.2", "icmp", 84L, 64L, 1L, "eth0") + "\n");
        CliTest.Outcome o = CliTest.exec("plot", "--frames", trace.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("no rtp playout events").doesNotContain("Exception");
    }
}
