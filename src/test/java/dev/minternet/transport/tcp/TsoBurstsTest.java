package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

/**
 * Linux's TSO autosizing and deferral (tcp_tso_autosize, tcp_tso_should_defer): in slow start a
 * Linux sender does not release the 2 to 4 segments each ACK allows; it sends TSO packets of about
 * 1 ms of its pacing rate (2 x cwnd / srtt), which the NIC splits into MSS-sized segments leaving
 * back to back. On a 100 Mbit/s, 44 ms path at cwnd 160 to 320 that is 7 to 14 segments.
 */
class TsoBurstsTest {
    static final LinkParams ACCESS = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1)
            .withQueuePackets(1000);
    static final LinkParams BOTTLENECK = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(20)
            .withQueuePackets(1000);

    /**
     * Bursts of data segments leaving a between 0.22 s and 0.30 s (cwnd 80 to 320): {median burst,
     * largest frame}.
     */
    static int[] bursts(TcpConfig cfg) {
        World w = Paths.line(3, ACCESS, BOTTLENECK);
        int[] out = new int[2];
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        long[] last = {Long.MIN_VALUE / 2};
        int[] run = {0};
        w.node("a").ip().iface("eth0").addTap((d, outgoing) -> {
            long now = w.sim().now();
            if (!outgoing || d.length < 1000 || now < 220 * Durations.MS || now > 300 * Durations.MS) {
                return;
            }
            // back to back: within the 12 us a 1500-byte frame takes at 1 Gbit/s (and a little)
            if (now - last[0] > 15 * Durations.US && run[0] > 0) {
                sizes.add(run[0]);
                run[0] = 0;
            }
            run[0]++;
            last[0] = now;
            out[1] = Math.max(out[1], d.length);
        });
        LinuxDefaultsTest.bulk(w, cfg.hystart(false), 0.31, new Apps.Sink(w.sim(), false));
        java.util.Collections.sort(sizes);
        out[0] = sizes.get(sizes.size() / 2);
        return out;
    }

    @Test
    void slow_start_sends_tso_sized_bursts_of_mss_sized_segments_as_linux_does() {
        int[] tso = bursts(new TcpConfig());
        int[] plain = bursts(new TcpConfig().tsoDefer(false));
        assertThat(plain[0]).as("without TSO each ACK of 2 segments releases 4").isLessThanOrEqualTo(4);
        assertThat(tso[0]).as("1 ms of 2 x cwnd / srtt at cwnd 80 to 320: 4 to 14 segments").isBetween(5, 14);
        assertThat(tso[1]).as("the wire carries MSS-sized segments either way").isEqualTo(1500).isEqualTo(plain[1]);
    }
}
