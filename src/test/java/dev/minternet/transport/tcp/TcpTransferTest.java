package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.Hook;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end transfers between two hosts over simulated links. */
class TcpTransferTest {
    static final LinkParams FAST = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(5);

    @Test
    void small_transfer_over_a_clean_path_arrives_intact() {
        World w = Paths.line(1, FAST, FAST);
        Node a = w.node("a");
        Node b = w.node("b");
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        b.tcp().listen(5001, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(1_000_000, false, 42);
        a.tcp().connect(w.resolve("b"), 5001, sender);
        w.sim().runUntil(30 * Durations.S);
        assertThat(sink.received).isEqualTo(1_000_000);
        assertThat(sink.eof).isTrue();
        assertThat(sink.hex()).isEqualTo(sender.hex());
        assertThat(a.tcp().connections()).allMatch(c -> c.state() == TcpState.TIME_WAIT || c.state() == TcpState.CLOSED);
    }

    static final LinkParams ACCESS = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1);

    /** a - r1 - r2 - b with a lossy 20 Mbit/s middle link and reordering at r1. */
    static World lossyPath(long seed) {
        World w = Paths.line(seed, ACCESS, LinkParams.DEFAULT.withBandwidth(20_000_000L).withDelayMs(10).withLoss(0.01), ACCESS);
        w.node("r1").ip().addFilter(Hook.POSTROUTING, new Reorderer(w.sim(), seed, 0.01, 3 * Durations.MS));
        return w;
    }

    static final long TEN_MB = 10L * 1024 * 1024;

    /** What a 10 MB run left behind for the oracle checks. */
    record Transfer(World world, TcpConnection sender, Apps.BulkSender app, Apps.Sink sink, Path pcap,
                    Set<String> retransmittedSeqs) {
    }

    /**
     * Sends 10 MB from a to b over {@link #lossyPath}, capturing a's interface to a pcap and
     * recording the sequence numbers our trace calls retransmissions.
     */
    static Transfer transfer(long seed, Path dir, boolean outage) throws IOException {
        World w = lossyPath(seed);
        Path pcap = dir.resolve("a-eth0-" + seed + ".pcap");
        PcapWriter writer = new PcapWriter(pcap, w.epoch());
        w.node("a").ip().iface("eth0").addTap((d, out) -> writer.write(w.sim().now(), d));
        Set<String> rtx = new HashSet<>();
        w.trace().subscribe(e -> {
            if (e.node().equals("a") && e.is(TcpEvents.RETRANSMIT)) {
                rtx.add(e.get(TcpEvents.SEQ));
            }
        });
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(TEN_MB, false, seed * 31);
        TcpConnection c = w.node("a").tcp().connect(w.resolve("b"), 5001, sender);
        if (outage) {
            w.sim().scheduleAt(2 * Durations.S, () -> w.link("l1").setUp(false));
            w.sim().scheduleAt(5 * Durations.S, () -> w.link("l1").setUp(true));
        }
        w.sim().runUntil(200 * Durations.S);
        writer.close();
        return new Transfer(w, c, sender, sink, pcap, rtx);
    }

    /**
     * tshark as the independent judge of a sender-side capture: well formed, checksums right, a
     * retransmission (or out-of-order) flag only on segments our trace retransmitted, and nothing
     * ACKed that was not sent or sent with a gap.
     */
    static void assertTsharkAgrees(Transfer t) {
        Tshark.assertClean(t.pcap());
        String fromA = "ip.src == 10.0.0.1 && tcp.len > 0";
        String flagged = fromA + " && (tcp.analysis.retransmission || tcp.analysis.fast_retransmission"
                + " || tcp.analysis.spurious_retransmission || tcp.analysis.out_of_order)";
        List<Map<String, String>> rows = Tshark.fields(t.pcap(), flagged, "frame.number", "tcp.seq_raw");
        assertThat(rows).as("tshark sees retransmissions").isNotEmpty();
        for (Map<String, String> r : rows) {
            assertThat(t.retransmittedSeqs()).as("frame %s flagged by tshark is a retransmission in our trace",
                    r.get("frame.number")).contains(r.get("tcp.seq_raw"));
        }
        assertThat(Tshark.count(t.pcap(), "tcp.analysis.ack_lost_segment")).as("ACKed unseen segment").isZero();
        assertThat(Tshark.count(t.pcap(), fromA + " && tcp.analysis.lost_segment")).as("previous segment not captured")
                .isZero();
    }

    @Test
    void ten_megabytes_through_loss_and_reordering_arrive_byte_identical(@TempDir Path dir) throws IOException {
        Transfer t = transfer(3, dir, false);
        assertThat(t.sink().error).isNull();
        assertThat(t.sink().received).isEqualTo(TEN_MB);
        assertThat(t.sink().eof).isTrue();
        assertThat(t.sink().hex()).isEqualTo(t.app().hex());
        assertThat(t.sender().retransmittedSegments()).isPositive();
        assertThat(t.sender().fastRecoveries()).isPositive();
        assertTsharkAgrees(t);
    }

    @Test
    void ten_megabytes_survive_a_link_failing_for_three_seconds(@TempDir Path dir) throws IOException {
        Transfer t = transfer(4, dir, true);
        assertThat(t.sink().error).isNull();
        assertThat(t.sink().received).isEqualTo(TEN_MB);
        assertThat(t.sink().hex()).isEqualTo(t.app().hex());
        assertThat(t.sender().timeouts()).as("the outage is bridged by retransmission timeouts").isPositive();
        assertThat(t.sink().eofAt).as("finished after the link came back").isGreaterThan(5 * Durations.S);
        assertTsharkAgrees(t);
    }

    @Test
    void a_reader_that_stops_closes_the_window_and_the_sender_probes_until_it_reopens() {
        World w = Paths.line(5, FAST, FAST);
        Apps.Sink sink = new Apps.Sink(w.sim(), true) {
            @Override
            public void onReadable(TcpConnection c) {
                if (w.sim().now() >= 5 * Durations.S) {
                    super.onReadable(c);
                }
            }
        };
        TcpConnection[] server = new TcpConnection[1];
        w.node("b").tcp().listen(0, 5001, 8, new TcpConfig().receiveBuffer(64 * 1024), c -> {
            server[0] = c;
            c.setHandler(sink);
        });
        w.sim().scheduleAt(5 * Durations.S, () -> sink.onReadable(server[0]));
        Apps.BulkSender sender = new Apps.BulkSender(1_000_000, false, 9);
        TcpConnection c = w.node("a").tcp().connect(w.resolve("b"), 5001, sender);
        w.sim().runUntil(4 * Durations.S);
        assertThat(c.sndWnd()).as("the reader stopped: zero window").isZero();
        assertThat(c.windowProbes()).as("persist timer probes, backing off").isBetween(2L, 6L);
        w.sim().runUntil(30 * Durations.S);
        assertThat(sink.received).isEqualTo(1_000_000);
        assertThat(sink.hex()).isEqualTo(sender.hex());
    }
}
