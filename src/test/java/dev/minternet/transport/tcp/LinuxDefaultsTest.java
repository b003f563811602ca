package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP as Linux 6.x sets it up: the SYN's window and scale, the window growing with rcv_ssthresh,
 * receive and send buffer autotuning, and HyStart++ in CUBIC's slow start.
 */
class LinuxDefaultsTest {
    static final LinkParams GIGABIT_5MS = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(5)
            .withQueuePackets(1000);

    /** One bulk flow a to b for {@code seconds}; returns the receiver's byte count. */
    static long bulk(World w, TcpConfig cfg, double seconds, Apps.Sink sink) {
        w.node("b").tcp().listen(0, 5001, 16, cfg.copy(), c -> c.setHandler(sink));
        w.node("a").tcp().connect(w.resolve("b"), 5001, cfg.copy(), new Apps.BulkSender(Long.MAX_VALUE / 2, false, 1));
        w.sim().runUntil(Math.round(seconds * Durations.S));
        return sink.received;
    }

    @Test
    void the_handshake_offers_64240_and_65160_with_window_scale_7_as_linux_does(@TempDir Path dir) throws IOException {
        World w = Paths.line(1, GIGABIT_5MS);
        Path pcap = dir.resolve("a.pcap");
        PcapWriter writer = new PcapWriter(pcap, w.epoch());
        w.node("a").ip().iface("eth0").addTap((d, out) -> writer.write(w.sim().now(), d));
        bulk(w, new TcpConfig(), 0.012, new Apps.Sink(w.sim(), false));
        writer.close();
        List<Map<String, String>> rows = Tshark.fields(pcap, "tcp", "tcp.flags.str", "tcp.window_size_value",
                "tcp.options.wscale.shift", "tcp.options.mss_val");
        // Linux 6.x: "Flags [S], win 64240, options [mss 1460,sackOK,TS ...,nop,wscale 7]", then
        // "Flags [S.], win 65160, ... wscale 7" and the client's first ACK "win 502" (64256 / 128).
        assertThat(rows.get(0)).containsEntry("tcp.window_size_value", "64240")
                .containsEntry("tcp.options.wscale.shift", "7").containsEntry("tcp.options.mss_val", "1460");
        assertThat(rows.get(1)).containsEntry("tcp.window_size_value", "65160")
                .containsEntry("tcp.options.wscale.shift", "7");
        assertThat(rows.get(2)).containsEntry("tcp.window_size_value", "502");
        Tshark.assertClean(pcap);
    }

    @Test
    void autotuning_lets_one_flow_fill_a_gigabit_20_ms_path_and_a_locked_buffer_does_not() {
        World tuned = Paths.line(1, GIGABIT_5MS, GIGABIT_5MS);
        Apps.Sink sink = new Apps.Sink(tuned.sim(), false);
        bulk(tuned, new TcpConfig(), 1, sink);
        long atOne = sink.received;
        tuned.sim().runUntil(1500 * Durations.MS);
        double mbps = (sink.received - atOne) * 8 / 0.5 / 1e6;
        assertThat(mbps).as("goodput from 1 s to 1.5 s").isGreaterThan(900);
        TcpConnection receiver = tuned.node("b").tcp().connections().get(0);
        assertThat(receiver.receiveBufferSize()).as("grew from 64 KiB").isGreaterThan(2_000_000)
                .isLessThanOrEqualTo(TcpConfig.RMEM_MAX / 2);
        assertThat(receiver.rcvRtt()).as("rcv_rtt").isBetween(20 * Durations.MS, 30 * Durations.MS);
        assertThat(receiver.rcvSpace()).as("rcv_space: bytes read per RTT").isGreaterThan(1_000_000);

        World fixed = Paths.line(1, GIGABIT_5MS, GIGABIT_5MS);
        Apps.Sink sink2 = new Apps.Sink(fixed.sim(), false);
        bulk(fixed, new TcpConfig().moderateRcvbuf(false), 1, sink2);
        // tcp_moderate_rcvbuf=0: the window stays at 64 KiB, about 64 KiB per 20 ms = 26 Mbit/s.
        assertThat(sink2.received * 8 / 1e6).isLessThan(30);
        assertThat(fixed.node("b").tcp().connections().get(0).receiveBufferSize()).isEqualTo(TcpConfig.RMEM_DEFAULT / 2);
    }

