package dev.minternet.services.media;

import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.UdpSocket;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A media sender (RFC 3550): a video-like stream of {@code fps} frames a second at {@code bitrate},
 * each frame cut into RTP packets of at most {@code maxPayload} payload bytes, all sent at the
 * frame's instant. Timestamps run on a 90 kHz clock (RFC 3551 5, video); the SSRC, the first
 * sequence number and the first timestamp are random (RFC 3550 5.1, 8.1), from the node's seeded
 * stream. The marker bit is set on the last packet of each frame (RFC 3551 5). A sender report
 * (6.4.1) goes out every RTCP interval, randomized to 0.5 to 1.5 times it (6.3.1).
 *
 * <p>Over UDP, RTP goes from port P to the receiver's port P and RTCP between the ports P+1
 * (RFC 3550 11). Over TCP, the sender connects to the receiver's port P and both RTP and RTCP
 * travel on that connection, each packet framed by RFC 4571 and told apart by their payload type
 * (RFC 5761 4); bytes the socket does not take wait in the application, in order, so a loss
 * delays every later frame (head-of-line blocking).
 *
 * <p>The payload is modelled: an 8-byte header of our own (frame number, packet index, packets in
 * the frame; payload type 96 is dynamic, RFC 3551 6) and zeros, not a real codec's bitstream.
 * Every frame carries {@code bitrate / 8 / fps} bytes of media (each packet adds the 8-byte header): no key frames. No BYE at the end.
 */
public final class RtpSender {
    /** The payload clock: 90 kHz, as for every video payload format (RFC 3551 5). */
    public static final int CLOCK = 90_000;
    /** Bytes of our modelled payload header: frame number (32 bits), packet index and packet count (16 bits each). */
    public static final int PAYLOAD_HEADER = 8;

    /**
     * @param name the node's name (traces, CNAME)
     * @param dst the receiver's address
     * @param port the receiver's RTP port (RTCP on port + 1 over UDP)
     * @param tcp whether the stream goes over TCP (RFC 4571) rather than UDP
     * @param bitrate payload bits per second
     * @param fps frames per second
     * @param payloadType the RTP payload type (96)
     * @param maxPayload the largest RTP payload, bytes (1200)
     * @param startNs when the first frame is sent, simulated time
     * @param durationNs how long the stream lasts
     * @param rtcpIntervalNs the mean interval between sender reports
     */
    public record Config(String name, int dst, int port, boolean tcp, long bitrate, int fps, int payloadType, int maxPayload,
                         long startNs, long durationNs, long rtcpIntervalNs) {
        public Config {
            if (fps < 1 || fps > 1000 || bitrate < 8L * fps || maxPayload <= PAYLOAD_HEADER || port < 1 || port > 65534
                    || payloadType < 96 || payloadType > 127 || durationNs <= 0 || rtcpIntervalNs <= 0) {
                throw new IllegalArgumentException("bad rtp-sender config");
            }
        }

        /** Payload bytes of every frame. */
        public int frameBytes() {
            return (int) Math.max(PAYLOAD_HEADER, bitrate / 8 / fps);
        }

        public long frames() {
            return durationNs * fps / 1_000_000_000L;
        }
    }

    private final Node node;
    private final Trace trace;
    private final Config config;
    private final long ssrc;
    private final int firstSeq;
    private final long firstTs;
    private final SplittableRandom rtcpRandom;
    private final String transport;
    private int seq;
    private long frame;
    private long packetsSent;
    private long octetsSent;
    private UdpSocket rtp;
    private UdpSocket rtcp;
    private StreamSocket stream;
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private int backlogOffset;
    private final Timer srTimer;
    private boolean done;
    /** TCP: the FIN is queued after the last report. */
    private boolean finished;

    RtpSender(Node node, Config config) {
        this.node = node;
        this.trace = node.trace();
        this.config = config;
        SplittableRandom r = node.random("rtp:" + config.port());
        this.ssrc = r.nextLong(1L << 32);
        this.firstSeq = r.nextInt(1 << 16);
        this.firstTs = r.nextLong(1L << 32);
        this.rtcpRandom = node.random("rtp:" + config.port() + ":rtcp");
        this.seq = firstSeq;
        this.transport = config.tcp() ? "tcp" : "udp";
        this.srTimer = new Timer(node.sim(), this::sendReport);
    }

    /** Starts the stream at {@link Config#startNs}. */
    public static RtpSender start(Node node, Config config) {
        RtpSender s = new RtpSender(node, config);
        if (config.tcp()) {
            node.sim().scheduleAt(Math.max(node.sim().now(), config.startNs()), s::connect);
        } else {
            s.rtp = node.udp().open(config.port());
            s.rtcp = node.udp().open(config.port() + 1);
            s.rtcp.onReceive((src, srcPort, payload, datagram) -> s.onRtcp(payload));
            node.sim().scheduleAt(Math.max(node.sim().now(), config.startNs()), s::sendFrame);
        }
        node.attach(RtpSender.class, s);
        return s;
    }

