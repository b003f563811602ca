package dev.minternet.services.media;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code rtp}: every RTP packet the media sender sends and the receiver
 * takes in, every RTCP report, and what the receiver's playout does with each frame.
 */
public final class MediaEvents {
    private MediaEvents() {
    }

    public static final Catalog CATALOG = new Catalog("rtp",
            "RTP media streams (services.media): the rtp-sender's packets and sender reports, the rtp-receiver's packets, "
                    + "receiver reports and playout (frames on time, late, lost).");

    public static final Field<String> SIDE = Field.text("side", "sender or receiver");
    public static final Field<String> DIR = Field.text("dir", "send or recv");
    public static final Field<String> TRANSPORT = Field.text("transport", "udp, or tcp (RFC 4571 framing)");
    public static final Field<Long> SSRC = Field.integer("ssrc", Unit.NONE, "the synchronization source of the RTP stream");
    public static final Field<Long> SEQ = Field.integer("seq", Unit.NONE, "the RTP sequence number (16 bits)");
    public static final Field<Long> TS = Field.integer("ts", Unit.NONE, "the RTP timestamp (32 bits, 90 kHz clock)");
    public static final Field<Boolean> MARKER = Field.flag("marker", "the M bit: the last packet of a frame");
    public static final Field<Long> PT = Field.integer("pt", Unit.NONE, "the payload type");
    public static final Field<Long> FRAME = Field.integer("frame", Unit.NONE, "the frame number, counted from 0 by the sender");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the RTP packet, header included");
    public static final Field<Long> PACKETS = Field.integer("packets", Unit.COUNT, "RTP packets of the frame");
    public static final Field<String> TYPE = Field.text("type", "SR or RR");
    public static final Field<Long> SENT_PACKETS = Field.integer("sent_packets", Unit.COUNT, "SR: the sender's packet count");
    public static final Field<Long> SENT_OCTETS = Field.integer("sent_octets", Unit.BYTES, "SR: the sender's payload octet count");
    public static final Field<Long> FRACTION_LOST = Field.integer("fraction_lost", Unit.NONE,
            "RR: packets lost since the previous report, in 1/256 (RFC 3550 A.3); 0 in an SR");
    public static final Field<Long> CUMULATIVE_LOST = Field.integer("cumulative_lost", Unit.COUNT, "RR: packets lost since reception began");
    public static final Field<Long> HIGHEST = Field.integer("highest", Unit.NONE, "RR: the extended highest sequence number received");
    public static final Field<Long> JITTER = Field.integer("jitter", Unit.NONE,
            "RR: the interarrival jitter estimate in timestamp units (1/90000 s; RFC 3550 A.8)");
    public static final Field<Long> LSR = Field.integer("lsr", Unit.NONE, "RR: the middle 32 bits of the last SR's NTP timestamp (0: none)");
    public static final Field<Long> DLSR = Field.integer("dlsr", Unit.NONE, "RR: the delay since that SR, in 1/65536 s");
    public static final Field<Long> RTT = Field.integer("rtt", Unit.NANOSECONDS,
            "an RR the sender received: the round-trip time A - LSR - DLSR (RFC 3550 6.4.1); -1 otherwise");
    public static final Field<String> STATUS = Field.text("status",
            "on-time (complete at its playout deadline), missing (incomplete at its deadline), late (completed after its deadline)");
    public static final Field<Long> LATENESS = Field.integer("lateness", Unit.NANOSECONDS, "late: how long after its deadline the frame completed");
    public static final Field<Long> RECEIVED = Field.integer("received", Unit.COUNT, "packets of the frame that had arrived");

    public static final EventType PACKET = CATALOG.event("packet",
            "an RTP data packet left the sender or reached the receiving application", SIDE, DIR, TRANSPORT, SSRC, SEQ, TS, MARKER, PT, FRAME, BYTES);
    public static final EventType RTCP = CATALOG.event("rtcp",
            "an RTCP compound packet (SR or RR, then SDES CNAME) was sent or received; an RR carries one report block",
            SIDE, DIR, TRANSPORT, TYPE, SSRC, SENT_PACKETS, SENT_OCTETS, FRACTION_LOST, CUMULATIVE_LOST, HIGHEST, JITTER, LSR, DLSR, RTT);
    public static final EventType PLAYOUT = CATALOG.event("playout",
            "the receiver judged a frame at its playout deadline (on-time, missing) or when a missing frame completed (late)",
            TRANSPORT, SSRC, FRAME, TS, STATUS, PACKETS, RECEIVED, LATENESS);
}
