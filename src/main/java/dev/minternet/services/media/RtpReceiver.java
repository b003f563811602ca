package dev.minternet.services.media;

import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.UdpSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A media receiver (RFC 3550): takes in an RTP stream over UDP (RTP on port P, RTCP on P+1) or
 * over TCP (RFC 4571 framing on port P, RTCP on the same connection), keeps the reception
 * statistics of appendix A (loss, extended highest sequence number, interarrival jitter), sends
 * receiver reports (6.4.2) to the sender every RTCP interval (randomized to 0.5 to 1.5 times it,
 * 6.3.1) until the source has been silent for five intervals (6.3.5), and plays the frames out.
 *
 * <p><b>Playout.</b> A fixed playout buffer, as a simple video player keeps: the first packet's
 * arrival anchors the clock, and the frame with timestamp T must be complete (every packet of
 * it received) by {@code arrival0 + (T - T0) / 90 kHz + playout}. At that deadline a complete
 * frame is played ({@code on-time}); an incomplete one is {@code missing}: over UDP its lost
 * packets never come, so it stays lost; over TCP it comes later, retransmitted, and is counted
 * {@code late} (head-of-line blocking: every frame behind the lost segment waits too). A frame
 * none of whose packets arrived is known from the frame numbers around it. No concealment, no
 * adaptive buffer, no retransmission requests (RFC 4585 NACK).
 */
public final class RtpReceiver {
    /**
     * @param name the node's name (traces, CNAME)
     * @param port the RTP port (RTCP on port + 1 over UDP)
     * @param tcp whether to listen on TCP (RFC 4571) rather than UDP
     * @param playoutNs the playout delay: how long after a frame's due time it may still complete
     * @param rtcpIntervalNs the mean interval between receiver reports
     */
    public record Config(String name, int port, boolean tcp, long playoutNs, long rtcpIntervalNs) {
        public Config {
            if (port < 1 || port > 65534 || playoutNs < 0 || rtcpIntervalNs <= 0) {
                throw new IllegalArgumentException("bad rtp-receiver config");
            }
        }
    }

    /** One frame's playout state. */
    static final class Frame {
        final long number;
        long ts;
        long deadline;
        int packets;
        final java.util.BitSet got = new java.util.BitSet();
        long completedAt = -1;
        boolean judged;
        boolean missing;

        Frame(long number) {
            this.number = number;
        }

        boolean complete() {
            return packets > 0 && got.cardinality() == packets;
        }
    }

    /** What the receiver knows of one source (one SSRC). */
    public final class Source {
        final long ssrc;
        final ReceptionStats stats = new ReceptionStats();
        final int address;
        final int rtcpPort;
        final StreamSocket stream;
        String cname = "";
        long lastSrMiddle;
        long lastSrArrival;
        long lastHeard;
        long srReceived;
        long rrSent;
        int lastFraction;
        long anchorArrival;
        long anchorTs;
        final TreeMap<Long, Frame> frames = new TreeMap<>();
        long highestFrame = -1;
        long onTime;
        long late;
        /** Frames incomplete at their deadline and still incomplete. */
        long missing;
        boolean closed;
        long lateTotalNs;
        long lateMaxNs;
        final Timer rrTimer;

        Source(long ssrc, int address, int rtcpPort, StreamSocket stream) {
            this.ssrc = ssrc;
            this.address = address;
            this.rtcpPort = rtcpPort;
            this.stream = stream;
            this.rrTimer = new Timer(node.sim(), () -> sendReport(this));
        }

        public long ssrc() {
            return ssrc;
        }

        public int address() {
            return address;
        }

        public int port() {
            return rtcpPort - (config.tcp() ? 0 : 1);
        }

        public String cname() {
            return cname;
        }

        public ReceptionStats stats() {
            return stats;
        }

        public long onTime() {
            return onTime;
        }

        public long late() {
            return late;
        }

        /** Frames incomplete at their deadline that have not completed since. */
        public long lost() {
            return missing;
        }

        public long lateMaxNs() {
            return lateMaxNs;
        }

        public long lateMeanNs() {
            return late == 0 ? 0 : lateTotalNs / late;
        }

        public long srReceived() {
            return srReceived;
        }

        public long rrSent() {
            return rrSent;
        }

        public int lastFraction() {
            return lastFraction;
        }
    }

    private final Node node;
    private final Trace trace;
    private final Config config;
    private final String transport;
    private final long ssrc;
    private final SplittableRandom rtcpRandom;
    private final Map<Long, Source> sources = new LinkedHashMap<>();
    private UdpSocket rtcp;

