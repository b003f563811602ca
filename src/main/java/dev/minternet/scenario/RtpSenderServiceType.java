package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.media.RtpSender;
import dev.minternet.units.Units;

/**
 * {@code type: rtp-sender}: an RTP media stream (RFC 3550) to {@code to} ({@code node:port}, an
 * {@code rtp-receiver}) over {@code transport} udp (default) or tcp (RFC 4571), {@code fps} (30)
 * frames a second at {@code bitrate} (2Mbps), each frame cut into packets of at most
 * {@code packet-size} (1200) payload bytes; from {@code start} (0s) for {@code duration} (10s),
 * with a sender report every {@code rtcp-interval} (1s, randomized). See {@link RtpSender}.
 */
final class RtpSenderServiceType extends ServiceType<RtpSenderServiceType.RtpSenderSpec> {
    /** A media sender; its port is the receiver's. */
    record RtpSenderSpec(HostPort to, boolean tcp, long bitrate, int fps, int payloadType, int packetSize, long startNs, long durationNs,
                         long rtcpIntervalNs, Loc loc) implements ServiceSpec {
        @Override
        public int port() {
            return to.port();
        }
    }

    RtpSenderServiceType() {
        super("rtp-sender", RtpSenderSpec.class, "to", "transport", "bitrate", "fps", "payload-type", "packet-size", "start", "duration",
                "rtcp-interval");
    }

    @Override
    RtpSenderSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        HostPort to = entry.node(o.req("to", "the receiver as node:port, e.g. rx:5004"));
        if (to.port() > 65534) {
            throw o.opt("to").error("the port must leave room for RTCP on port + 1 (at most 65534)");
        }
        boolean tcp = o.opt("transport", false, RtpReceiverServiceType::transport);
        int fps = o.opt("fps", 30L, x -> x.integer(1, 1000)).intValue();
        long bitrate = o.opt("bitrate", 2_000_000L, v -> {
            long b = v.parse(Units::bitsPerSecond);
            if (b < 8L * fps || b > 10_000_000_000L) {
                throw v.error("must be between 8 bits per frame and 10Gbps");
            }
            return b;
        });
        int pt = o.opt("payload-type", 96L, x -> x.integer(96, 127)).intValue();
        int size = o.opt("packet-size", 1200L, x -> x.integer(RtpSender.PAYLOAD_HEADER + 1, 65000)).intValue();
        long start = o.opt("start", 0L, v -> v.parse(Units::durationNs));
        long duration = o.opt("duration", 10_000_000_000L, Fields::positive);
        long rtcp = o.opt("rtcp-interval", 1_000_000_000L, Fields::positive);
        return new RtpSenderSpec(to, tcp, bitrate, fps, pt, size, start, duration, rtcp, o.loc());
    }

    @Override
    void start(RtpSenderSpec s, Host on) {
        RtpSender.start(on.node(), new RtpSender.Config(on.node().name(), on.world().resolve(s.to().node()), s.to().port(), s.tcp(),
                s.bitrate(), s.fps(), s.payloadType(), s.packetSize(), s.startNs(), s.durationNs(), s.rtcpIntervalNs()));
    }

    static String rate(long bps) {
        return bps % 1_000_000 == 0 ? bps / 1_000_000 + "Mbit/s" : bps % 1000 == 0 ? bps / 1000 + "kbit/s" : bps + "bit/s";
    }

    /** Where the stream goes, how, and its rate. */
    @Override
    String summary(RtpSenderSpec s) {
        return "to " + s.to().node() + ":" + s.to().port() + " over " + (s.tcp() ? "tcp" : "udp") + ", " + rate(s.bitrate())
                + ", " + s.fps() + " fps";
    }
}
