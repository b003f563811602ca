package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.trace.Trace;
import dev.minternet.wire.BigEndian;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Shared DNS facts and helpers. Messages are encoded and decoded by dnsjava (docs/design.md decision
 * 5); what to send and when is ours.
 */
public final class Dns {
    /** RFC 1035 2.3.4 / 4.2.1: DNS over UDP and TCP uses port 53. */
    public static final int PORT = 53;
    /** RFC 1035 2.3.4: a UDP message without EDNS is at most 512 bytes. */
    public static final int UDP_LIMIT = 512;
    /** The EDNS buffer size BIND and the DNS Flag Day 2020 recommend; servers cap answers to it. */
    public static final int EDNS_PAYLOAD = 1232;
    /** A TCP DNS message is at most 65535 bytes (RFC 1035 4.2.2: a 2-byte length). */
    public static final int TCP_LIMIT = 65535;

    private Dns() {
    }

    /** Parses a wire message, or returns null when dnsjava rejects it as malformed. */
    public static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The message ID of a datagram at least a header long, or -1. */
    public static int idOf(byte[] wire) {
        return wire.length < Header.LENGTH ? -1 : BigEndian.u16(wire, 0);
    }

    /** True when the QR bit says the datagram is a response. */
    public static boolean isResponse(byte[] wire) {
        return wire.length >= 3 && (wire[2] & 0x80) != 0;
    }

    /** A FORMERR answer for a query whose header could be read but whose body could not (RFC 1035 4.1.1). */
    public static byte[] formErr(byte[] query) {
        Header h = new Header(idOf(query));
        h.setFlag(Flags.QR);
        h.setOpcode((query[2] >> 3) & 0xf);
        if ((query[2] & 0x01) != 0) {
            h.setFlag(Flags.RD);
        }
        h.setRcode(Rcode.FORMERR);
        return h.toWire();
    }

