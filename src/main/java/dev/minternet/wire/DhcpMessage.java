package dev.minternet.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DHCPv4 message (RFC 2131): the BOOTP fixed header (RFC 951), the magic cookie 99.130.83.99 and
 * the options (RFC 2132) in the order they were added or read. Hardware type 1 (Ethernet), 6-byte
 * addresses; the {@code sname} and {@code file} fields are sent empty and option overload (52) is
 * not used. {@link #emit} pads the message to 300 bytes, the BOOTP minimum (RFC 1542 2.1) every
 * real client and server sends.
 */
public final class DhcpMessage {
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;
    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int MAGIC_COOKIE = 0x63825363;
    /** op .. file: the BOOTP fixed header. */
    public static final int FIXED = 236;
    /** The smallest message an RFC 1542 relay agent must accept; clients and servers pad to it. */
    public static final int MIN_LENGTH = 300;
    /** The broadcast bit of {@code flags} (RFC 2131 figure 2). */
    public static final int FLAG_BROADCAST = 0x8000;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    public static final int OPT_PAD = 0;
    public static final int OPT_SUBNET_MASK = 1;
    public static final int OPT_ROUTER = 3;
    public static final int OPT_DNS = 6;
    public static final int OPT_HOST_NAME = 12;
    public static final int OPT_REQUESTED_IP = 50;
    public static final int OPT_LEASE_TIME = 51;
    public static final int OPT_MESSAGE_TYPE = 53;
    public static final int OPT_SERVER_ID = 54;
    public static final int OPT_PARAMETER_LIST = 55;
    public static final int OPT_MESSAGE = 56;
    public static final int OPT_T1 = 58;
    public static final int OPT_T2 = 59;
    public static final int OPT_CLIENT_ID = 61;
    public static final int OPT_END = 255;

    private static final String[] TYPE_NAMES = {"?", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK",
        "RELEASE", "INFORM"};

    public int op;
    public int hops;
    public int xid;
    public int secs;
    public int flags;
    public int ciaddr;
    public int yiaddr;
    public int siaddr;
    public int giaddr;
    public long chaddr;
    private final Map<Integer, byte[]> options = new LinkedHashMap<>();

    /** A message of operation {@code op} (BOOTREQUEST or BOOTREPLY) and DHCP message type {@code type}. */
    public static DhcpMessage of(int op, int type, int xid, long chaddr) {
        DhcpMessage m = new DhcpMessage();
        m.op = op;
        m.xid = xid;
        m.chaddr = chaddr;
        m.option(OPT_MESSAGE_TYPE, new byte[]{(byte) type});
        return m;
    }

    /** The name of a message type: "DISCOVER", "OFFER", ... */
    public static String typeName(int type) {
        return type > 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type-" + type;
    }

    /** Adds (or replaces) option {@code code} with {@code value} (at most 255 bytes). */
    public DhcpMessage option(int code, byte[] value) {
        if (code == OPT_PAD || code == OPT_END || value.length > 255) {
            throw new IllegalArgumentException("bad option " + code + " of " + value.length + " bytes");
        }
        options.put(code, value.clone());
        return this;
    }

    /** Adds an option holding IPv4 addresses (1, 3, 6, 50, 54). */
    public DhcpMessage addresses(int code, List<Integer> addrs) {
        byte[] b = new byte[4 * addrs.size()];
        for (int i = 0; i < addrs.size(); i++) {
            BigEndian.put32(b, 4 * i, addrs.get(i));
        }
        return option(code, b);
    }

    public DhcpMessage address(int code, int addr) {
        return addresses(code, List.of(addr));
    }

    /** Adds a 32-bit option (51, 58, 59: seconds). */
    public DhcpMessage int32(int code, int v) {
        byte[] b = new byte[4];
        BigEndian.put32(b, 0, v);
        return option(code, b);
    }

    /** The option codes present, in order. */
    public List<Integer> codes() {
        return List.copyOf(options.keySet());
    }

    /** Option {@code code}'s bytes, or null. */
    public byte[] bytes(int code) {
        byte[] b = options.get(code);
        return b == null ? null : b.clone();
    }

    public boolean has(int code) {
        return options.containsKey(code);
    }

    /** The message type (option 53), or 0 when absent (a plain BOOTP message). */
    public int type() {
        byte[] b = options.get(OPT_MESSAGE_TYPE);
        return b == null || b.length != 1 ? 0 : b[0] & 0xff;
    }

    /** The first address of option {@code code}, or 0. */
    public int address(int code) {
        List<Integer> l = addresses(code);
        return l.isEmpty() ? 0 : l.get(0);
    }

    /** The addresses of option {@code code} (empty when absent or not a multiple of 4 bytes). */
    public List<Integer> addresses(int code) {
        byte[] b = options.get(code);
        if (b == null || b.length == 0 || b.length % 4 != 0) {
            return List.of();
        }
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < b.length; i += 4) {
            l.add(BigEndian.u32(b, i));
        }
        return Collections.unmodifiableList(l);
    }

    /** A 32-bit option's value, or {@code dflt} when absent or not 4 bytes long. */
    public long uint32(int code, long dflt) {
        byte[] b = options.get(code);
        return b == null || b.length != 4 ? dflt : BigEndian.u32(b, 0) & 0xffffffffL;
    }

    /** A text option (12, 56), or null. */
    public String text(int code) {
        byte[] b = options.get(code);
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The wire bytes: fixed header, magic cookie, options, END, zero padding to {@link #MIN_LENGTH}. */
    public byte[] emit() {
        int len = FIXED + 4 + 1;
        for (byte[] v : options.values()) {
            len += 2 + v.length;
        }
        byte[] b = new byte[Math.max(len, MIN_LENGTH)];
        b[0] = (byte) op;
        b[1] = 1; // htype: Ethernet
        b[2] = 6; // hlen
        b[3] = (byte) hops;
        BigEndian.put32(b, 4, xid);
        BigEndian.put16(b, 8, secs);
        BigEndian.put16(b, 10, flags);
        BigEndian.put32(b, 12, ciaddr);
        BigEndian.put32(b, 16, yiaddr);
        BigEndian.put32(b, 20, siaddr);
        BigEndian.put32(b, 24, giaddr);
        Mac.write(b, 28, chaddr);
        BigEndian.put32(b, FIXED, MAGIC_COOKIE);
        int p = FIXED + 4;
        for (Map.Entry<Integer, byte[]> e : options.entrySet()) {
            b[p++] = (byte) (int) e.getKey();
            b[p++] = (byte) e.getValue().length;
            System.arraycopy(e.getValue(), 0, b, p, e.getValue().length);
            p += e.getValue().length;
        }
        b[p] = (byte) OPT_END;
        return b;
    }

    /**
     * Parses a message from {@code len} bytes at {@code off}: the fixed header, the magic cookie,
     * then options up to END (PAD skipped); an option running past the end, a missing cookie or a
     * hardware type other than Ethernet is malformed.
     */
    public static DhcpMessage parse(byte[] b, int off, int len) throws MalformedPacketException {
        if (len < FIXED + 4) {
            throw new MalformedPacketException("DHCP message of " + len + " bytes is shorter than " + (FIXED + 4));
        }
        if (BigEndian.u32(b, off + FIXED) != MAGIC_COOKIE) {
            throw new MalformedPacketException("no DHCP magic cookie");
        }
        if ((b[off + 1] & 0xff) != 1 || (b[off + 2] & 0xff) != 6) {
            throw new MalformedPacketException("hardware type " + (b[off + 1] & 0xff) + " length " + (b[off + 2] & 0xff)
                    + " is not Ethernet");
        }
        DhcpMessage m = new DhcpMessage();
        m.op = b[off] & 0xff;
        if (m.op != BOOTREQUEST && m.op != BOOTREPLY) {
            throw new MalformedPacketException("bad BOOTP op " + m.op);
        }
        m.hops = b[off + 3] & 0xff;
        m.xid = BigEndian.u32(b, off + 4);
        m.secs = BigEndian.u16(b, off + 8);
        m.flags = BigEndian.u16(b, off + 10);
        m.ciaddr = BigEndian.u32(b, off + 12);
        m.yiaddr = BigEndian.u32(b, off + 16);
        m.siaddr = BigEndian.u32(b, off + 20);
        m.giaddr = BigEndian.u32(b, off + 24);
        m.chaddr = Mac.read(b, off + 28);
        int p = off + FIXED + 4;
        int end = off + len;
        while (p < end) {
            int code = b[p] & 0xff;
            if (code == OPT_END) {
                break;
            }
            if (code == OPT_PAD) {
                p++;
                continue;
            }
            if (p + 1 >= end || p + 2 + (b[p + 1] & 0xff) > end) {
                throw new MalformedPacketException("option " + code + " runs past the end of the message");
            }
            int n = b[p + 1] & 0xff;
            m.options.put(code, Arrays.copyOfRange(b, p + 2, p + 2 + n));
            p += 2 + n;
        }
        byte[] t = m.options.get(OPT_MESSAGE_TYPE);
        if (t != null && t.length != 1) {
            throw new MalformedPacketException("option 53 of " + t.length + " bytes");
        }
        return m;
    }
}