    private void connect() {
        TcpStreamSocket.connect(node.tcp(), config.dst(), config.port(), TcpStreamSocket.noDelay(node.tcp()), sock -> {
            stream = sock;
            Rfc4571 reader = new Rfc4571();
            sock.setHandler(new StreamSocket.Handler() {
                @Override
                public void onData(StreamSocket s, byte[] data) {
                    for (byte[] p : reader.read(data)) {
                        onRtcp(p);
                    }
                }

                @Override
                public void onWritable(StreamSocket s) {
                    flush();
                }
            });
            flush();
        }, error -> {
            done = true;
            srTimer.cancel();
        });
        sendFrame();
    }

    public long ssrc() {
        return ssrc;
    }

    public Config config() {
        return config;
    }

    public long packetsSent() {
        return packetsSent;
    }

    private String cname() {
        return "rtp@" + config.name();
    }

    private long rtpTimestamp(long frameNo) {
        return (firstTs + frameNo * CLOCK / config.fps()) & 0xFFFFFFFFL;
    }

    private void sendFrame() {
        if (done || node.isCrashed()) {
            return;
        }
        int size = config.frameBytes();
        int per = config.maxPayload() - PAYLOAD_HEADER;
        int count = Math.max(1, (size + per - 1) / per);
        long ts = rtpTimestamp(frame);
        int left = size;
        for (int i = 0; i < count; i++) {
            int n = Math.min(per, left);
            left -= n;
            byte[] payload = new byte[PAYLOAD_HEADER + n];
            RtpPacket.put32(payload, 0, frame);
            payload[4] = (byte) (i >>> 8);
            payload[5] = (byte) i;
            payload[6] = (byte) (count >>> 8);
            payload[7] = (byte) count;
            RtpPacket p = new RtpPacket(i == count - 1, config.payloadType(), seq, ts, ssrc, payload);
            seq = (seq + 1) & 0xFFFF;
            packetsSent++;
            octetsSent += payload.length;
            if (trace.enabled()) {
                trace.emit(config.name(), MediaEvents.PACKET, "sender", "send", transport, ssrc, (long) p.sequence(), ts, p.marker(),
                        (long) p.payloadType(), frame, (long) p.length());
            }
            transmit(p.emit());
        }
        if (frame == 0) {
            srTimer.setAfter(interval());
        }
        frame++;
        if (frame < config.frames()) {
            node.sim().scheduleAt(config.startNs() + frame * 1_000_000_000L / config.fps(), this::sendFrame);
        } else {
            done = true;
            srTimer.cancel();
            sendReport();
        }
    }

    private void transmit(byte[] packet) {
        if (config.tcp()) {
            backlog.add(Rfc4571.frame(packet));
            flush();
        } else {
            rtp.send(config.dst(), config.port(), packet);
        }
    }

    private void flush() {
        if (stream == null) {
            return;
        }
        while (!backlog.isEmpty()) {
            byte[] b = backlog.peek();
            int n = stream.send(b, backlogOffset, b.length - backlogOffset);
            backlogOffset += n;
            if (backlogOffset < b.length) {
                return;
            }
            backlog.poll();
            backlogOffset = 0;
        }
        if (done && !finished) {
            finished = true;
            stream.shutdownOutput();
        }
    }

    private long interval() {
        return (long) (config.rtcpIntervalNs() * (0.5 + rtcpRandom.nextDouble()));
    }

    private void sendReport() {
        if (node.isCrashed()) {
            return;
        }
        long ntp = Ntp.of(node.world().date());
        long elapsed = node.sim().now() - config.startNs();
        long ts = (firstTs + elapsed * CLOCK / 1_000_000_000L) & 0xFFFFFFFFL;
        Rtcp.Report sr = Rtcp.Report.sender(ssrc, ntp, ts, packetsSent, octetsSent, cname());
        if (trace.enabled()) {
            trace.emit(config.name(), MediaEvents.RTCP, "sender", "send", transport, "SR", ssrc, packetsSent, octetsSent, 0L, 0L, 0L, 0L,
                    0L, 0L, -1L);
        }
        byte[] b = sr.emit();
        if (config.tcp()) {
            backlog.add(Rfc4571.frame(b));
            flush();
        } else {
            rtcp.send(config.dst(), config.port() + 1, b);
        }
        if (!done) {
            srTimer.setAfter(interval());
        }
    }

    private void onRtcp(byte[] b) {
        Rtcp.Report r = Rtcp.parse(b);
        if (r == null || r.type() != Rtcp.RR) {
            return;
        }
        for (Rtcp.ReportBlock blk : r.blocks()) {
            if (blk.ssrc() != ssrc) {
                continue;
            }
            long rtt = -1;
            if (blk.lsr() != 0) {
                long a = Ntp.middle(Ntp.of(node.world().date()));
                rtt = Ntp.toNs((a - blk.lsr() - blk.dlsr()) & 0xFFFFFFFFL);
            }
            if (trace.enabled()) {
                trace.emit(config.name(), MediaEvents.RTCP, "sender", "recv", transport, "RR", r.ssrc(), 0L, 0L, (long) blk.fractionLost(),
                        (long) blk.cumulativeLost(), blk.extendedHighest(), blk.jitter(), blk.lsr(), blk.dlsr(), rtt);
            }
        }
    }
}
