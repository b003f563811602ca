package dev.minternet.services.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP compound packets (RFC 3550 6.1): a sender report (SR, 6.4.1) or a receiver report (RR,
 * 6.4.2) first, then an SDES packet with the CNAME (6.5.1), as every compound packet must carry.
 */
public final class Rtcp {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    static final int CNAME = 1;

    private Rtcp() {
    }

    /**
     * One reception report block (RFC 3550 6.4.1).
     *
     * @param ssrc the source reported on
     * @param fractionLost packets lost since the previous report, as a fixed-point fraction of 256 (A.3)
     * @param cumulativeLost packets lost since reception began (24 bits, signed: duplicates can make it negative)
     * @param extendedHighest cycles of the sequence number in the high 16 bits, the highest sequence received in the low
     * @param jitter the interarrival jitter estimate in timestamp units (A.8)
     * @param lsr the middle 32 bits of the NTP timestamp of the last SR received (0: none yet)
     * @param dlsr the delay between receiving that SR and sending this block, in units of 1/65536 s (0: no SR yet)
     */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighest, long jitter, long lsr, long dlsr) {
    }

    /** A report: an SR when {@code ntp} is present (sender info), else an RR. */
    public record Report(int type, long ssrc, long ntp, long rtpTimestamp, long packetCount, long octetCount, List<ReportBlock> blocks,
                         String cname) {
        public static Report sender(long ssrc, long ntp, long rtpTimestamp, long packets, long octets, String cname) {
            return new Report(SR, ssrc, ntp, rtpTimestamp, packets, octets, List.of(), cname);
        }

        public static Report receiver(long ssrc, List<ReportBlock> blocks, String cname) {
            return new Report(RR, ssrc, 0, 0, 0, 0, List.copyOf(blocks), cname);
        }

        /** The compound packet: this report, then SDES with the CNAME. */
        public byte[] emit() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int words = 1 + (type == SR ? 5 : 0) + 6 * blocks.size();
            header(out, blocks.size(), type, words);
            put32(out, ssrc);
            if (type == SR) {
                put32(out, ntp >>> 32);
                put32(out, ntp & 0xFFFFFFFFL);
                put32(out, rtpTimestamp);
                put32(out, packetCount);
                put32(out, octetCount);
            }
            for (ReportBlock b : blocks) {
                put32(out, b.ssrc());
                put32(out, (long) (b.fractionLost() & 0xFF) << 24 | b.cumulativeLost() & 0xFFFFFF);
                put32(out, b.extendedHighest());
                put32(out, b.jitter());
                put32(out, b.lsr());
                put32(out, b.dlsr());
            }
            byte[] name = cname.getBytes(StandardCharsets.UTF_8);
            // chunk: SSRC, CNAME item (type, length, text), a null item, padded to a 32-bit boundary (6.5)
            int chunk = 4 + 2 + name.length + 1;
            int padded = (chunk + 3) / 4 * 4;
            header(out, 1, SDES, padded / 4);
            put32(out, ssrc);
            out.write(CNAME);
            out.write(name.length);
            out.write(name, 0, name.length);
            for (int i = 4 + 2 + name.length; i < padded; i++) {
                out.write(0);
            }
            return out.toByteArray();
        }

        /** The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR. */
        public long ntpMiddle() {
            return ntp >>> 16 & 0xFFFFFFFFL;
        }
    }

    /** Whether {@code b} starts like an RTCP packet (version 2, type 200 to 204; RFC 5761 4). */
    public static boolean isRtcp(byte[] b) {
        return b.length >= 8 && (b[0] & 0xC0) >>> 6 == 2 && (b[1] & 0xFF) >= SR && (b[1] & 0xFF) <= 204;
    }

    /** The SR or RR that starts a compound packet, with the CNAME of its SDES; null when malformed. */
    public static Report parse(byte[] b) {
        if (!isRtcp(b)) {
            return null;
        }
        Report first = null;
        String cname = "";
        int at = 0;
        while (at + 4 <= b.length) {
            int count = b[at] & 0x1F;
            int type = b[at + 1] & 0xFF;
            int len = 4 * (((b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF) + 1);
            if (at + len > b.length || (b[at] & 0xC0) >>> 6 != 2) {
                return null;
            }
            if ((type == SR || type == RR) && first == null) {
                int p = at + 8;
                long ntp = 0;
                long rtp = 0;
                long packets = 0;
                long octets = 0;
                if (type == SR) {
                    ntp = RtpPacket.get32(b, p) << 32 | RtpPacket.get32(b, p + 4);
                    rtp = RtpPacket.get32(b, p + 8);
                    packets = RtpPacket.get32(b, p + 12);
                    octets = RtpPacket.get32(b, p + 16);
                    p += 20;
                }
                List<ReportBlock> blocks = new ArrayList<>();
                for (int i = 0; i < count && p + 24 <= at + len; i++, p += 24) {
                    long w = RtpPacket.get32(b, p + 4);
                    int cum = (int) (w & 0xFFFFFF);
                    if ((cum & 0x800000) != 0) {
                        cum -= 1 << 24;
                    }
                    blocks.add(new ReportBlock(RtpPacket.get32(b, p), (int) (w >>> 24), cum, RtpPacket.get32(b, p + 8),
                            RtpPacket.get32(b, p + 12), RtpPacket.get32(b, p + 16), RtpPacket.get32(b, p + 20)));
                }
                first = new Report(type, RtpPacket.get32(b, at + 4), ntp, rtp, packets, octets, List.copyOf(blocks), "");
            } else if (type == SDES && count >= 1 && len >= 12 && (b[at + 8] & 0xFF) == CNAME) {
                int n = b[at + 9] & 0xFF;
                if (at + 10 + n <= at + len) {
                    cname = new String(b, at + 10, n, StandardCharsets.UTF_8);
                }
            }
            at += len;
        }
        if (first == null || at != b.length) {
            return null;
        }
        return new Report(first.type(), first.ssrc(), first.ntp(), first.rtpTimestamp(), first.packetCount(), first.octetCount(),
                first.blocks(), cname);
    }

    private static void header(ByteArrayOutputStream out, int count, int type, int words) {
        out.write(2 << 6 | count);
        out.write(type);
        out.write(words >>> 8);
        out.write(words & 0xFF);
    }

    private static void put32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24) & 0xFF);
        out.write((int) (v >>> 16) & 0xFF);
        out.write((int) (v >>> 8) & 0xFF);
        out.write((int) v & 0xFF);
    }
}
