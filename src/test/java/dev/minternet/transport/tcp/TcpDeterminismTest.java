package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.Hook;
import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Same seed, same world: byte-identical trace and capture (DESIGN.md decision 6). */
class TcpDeterminismTest {

    /** SHA-256 of the JSON trace and of the pcap of a lossy, reordered transfer with an outage. */
    static String[] run(long seed) {
        LinkParams access = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1);
        World w = Paths.line(seed, access, LinkParams.DEFAULT.withBandwidth(20_000_000L).withDelayMs(10).withLoss(0.01), access);
        w.node("r1").ip().addFilter(Hook.POSTROUTING, new Reorderer(w.sim(), seed, 0.01, 3 * Durations.MS));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(json);
        w.trace().subscribe(sink);
        ByteArrayOutputStream pcapBytes = new ByteArrayOutputStream();
        PcapWriter pcap = new PcapWriter(pcapBytes, w.epoch());
        w.node("a").ip().iface("eth0").addTap((d, out) -> pcap.write(w.sim().now(), d));
        Apps.Sink app = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(app));
        w.node("a").tcp().connect(w.resolve("b"), 5001, new Apps.BulkSender(2 << 20, false, seed));
        w.sim().scheduleAt(Durations.S, () -> w.link("l1").setUp(false));
        w.sim().scheduleAt(2 * Durations.S, () -> w.link("l1").setUp(true));
        w.sim().runUntil(120 * Durations.S);
        sink.close();
        pcap.close();
        assertThat(app.received).isEqualTo(2 << 20);
        return new String[] {sha(json.toByteArray()), sha(pcapBytes.toByteArray())};
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void same_seed_gives_identical_trace_and_pcap() {
        String[] first = run(21);
        String[] second = run(21);
        assertThat(second).containsExactly(first);
        String[] other = run(22);
        assertThat(other[0]).as("a different seed is a different run").isNotEqualTo(first[0]);
    }
}
