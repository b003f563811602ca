package dev.minternet.services.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/streaming-udp-vs-tcp.yaml end to end: the same RTP stream over UDP and over TCP
 * across a link that drops 1% of packets. UDP loses frames and plays the rest on time; TCP loses
 * none but delivers frames past their playout deadline. tshark decodes RTP and RTCP, and the
 * jitter in each receiver report equals RFC 3550's estimator run on the capture.
 */
class StreamingUdpVsTcpExampleTest {
    static final Path EXAMPLE = Path.of("examples/streaming-udp-vs-tcp.yaml");
    static final List<String> DECODE = List.of("-d", "udp.port==5004,rtp", "-d", "udp.port==5005,rtcp");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static List<TraceEvent> playout(String transport, String status) {
        return run.events(e -> e.is(MediaEvents.PLAYOUT) && e.get(MediaEvents.TRANSPORT).equals(transport)
                && e.get(MediaEvents.STATUS).equals(status));
    }

    @Test
    void under_loss_udp_loses_frames_while_tcp_delivers_them_late_past_the_deadline() {
        long udpMissing = playout("udp", "missing").size();
        assertThat(playout("udp", "late")).as("a lost UDP packet never comes").isEmpty();
        assertThat(udpMissing).as("UDP frames lost").isGreaterThan(10);
        assertThat(playout("udp", "on-time").size() + udpMissing).as("every frame judged").isEqualTo(600);
        List<TraceEvent> tcpLate = playout("tcp", "late");
        assertThat((long) tcpLate.size()).as("TCP frames late").isGreaterThan(udpMissing);
        // every TCP frame missing at its deadline completed later: TCP repaired every loss
        assertThat(playout("tcp", "missing").size()).isLessThanOrEqualTo(tcpLate.size());
        assertThat(playout("tcp", "on-time").size() + tcpLate.size()).isEqualTo(600);
        assertThat(tcpLate).allSatisfy(e -> assertThat(e.num(MediaEvents.LATENESS)).isPositive());
        // the receivers' last reports: losses over UDP, none over TCP
        assertThat(lastRr("udp").num(MediaEvents.CUMULATIVE_LOST)).isPositive();
        assertThat(lastRr("tcp").num(MediaEvents.CUMULATIVE_LOST)).isZero();
        // and rtpstats prints the same counts
        List<String> term = run.terminal("viewer");
        assertThat(term).contains(String.format("    frames: 600 due: %d on time, 0 late, %d lost", 600 - udpMissing, udpMissing),
                String.format("    frames: 600 due: %d on time, %d late, 0 lost", 600 - tcpLate.size(), tcpLate.size()));
    }

    private static TraceEvent lastRr(String transport) {
        List<TraceEvent> rr = run.events(e -> e.is(MediaEvents.RTCP) && e.get(MediaEvents.DIR).equals("send")
                && e.get(MediaEvents.TRANSPORT).equals(transport));
        return rr.get(rr.size() - 1);
    }

    @Test
    void the_sender_derives_the_round_trip_time_from_lsr_and_dlsr() {
        List<TraceEvent> rtts = run.events(e -> e.is(MediaEvents.RTCP) && e.get(MediaEvents.DIR).equals("recv")
                && e.get(MediaEvents.TRANSPORT).equals("udp") && e.num(MediaEvents.RTT) >= 0);
        assertThat(rtts).isNotEmpty();
        // 2 x (5 ms + 20 ms) of propagation, plus serialization and queueing behind the video, to within 1/65536 s
        assertThat(rtts).allSatisfy(e -> assertThat(e.num(MediaEvents.RTT)).isBetween(49_990_000L, 60_000_000L));
    }