    RtpReceiver(Node node, Config config) {
        this.node = node;
        this.trace = node.trace();
        this.config = config;
        this.transport = config.tcp() ? "tcp" : "udp";
        SplittableRandom r = node.random("rtp-receiver:" + config.port());
        this.ssrc = r.nextLong(1L << 32);
        this.rtcpRandom = node.random("rtp-receiver:" + config.port() + ":rtcp");
    }

    /** A receiver listening on {@code node}'s port {@link Config#port}, attached to the node for {@code rtpstats}. */
    public static RtpReceiver listen(Node node, Config config) {
        RtpReceiver rx = new RtpReceiver(node, config);
        if (config.tcp()) {
            TcpStreamSocket.listen(node.tcp(), config.port(), TcpStreamSocket.noDelay(node.tcp()), rx::accept);
        } else {
            UdpSocket rtp = node.udp().open(config.port());
            rx.rtcp = node.udp().open(config.port() + 1);
            rtp.onReceive((src, srcPort, payload, datagram) -> rx.onRtp(payload, src, srcPort + 1, null));
            rx.rtcp.onReceive((src, srcPort, payload, datagram) -> rx.onRtcp(payload));
        }
        Registry reg = node.service(Registry.class);
        if (reg == null) {
            reg = new Registry();
            node.attach(Registry.class, reg);
        }
        reg.receivers.add(rx);
        return rx;
    }

    /** The receivers of a node, in the order they started: what {@code rtpstats} prints. */
    public static List<RtpReceiver> on(Node node) {
        Registry reg = node.service(Registry.class);
        return reg == null ? List.of() : List.copyOf(reg.receivers);
    }

    /** The receivers attached to a node. */
    static final class Registry {
        final List<RtpReceiver> receivers = new ArrayList<>();
    }

    public Config config() {
        return config;
    }

    public long ssrc() {
        return ssrc;
    }

    public List<Source> sources() {
        return List.copyOf(sources.values());
    }

    private void accept(StreamSocket s) {
        Rfc4571 reader = new Rfc4571();
        s.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket sock, byte[] data) {
                for (byte[] p : reader.read(data)) {
                    if (Rtcp.isRtcp(p)) {
                        onRtcp(p);
                    } else {
                        onRtp(p, sock.remoteAddress(), sock.remotePort(), sock);
                    }
                }
            }

            @Override
            public void onPeerClosed(StreamSocket sock) {
                closed(sock);
                sock.close();
            }

