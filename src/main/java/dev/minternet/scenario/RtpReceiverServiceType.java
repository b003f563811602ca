package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.media.RtpReceiver;
import dev.minternet.units.Units;

/**
 * {@code type: rtp-receiver}: takes in an RTP stream on {@code port} (5004; RTCP on 5005) over
 * {@code transport} udp (default) or tcp (RFC 4571), plays its frames out {@code playout} (100ms)
 * after they are due, and sends receiver reports every {@code rtcp-interval} (1s, randomized).
 * {@code rtpstats} on the node prints what it counted. See {@link RtpReceiver}.
 */
final class RtpReceiverServiceType extends ServiceType<RtpReceiverServiceType.RtpReceiverSpec> {
    /** A media receiver. */
    record RtpReceiverSpec(int port, boolean tcp, long playoutNs, long rtcpIntervalNs, Loc loc) implements ServiceSpec {
    }

    RtpReceiverServiceType() {
        super("rtp-receiver", RtpReceiverSpec.class, "port", "transport", "playout", "rtcp-interval");
    }

    /** {@code udp} (false) or {@code tcp} (true). */
    static boolean transport(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (t.equals("udp") || t.equals("tcp")) {
            return t.equals("tcp");
        }
        throw v.error("expected udp or tcp, got '" + Yaml.oneLine(t) + "'");
    }

    @Override
    RtpReceiverSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        int port = o.opt("port", 5004L, x -> x.integer(1, 65534)).intValue();
        boolean tcp = o.opt("transport", false, RtpReceiverServiceType::transport);
        long playout = o.opt("playout", 100_000_000L, v -> v.parse(Units::durationNs));
        long rtcp = o.opt("rtcp-interval", 1_000_000_000L, Fields::positive);
        return new RtpReceiverSpec(port, tcp, playout, rtcp, o.loc());
    }

    @Override
    void start(RtpReceiverSpec s, Host on) {
        RtpReceiver.listen(on.node(), new RtpReceiver.Config(on.node().name(), s.port(), s.tcp(), s.playoutNs(), s.rtcpIntervalNs()));
    }

    /** The port, the transport and the playout delay. */
    @Override
    String summary(RtpReceiverSpec s) {
        return "port " + s.port() + " over " + (s.tcp() ? "tcp" : "udp") + ", playout " + s.playoutNs() / 1_000_000 + "ms";
    }
}