    @Test
    void rcv_ssthresh_starts_at_the_syn_window_and_grows_with_each_segment_up_to_the_buffer() {
        World w = Paths.line(1, GIGABIT_5MS);
        Apps.Sink sink = new Apps.Sink(w.sim(), false);
        w.node("b").tcp().listen(0, 5001, 16, new TcpConfig(), c -> c.setHandler(sink));
        TcpConnection a = w.node("a").tcp().connect(w.resolve("b"), 5001, new TcpConfig(),
                new Apps.BulkSender(1448, false, 1));
        w.sim().runUntil(12 * Durations.MS); // the SYN,ACK arrived after one RTT of 10 ms
        assertThat(a.rcvSsthresh()).isEqualTo(64240);
        w.sim().runUntil(16 * Durations.MS); // the segment arrived at b after 15 ms
        TcpConnection b = w.node("b").tcp().connections().get(0);
        // 65160, plus min(room, max(2 x 1460, 2 x 1448)) for the one segment: the room up to the
        // 64 KiB window half of tcp_rmem[1] is 376 bytes.
        assertThat(b.rcvSsthresh()).isEqualTo(65536);
        assertThat(sink.received).isEqualTo(1448);
        assertThat(b.rcvSpace()).as("rcv_space starts at min(rcv_wnd, 10 advmss)").isEqualTo(14600);
    }

    @Test
    void hystart_plus_plus_moves_to_css_on_a_delay_increase_then_to_congestion_avoidance() {
        HyStart h = new HyStart();
        int nxt = 0;
        long[] roundMin = {40, 40, 41, 50};
        for (long rtt : roundMin) {
            nxt += 100;
            for (int k = 0; k < HyStart.N_RTT_SAMPLE; k++) {
                assertThat(h.onAck(nxt - 100 + k + 1, nxt, rtt * Durations.MS)).isEqualTo(h.inCss() ? 4 : 1);
            }
        }
        // 50 ms >= 41 ms + max(4 ms, 41 / 8 ms): Conservative Slow Start, a quarter of the growth
        assertThat(h.inCss()).isTrue();
        for (int round = 1; round < HyStart.CSS_ROUNDS; round++) {
            nxt += 100;
            assertThat(h.onAck(nxt - 99, nxt, 50 * Durations.MS)).isEqualTo(HyStart.CSS_GROWTH_DIVISOR);
        }
        nxt += 100;
        assertThat(h.onAck(nxt - 99, nxt, 50 * Durations.MS)).as("CSS_ROUNDS done: ssthresh = cwnd").isZero();
        assertThat(h.active()).isFalse();
    }

    @Test
    void hystart_plus_plus_returns_to_slow_start_when_the_rtt_falls_back() {
        HyStart h = new HyStart();
        int nxt = 0;
        for (long rtt : new long[] {40, 40, 60}) {
            nxt += 100;
            for (int k = 0; k < HyStart.N_RTT_SAMPLE; k++) {
                h.onAck(nxt - 100 + k + 1, nxt, rtt * Durations.MS);
            }
        }
        assertThat(h.inCss()).isTrue();
        nxt += 100;
        for (int k = 0; k < HyStart.N_RTT_SAMPLE; k++) {
            h.onAck(nxt - 100 + k + 1, nxt, 45 * Durations.MS);
        }
        assertThat(h.inCss()).as("45 ms < the 60 ms baseline: the increase was spurious").isFalse();
    }

    @Test
    void hystart_plus_plus_ends_slow_start_with_fewer_losses_than_plain_slow_start() {
        LinkParams bottleneck = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(20).withQueuePackets(1000);
        LinkParams access = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1).withQueuePackets(1000);
        World on = Paths.line(1, access, bottleneck);
        bulk(on, new TcpConfig().hystartPlusPlus(true), 1.5, new Apps.Sink(on.sim(), false));
        long withHyStart = on.node("a").tcp().connections().get(0).retransmittedSegments();

        World off = Paths.line(1, access, bottleneck);
        bulk(off, new TcpConfig().hystart(false), 1.5, new Apps.Sink(off.sim(), false));
        long without = off.node("a").tcp().connections().get(0).retransmittedSegments();
        assertThat(without).as("doubling slow start overshoots").isPositive();
        assertThat(withHyStart).isLessThan(without / 2);
    }
}
