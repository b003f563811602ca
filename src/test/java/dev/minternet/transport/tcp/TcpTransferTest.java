package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.Hook;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

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

    @Test
    void ten_megabytes_through_loss_and_reordering_arrive_byte_identical() {
        World w = lossyPath(3);
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(TEN_MB, false, 7);
        TcpConnection c = w.node("a").tcp().connect(w.resolve("b"), 5001, sender);
        w.sim().runUntil(120 * Durations.S);
        assertThat(sink.error).isNull();
        assertThat(sink.received).isEqualTo(TEN_MB);
        assertThat(sink.eof).isTrue();
        assertThat(sink.hex()).isEqualTo(sender.hex());
        assertThat(c.retransmittedSegments()).isPositive();
        assertThat(c.fastRecoveries()).isPositive();
        System.out.printf("10 MB over 1%% loss: done at %.2f s, %d retransmissions, %d recoveries, %d timeouts%n",
                sink.eofAt / 1e9, c.retransmittedSegments(), c.fastRecoveries(), c.timeouts());
    }

    @Test
    void ten_megabytes_survive_a_link_failing_for_three_seconds() {
        World w = lossyPath(4);
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(TEN_MB, false, 8);
        TcpConnection c = w.node("a").tcp().connect(w.resolve("b"), 5001, sender);
        w.sim().scheduleAt(2 * Durations.S, () -> w.link("l1").setUp(false));
        w.sim().scheduleAt(5 * Durations.S, () -> w.link("l1").setUp(true));
        w.sim().runUntil(180 * Durations.S);
        assertThat(sink.error).isNull();
        assertThat(sink.received).isEqualTo(TEN_MB);
        assertThat(sink.hex()).isEqualTo(sender.hex());
        assertThat(c.timeouts()).as("the outage is bridged by retransmission timeouts").isPositive();
        System.out.printf("10 MB with a 3 s outage: done at %.2f s, %d retransmissions, %d timeouts%n",
                sink.eofAt / 1e9, c.retransmittedSegments(), c.timeouts());
    }
}