            @Override
            public void onClosed(StreamSocket sock, String error) {
                closed(sock);
            }
        });
    }

    private void closed(StreamSocket sock) {
        for (Source src : sources.values()) {
            if (src.stream == sock) {
                src.closed = true;
            }
        }
    }

    private void onRtp(byte[] b, int from, int rtcpPort, StreamSocket stream) {
        RtpPacket p = RtpPacket.parse(b);
        if (p == null || p.payload().length < RtpSender.PAYLOAD_HEADER) {
            return;
        }
        long now = node.sim().now();
        Source src = sources.get(p.ssrc());
        if (src == null) {
            src = new Source(p.ssrc(), from, rtcpPort, stream);
            sources.put(p.ssrc(), src);
            src.anchorArrival = now;
            src.anchorTs = p.timestamp();
            src.rrTimer.setAfter(interval());
        }
        src.lastHeard = now;
        long arrival = now * RtpSender.CLOCK / 1_000_000_000L;
        src.stats.update(p.sequence(), p.timestamp(), arrival);
        byte[] pl = p.payload();
        long frameNo = RtpPacket.get32(pl, 0);
        int index = (pl[4] & 0xFF) << 8 | pl[5] & 0xFF;
        int count = (pl[6] & 0xFF) << 8 | pl[7] & 0xFF;
        if (trace.enabled()) {
            trace.emit(config.name(), MediaEvents.PACKET, "receiver", "recv", transport, p.ssrc(), (long) p.sequence(), p.timestamp(),
                    p.marker(), (long) p.payloadType(), frameNo, (long) b.length);
        }
        Frame f = frame(src, frameNo, p.timestamp());
        f.packets = count;
        f.got.set(index);
        if (f.completedAt < 0 && f.complete()) {
            f.completedAt = now;
        }
        // frames between the highest seen and this one that no packet announced yet: wholly lost so far
        if (frameNo > src.highestFrame) {
            long prev = src.highestFrame;
            Frame before = src.frames.get(prev);
            for (long k = prev + 1; k < frameNo && before != null; k++) {
                long ts = before.ts + (p.timestamp() - before.ts & 0xFFFFFFFFL) * (k - prev) / (frameNo - prev);
                frame(src, k, ts & 0xFFFFFFFFL);
            }
            src.highestFrame = frameNo;
        }
        if (f.complete() && f.missing && !f.judged) {
            src.missing--;
            late(src, f);
        }
    }

    /** The frame's state, made (with its deadline timer) when first heard of. */
    private Frame frame(Source src, long number, long ts) {
        Frame f = src.frames.get(number);
        if (f != null) {
            return f;
        }
        f = new Frame(number);
        f.ts = ts;
        long offset = (int) (ts - src.anchorTs) * 1_000_000_000L / RtpSender.CLOCK;
        f.deadline = src.anchorArrival + offset + config.playoutNs();
        src.frames.put(number, f);
        Frame frame = f;
        node.sim().scheduleAt(Math.max(node.sim().now(), f.deadline), () -> deadline(src, frame));
        return f;
    }

    private void late(Source src, Frame f) {
        f.judged = true;
        src.late++;
        long lateness = f.completedAt - f.deadline;
        src.lateTotalNs += lateness;
        src.lateMaxNs = Math.max(src.lateMaxNs, lateness);
        judge(src, f, "late", lateness);
    }

    private void deadline(Source src, Frame f) {
        if (f.complete() && f.completedAt <= f.deadline) {
            f.judged = true;
            src.onTime++;
            judge(src, f, "on-time", 0);
        } else if (f.complete()) {
            late(src, f); // its first packet came after its deadline, and so did its last
        } else {
            f.missing = true;
            src.missing++;
            judge(src, f, "missing", 0);
        }
        // frames already judged and complete need no state any more
        while (!src.frames.isEmpty() && src.frames.firstEntry().getValue().judged && src.frames.size() > 1) {
            src.frames.pollFirstEntry();
        }
    }

    private void judge(Source src, Frame f, String status, long lateness) {
        if (trace.enabled()) {
            trace.emit(config.name(), MediaEvents.PLAYOUT, transport, src.ssrc, f.number, f.ts, status, (long) f.packets,
                    (long) f.got.cardinality(), lateness);
        }
    }

    private void onRtcp(byte[] b) {
        Rtcp.Report r = Rtcp.parse(b);
        if (r == null || r.type() != Rtcp.SR) {
            return;
        }
        Source src = sources.get(r.ssrc());
        if (trace.enabled()) {
            trace.emit(config.name(), MediaEvents.RTCP, "receiver", "recv", transport, "SR", r.ssrc(), r.packetCount(), r.octetCount(), 0L,
                    0L, 0L, 0L, 0L, 0L, -1L);
        }
        if (src == null) {
            return;
        }
        src.cname = r.cname();
        src.lastSrMiddle = r.ntpMiddle();
        src.lastSrArrival = node.sim().now();
        src.lastHeard = node.sim().now();
        src.srReceived++;
    }

    private long interval() {
        return (long) (config.rtcpIntervalNs() * (0.5 + rtcpRandom.nextDouble()));
    }

    private void sendReport(Source src) {
        long now = node.sim().now();
        if (node.isCrashed() || src.closed || now - src.lastHeard > 5 * config.rtcpIntervalNs()) {
            return; // the source timed out (RFC 3550 6.3.5): no more reports about it
        }
        int fraction = src.stats.nextFractionLost();
        src.lastFraction = fraction;
        long dlsr = src.lastSrMiddle == 0 ? 0 : Ntp.fromNs(now - src.lastSrArrival);
        Rtcp.ReportBlock blk = new Rtcp.ReportBlock(src.ssrc, fraction, src.stats.cumulativeLost(), src.stats.extendedMax() & 0xFFFFFFFFL,
                src.stats.jitter(), src.lastSrMiddle, dlsr);
        byte[] b = Rtcp.Report.receiver(ssrc, List.of(blk), "rtp@" + config.name()).emit();
        if (trace.enabled()) {
            trace.emit(config.name(), MediaEvents.RTCP, "receiver", "send", transport, "RR", ssrc, 0L, 0L, (long) fraction,
                    (long) blk.cumulativeLost(), blk.extendedHighest(), blk.jitter(), blk.lsr(), blk.dlsr(), -1L);
        }
        src.rrSent++;
        if (src.stream != null) {
            src.stream.send(Rfc4571.frame(b));
        } else {
            rtcp.send(src.address, src.rtcpPort, b);
        }
        src.rrTimer.setAfter(interval());
    }
}