    /** A reply skeleton for {@code query}: same ID, opcode, RD and question, QR set. */
    public static Message replyTo(Message query) {
        Header qh = query.getHeader();
        Message r = new Message(qh.getID());
        Header h = r.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (query.getQuestion() != null) {
            r.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return r;
    }

    /**
     * A caching server's reply to {@code query}: RA when it offers recursion, the rcode, the
     * answer records, the negative answer's SOA in the authority section, and EDNS as the query had it.
     */
    static Message reply(Message query, int rcode, List<Record> answer, SOARecord soa, boolean ra) {
        Message r = replyTo(query);
        if (ra) {
            r.getHeader().setFlag(Flags.RA);
        }
        r.getHeader().setRcode(rcode);
        for (Record x : answer) {
            r.addRecord(x, Section.ANSWER);
        }
        if (soa != null) {
            r.addRecord(soa, Section.AUTHORITY);
        }
        echoEdns(query, r);
        return r;
    }

    /** Traces that the cache of {@code node}'s {@code role} (stub, forwarder, resolver) answered {@code name}/{@code type}. */
    static void traceCacheHit(Node node, String role, Name name, int type) {
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.CACHE_HIT, role, show(name), Type.string(type));
        }
    }

    /** Traces the reply {@code r} that {@code node}'s {@code role} serves for {@code q}, asked at {@code started}, and sends it to {@code c}. */
    static void serve(Node node, String role, Message q, DnsListener.Client c, Message r, long started) {
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.SERVE, role, c.addressText(), show(q.getQuestion().getName()),
                    Type.string(q.getQuestion().getType()), q.getHeader().getID(), Rcode.string(r.getRcode()), kindOf(r),
                    node.sim().now() - started);
        }
        c.reply(r);
    }

    /** The UDP size a client announced: its EDNS payload (at least 512), or 512 without EDNS (RFC 6891 6.2.3). */
    public static int clientUdpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? UDP_LIMIT : Math.max(UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
    }

    /**
     * Adds our OPT record (EDNS version 0, {@link #EDNS_PAYLOAD}) when the query had one, with the
     * query's DO bit copied (RFC 3225 3: "the DO bit of the query MUST be copied in the response").
     */
    public static void echoEdns(Message query, Message reply) {
        OPTRecord q = query.getOPT();
        if (q != null) {
            reply.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, q.getFlags() & org.xbill.DNS.ExtendedFlags.DO),
                    Section.ADDITIONAL);
        }
    }

    /** {@code r} with another TTL (dnsjava records are immutable). */
    public static Record withTtl(Record r, long ttl) {
        if (r.getTTL() == ttl) {
            return r;
        }
        return Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical());
    }

    /** The SOA in a message's authority section, or null. */
    public static SOARecord soaOf(Message m) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord s) {
                return s;
            }
        }
        return null;
    }

    /** RFC 2308 5: a negative answer lives for the smaller of the SOA's TTL and its MINIMUM field. */
    public static long negativeTtl(SOARecord soa) {
        return Math.min(soa.getTTL(), soa.getMinimum());
    }

    /** Records of {@code section} without the OPT pseudo-record. */
    public static List<Record> section(Message m, int section) {
        List<Record> out = new ArrayList<>();
        for (Record r : m.getSection(section)) {
            if (r.getType() != Type.OPT) {
                out.add(r);
            }
        }
        return out;
    }

    /** The negative-cache time of {@code m}'s authority SOA ({@link #negativeTtl(SOARecord)}), -1 when it has none. */
    public static long negativeTtl(Message m) {
        for (Record r : section(m, 2)) {
            if (r instanceof SOARecord soa) {
                return negativeTtl(soa);
            }
        }
        return -1;
    }

    /**
     * What a response is, in the words of RFC 1034/2308, for trace events and the narrator:
     * answer, cname, referral, nxdomain, nodata, or the rcode's name.
     */
    public static String kindOf(Message m) {
        int rcode = m.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return DnsEvents.KIND_NXDOMAIN;
        }
        if (rcode != Rcode.NOERROR) {
            return Rcode.string(rcode).toLowerCase(Locale.ROOT);
        }
        Record q = m.getQuestion();
        List<Record> answer = m.getSection(Section.ANSWER);
        if (!answer.isEmpty()) {
            if (q != null) {
                for (Record r : answer) {
                    if (r.getType() == q.getType() || q.getType() == Type.ANY) {
                        return DnsEvents.KIND_ANSWER;
                    }
                }
                return DnsEvents.KIND_CNAME;
            }
            return DnsEvents.KIND_ANSWER;
        }
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r.getType() == Type.NS) {
                return DnsEvents.KIND_REFERRAL;
            }
        }
        return DnsEvents.KIND_NODATA;
    }

    /** A name from text, absolute; IllegalArgumentException with a readable reason when bad. */
    public static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad domain name '" + text + "': " + e.getMessage());
        }
    }

    /**
     * A name typed on a tool's command line, absolute; when BIND would refuse it,
     * IllegalArgumentException with BIND's words: {@code 'a..b' is not a legal name (empty label)}.
     */
    public static Name legalName(String text) {
        String why = illegalNameReason(text);
        if (why == null) {
            // BIND takes the typed bytes as they are (dig '日本' asks for the UTF-8 octets, measured
            // with dig 9.18): octets dnsjava will not read as text go in as \DDD escapes
            StringBuilder escaped = new StringBuilder();
            for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c <= 0x20 || c >= 0x7f) {
                    escaped.append('\\').append(String.format(java.util.Locale.ROOT, "%03d", c));
                } else {
                    escaped.append((char) c);
                }
            }
            try {
                return Name.fromString(escaped.toString(), Name.root);
            } catch (TextParseException e) {
                why = e.getMessage();
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a legal name (" + why + ")");
    }

    /**
     * Why BIND's {@code dns_name_fromtext} refuses {@code text} as a name (relative names are
     * taken under the root), in the words dig, host and nslookup print after "is not a legal
     * name": "unexpected end of input" (nothing, or a lone backslash at the end), "empty label",
     * "label too long" (over 63 octets), "ran out of space" (over 255 octets on the wire), "bad
     * escape" (a {@code \DDD} over 255 or short of three digits); null when it is a legal name.
     */
    public static String illegalNameReason(String text) {
        if (text.isEmpty()) {
            return "unexpected end of input";
        }
        if (text.equals(".")) {
            return null;
        }
        int wire = 1; // the root label
        int label = 0;
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if (c == '.') {
                if (label == 0) {
                    return "empty label";
                }
                wire += label + 1;
                label = 0;
                continue;
            }
            if (c == '\\') {
                if (i + 1 >= b.length) {
                    return "unexpected end of input";
                }
                if (Character.isDigit(b[i + 1])) {
                    for (int d = 2; d <= 3; d++) {
                        if (i + d >= b.length) {
                            return "unexpected end of input";
                        }
                        if (!Character.isDigit(b[i + d])) {
                            return "bad escape";
                        }
                    }
                    int v = (b[i + 1] - '0') * 100 + (b[i + 2] - '0') * 10 + (b[i + 3] - '0');
                    if (v > 255) {
                        return "bad escape";
                    }
                    i += 3;
                } else {
                    i++;
                }
            }
            if (++label > 63) {
                return "label too long";
            }
        }
        if (label > 0) {
            wire += label + 1;
        }
        return wire > 255 ? "ran out of space" : null;
    }

    /** The IPv4 address of an A record as an int. */
    public static int address(ARecord a) {
        byte[] b = a.getAddress().getAddress();
        return BigEndian.u32(b, 0);
    }

    public static dev.minternet.wire.Ip6 address(org.xbill.DNS.AAAARecord a) {
        return dev.minternet.wire.Ip6.read(a.getAddress().getAddress(), 0);
    }

    /** An AAAA record for {@code address}. */
    public static org.xbill.DNS.AAAARecord aaaaRecord(Name name, long ttl, dev.minternet.wire.Ip6 address) {
        try {
            return new org.xbill.DNS.AAAARecord(name, DClass.IN, ttl, InetAddress.getByAddress(address.bytes()));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The node's first global IPv6 address (interfaces in order, link-local and failed ones left
     * out; it may still be tentative), or null: the address a generated zone gives its server.
     */
    public static dev.minternet.wire.Ip6 address6(Node n) {
        if (!n.hasIp6()) {
            return null;
        }
        for (dev.minternet.ip6.Ip6Interface i : n.ip6().interfaces()) {
            for (dev.minternet.ip6.Ip6Interface.Address a : i.addresses()) {
                if (!a.linkLocal() && a.state() != dev.minternet.ip6.Ip6Interface.AddrState.DADFAILED) {
                    return a.address();
                }
            }
        }
        return null;
    }

    /** Whether the node can ask a server over IPv6 now: it has a preferred global IPv6 address. */
    static boolean canSend6(Node n) {
        if (!n.hasIp6()) {
            return false;
        }
        for (dev.minternet.ip6.Ip6Interface i : n.ip6().interfaces()) {
            for (dev.minternet.ip6.Ip6Interface.Address a : i.addresses()) {
                if (!a.linkLocal() && a.usable()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An A record for {@code address} (no name lookup: the address is given as bytes). */
    public static ARecord aRecord(Name name, long ttl, int address) {
        byte[] b = new byte[4];
        BigEndian.put32(b, 0, address);
        try {
            return new ARecord(name, DClass.IN, ttl, InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The name without its trailing dot, as people write it ("www.example.com"); "." for the root. */
    public static String show(Name n) {
        return n.equals(Name.root) ? "." : n.toString(true);
    }

    /** The name a CNAME chain in {@code m}'s answer leads to from {@code name} (BIND's chase_cnamechain). */
    public static Name chase(Message m, Name name) {
        Name cur = name;
        for (int hops = 0; hops < 16; hops++) {
            Name next = null;
            for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof CNAMERecord c && r.getName().equals(cur)) {
                    next = c.getTarget();
                }
            }
            if (next == null) {
                break;
            }
            cur = next;
        }
        return cur;
    }
}
