package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u32;

import java.util.Arrays;

/** Parsed ICMP messages (RFC 792): echo, destination unreachable, time exceeded, and others. */
public sealed interface IcmpRepr {

    int type();

    int code();

    /** Bytes after the 8-byte header. */
    byte[] data();

    /** The 4 bytes after the checksum, as an int. */
    int restOfHeader();

    default int length() {
        return IcmpPacket.HEADER + data().length;
    }

    /** Writes the message at {@code off} of {@code b}, checksum included. */
    default void emit(byte[] b, int off) {
        b[off] = (byte) type();
        b[off + 1] = (byte) code();
        put32(b, off + 4, restOfHeader());
        byte[] d = data();
        System.arraycopy(d, 0, b, off + IcmpPacket.HEADER, d.length);
        IcmpPacket.fillChecksum(b, off, length());
    }

    /** Builds the whole IPv4 datagram carrying this message. */
    default byte[] toDatagram(int src, int dst, int ttl, int id) {
        Ipv4Repr ip = Ipv4Repr.of(src, dst, Ipv4Packet.PROTO_ICMP, ttl, id, false, length());
        byte[] b = new byte[ip.totalLength()];
        ip.emit(b, 0);
        emit(b, ip.headerLength());
        return b;
    }

    /**
     * Parses and verifies the ICMP message carried by IPv4 datagram {@code ip}. The IPv4 header is
     * checked first ({@link Ipv4Packet#check}): its lengths bound every read below.
     */
    static IcmpRepr parse(byte[] ip) throws MalformedPacketException {
        String badIp = Ipv4Packet.check(ip, 0, ip.length);
        if (badIp != null) {
            throw new MalformedPacketException(badIp);
        }
        return parse(ip, Ipv4Packet.payloadOffset(ip, 0), Ipv4Packet.payloadLength(ip, 0));
    }

    /** Parses and verifies the {@code len}-byte ICMP message at {@code off} of {@code b}. */
    static IcmpRepr parse(byte[] b, int off, int len) throws MalformedPacketException {
        String bad = IcmpPacket.check(b, off, len);
        if (bad != null) {
            throw new MalformedPacketException(bad);
        }
        int type = IcmpPacket.type(b, off);
        int code = IcmpPacket.code(b, off);
        byte[] data = Arrays.copyOfRange(b, off + IcmpPacket.HEADER, off + len);
        return switch (type) {
            case IcmpPacket.ECHO_REQUEST, IcmpPacket.ECHO_REPLY ->
                    new Echo(type == IcmpPacket.ECHO_REQUEST, IcmpPacket.identifier(b, off), IcmpPacket.sequence(b, off), data);
            case IcmpPacket.DEST_UNREACHABLE -> new DestUnreachable(code,
                    code == IcmpPacket.CODE_FRAGMENTATION_NEEDED ? IcmpPacket.nextHopMtu(b, off) : 0, data);
            case IcmpPacket.TIME_EXCEEDED -> new TimeExceeded(code, data);
            default -> new Other(type, code, u32(b, off + 4), data);
        };
    }

    /** The offending IP header plus the first 8 bytes of its payload (RFC 792), for an error. */
    static byte[] quote(byte[] offending) {
        if (offending.length == 0) {
            return new byte[0];
        }
        int n = Math.min(offending.length, Ipv4Packet.headerLength(offending, 0) + 8);
        return Arrays.copyOf(offending, n);
    }

    /**
     * As much of the offending datagram as fits in {@code room} bytes (RFC 1812 4.3.2.3: the whole
     * error within 576 bytes, as Linux's icmp_send sizes it), and never less than {@link
     * #quote(byte[]) RFC 792's header plus 8 bytes}.
     */
    static byte[] quote(byte[] offending, int room) {
        byte[] minimum = quote(offending);
        int n = Math.min(offending.length, Math.max(room, minimum.length));
        return n == minimum.length ? minimum : Arrays.copyOf(offending, n);
    }

    /** Echo request (type 8) or reply (type 0). */
    record Echo(boolean request, int identifier, int sequence, byte[] data) implements IcmpRepr {
        public int type() {
            return request ? IcmpPacket.ECHO_REQUEST : IcmpPacket.ECHO_REPLY;
        }

        public int code() {
            return 0;
        }

        public int restOfHeader() {
            return (identifier << 16) | (sequence & 0xffff);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Echo e && e.request == request && e.identifier == identifier
                    && e.sequence == sequence && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return identifier * 31 + sequence;
        }
    }

    /** Destination unreachable (type 3); {@code nextHopMtu} is meaningful for code 4 (RFC 1191). */
    record DestUnreachable(int code, int nextHopMtu, byte[] data) implements IcmpRepr {
        public int type() {
            return IcmpPacket.DEST_UNREACHABLE;
        }

        public int restOfHeader() {
            return nextHopMtu & 0xffff;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DestUnreachable d && d.code == code && d.nextHopMtu == nextHopMtu && Arrays.equals(d.data, data);
        }

        @Override
        public int hashCode() {
            return code * 31 + nextHopMtu;
        }
    }

    /** Time exceeded (type 11): code 0 TTL in transit, code 1 fragment reassembly. */
    record TimeExceeded(int code, byte[] data) implements IcmpRepr {
        public int type() {
            return IcmpPacket.TIME_EXCEEDED;
        }

        public int restOfHeader() {
            return 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeExceeded t && t.code == code && Arrays.equals(t.data, data);
        }

        @Override
        public int hashCode() {
            return code;
        }
    }

    /** Any other type, kept verbatim. */
    record Other(int type, int code, int restOfHeader, byte[] data) implements IcmpRepr {
        @Override
        public boolean equals(Object o) {
            return o instanceof Other x && x.type == type && x.code == code && x.restOfHeader == restOfHeader
                    && Arrays.equals(x.data, data);
        }

        @Override
        public int hashCode() {
            return type * 31 + code;
        }
    }
}
