package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.services.media.ReceptionStats;
import dev.minternet.services.media.RtpReceiver;
import dev.minternet.wire.Ip4;
import java.util.List;
import java.util.Locale;

/**
 * {@code rtpstats [-p port]}: what the node's {@code rtp-receiver}s counted so far, per source:
 * packets expected, received and lost (RFC 3550 A.3), the extended highest sequence number, the
 * interarrival jitter (A.8) in timestamp units and in milliseconds, and the playout's verdict on
 * the frames (on time, late, lost). Modelled on no real tool: a media player's statistics
 * overlay, in text.
 */
public final class Rtpstats implements Tool {
    @Override
    public String name() {
        return "rtpstats";
    }

    @Override
    public String synopsis() {
        return "rtpstats [-p port]";
    }

    @Override
    public void validate(List<String> argv) {
        parse(argv);
    }

    private static int parse(List<String> argv) {
        Args a = new Args(argv, "p", "");
        if (!a.operands.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument '" + a.operands.get(0) + "'");
        }
        return a.integer('p', 0, 1, 65535, "port");
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        int port;
        try {
            port = parse(argv);
        } catch (IllegalArgumentException e) {
            term.println("rtpstats: " + e.getMessage());
            term.println("usage: " + synopsis());
            term.exit(2);
            return;
        }
        int shown = 0;
        for (RtpReceiver rx : RtpReceiver.on(node)) {
            RtpReceiver.Config c = rx.config();
            if (port != 0 && c.port() != port) {
                continue;
            }
            shown++;
            term.println("rtp-receiver port " + c.port() + "/" + (c.tcp() ? "tcp" : "udp") + ", playout " + ms(c.playoutNs()) + " ms");
            if (rx.sources().isEmpty()) {
                term.println("  no stream received");
            }
            for (RtpReceiver.Source s : rx.sources()) {
                ReceptionStats st = s.stats();
                long lost = st.expected() - st.received();
                term.println(String.format(Locale.ROOT, "  SSRC 0x%08X %s from %s", s.ssrc(), s.cname().isEmpty() ? "" : "(" + s.cname() + ")",
                        Ip4.str(s.address())).replace("  from", " from"));
                term.println(String.format(Locale.ROOT, "    packets: %d expected, %d received, %d lost (%.1f%%), highest seq %d",
                        st.expected(), st.received(), lost, st.expected() == 0 ? 0.0 : 100.0 * lost / st.expected(), st.extendedMax()));
                term.println(String.format(Locale.ROOT, "    jitter: %d timestamp units (%.2f ms)", st.jitter(), st.jitter() / 90.0));
                long frames = s.onTime() + s.late() + s.lost();
                term.println(String.format(Locale.ROOT, "    frames: %d due: %d on time, %d late, %d lost", frames, s.onTime(), s.late(), s.lost()));
                if (s.late() > 0) {
                    term.println("    late by: mean " + ms(s.lateMeanNs()) + " ms, max " + ms(s.lateMaxNs()) + " ms");
                }
                term.println("    rtcp: " + s.srReceived() + " sender reports received, " + s.rrSent() + " receiver reports sent");
            }
        }
        if (shown == 0) {
            term.println("rtpstats: no rtp-receiver" + (port == 0 ? "" : " on port " + port) + " on this node");
            term.exit(1);
            return;
        }
        term.exit(0);
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1e6);
    }
}