    @Test
    void tshark_decodes_rtp_and_rtcp_with_nothing_malformed_and_the_fields_of_the_trace() {
        Oracles.tshark();
        for (String node : List.of("camera-eth0", "r-eth0", "r-eth1", "viewer-eth0")) {
            Path pcap = run.dir().resolve(node + ".pcap");
            Tshark.assertClean(pcap);
            assertThat(Tshark.fieldsWith(pcap, DECODE, Tshark.MALFORMED_FILTER, "frame.number")).as(node).isEmpty();
        }
        Path camera = run.dir().resolve("camera-eth0.pcap");
        List<String> wire = new ArrayList<>();
        for (Map<String, String> r : Tshark.fieldsWith(camera, DECODE, "rtp", "rtp.version", "rtp.p_type", "rtp.seq", "rtp.timestamp",
                "rtp.ssrc", "rtp.marker", "udp.length")) {
            wire.add(r.get("rtp.version") + " " + r.get("rtp.p_type") + " " + r.get("rtp.seq") + " " + r.get("rtp.timestamp") + " "
                    + Long.decode(r.get("rtp.ssrc")) + " " + r.get("rtp.marker") + " " + (Integer.parseInt(r.get("udp.length")) - 8));
        }
        List<String> traced = run.events(e -> e.is(MediaEvents.PACKET) && e.get(MediaEvents.SIDE).equals("sender")
                && e.get(MediaEvents.TRANSPORT).equals("udp")).stream()
                .map(e -> "2 " + e.num(MediaEvents.PT) + " " + e.num(MediaEvents.SEQ) + " " + e.num(MediaEvents.TS) + " "
                        + e.num(MediaEvents.SSRC) + " " + (e.get(MediaEvents.MARKER) ? "1" : "0") + " " + e.num(MediaEvents.BYTES)).toList();
        assertThat(wire).hasSize(4200).isEqualTo(traced);
        // the receiver reports on the wire carry the fields the trace says were sent
        Path viewer = run.dir().resolve("viewer-eth0.pcap");
        List<String> rrWire = new ArrayList<>();
        for (Map<String, String> r : Tshark.fieldsWith(viewer, DECODE, "rtcp.pt == 201 && ip.src == 10.0.2.2", "rtcp.ssrc.fraction",
                "rtcp.ssrc.cum_nr", "rtcp.ssrc.ext_high", "rtcp.ssrc.jitter", "rtcp.ssrc.lsr", "rtcp.ssrc.dlsr", "rtcp.sdes.text")) {
            rrWire.add(r.get("rtcp.ssrc.fraction") + " " + r.get("rtcp.ssrc.cum_nr") + " " + r.get("rtcp.ssrc.ext_high") + " "
                    + r.get("rtcp.ssrc.jitter") + " " + Long.decode(r.get("rtcp.ssrc.lsr")) + " " + r.get("rtcp.ssrc.dlsr").replaceAll(" .*", "")
                    + " " + r.get("rtcp.sdes.text"));
        }
        List<String> rrTraced = run.events(e -> e.is(MediaEvents.RTCP) && e.get(MediaEvents.SIDE).equals("receiver")
                && e.get(MediaEvents.DIR).equals("send") && e.get(MediaEvents.TRANSPORT).equals("udp")).stream()
                .map(e -> e.num(MediaEvents.FRACTION_LOST) + " " + e.num(MediaEvents.CUMULATIVE_LOST) + " " + e.num(MediaEvents.HIGHEST) + " "
                        + e.num(MediaEvents.JITTER) + " " + e.num(MediaEvents.LSR) + " " + e.num(MediaEvents.DLSR) + " rtp@viewer").toList();
        assertThat(rrWire).isNotEmpty().isEqualTo(rrTraced);
    }

    @Test
    void each_receiver_reports_jitter_equals_rfc_3550_a8_computed_on_the_capture() {
        Oracles.tshark();
        Path viewer = run.dir().resolve("viewer-eth0.pcap");
        // every RTP packet and every RR, in capture order, with the capture time in nanoseconds
        List<Map<String, String>> rows = Tshark.fieldsWith(viewer, DECODE, "rtp || (rtcp.pt == 201 && ip.src == 10.0.2.2)",
                "frame.time_epoch", "rtp.timestamp", "rtcp.ssrc.jitter");
        long jitter16 = 0;
        double jitterReal = 0;
        Long lastTransit = null;
        int reports = 0;
        for (Map<String, String> r : rows) {
            long ns = new BigDecimal(r.get("frame.time_epoch")).movePointRight(9).longValueExact();
            if (!r.get("rtp.timestamp").isEmpty()) {
                long arrival = Math.floorDiv(ns, 100_000L) * 9 + Math.floorMod(ns, 100_000L) * 9 / 100_000;
                long transit = (arrival - Long.parseLong(r.get("rtp.timestamp"))) & 0xFFFFFFFFL;
                if (lastTransit != null) {
                    long d = Math.abs((int) (transit - lastTransit));
                    jitter16 += d - ((jitter16 + 8) >> 4);
                    jitterReal += (d - jitterReal) / 16;
                }
                lastTransit = transit;
            } else {
                long reported = Long.parseLong(r.get("rtcp.ssrc.jitter"));
                assertThat(reported).as("RR %d", reports).isEqualTo(jitter16 >> 4);
                assertThat((double) reported).as("RR %d, the real-valued estimator", reports).isCloseTo(jitterReal,
                        org.assertj.core.data.Offset.offset(2.0));
                reports++;
            }
        }
        assertThat(reports).isGreaterThan(15);
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
