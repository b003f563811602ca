package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsCookies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS response as BIND 9.18's dig prints it (bin/dig/dig.c printmessage), under dig's display
 * switches: {@code +[no]comments} (the header block, the OPT pseudosection, section titles and
 * the blank line after each section), {@code +[no]question}, {@code +[no]answer},
 * {@code +[no]authority}, {@code +[no]additional}, {@code +[no]stats} (query time, server, date,
 * size). Empty sections are left out. {@code host -v} prints the same block without
 * ";; Got answer:" and without EDNS.
 */
final class DigPrinter {
    /** Which parts dig shows; {@code +noall} clears them all, {@code +short} keeps the answer's data. */
    static final class Display {
        boolean cmd = true;
        boolean comments = true;
        boolean question = true;
        boolean answer = true;
        boolean authority = true;
        boolean additional = true;
        boolean stats = true;
        boolean shortForm;
        /** {@code +[no]ttlid}, {@code +[no]class}, {@code +[no]ttlunits}: how records are written. */
        boolean ttl = true;
        boolean cls = true;
        boolean ttlUnits;
        /**
         * {@code +[no]multiline}: long records over several lines with comments, in the narrow
         * columns; {@code +[no]rrcomments}: those comments (1 on, -1 off, 0 as multiline says);
         * {@code +[no]expandaaaa}: IPv6 addresses in full; {@code +[no]unknownformat}: every
         * record's data as RFC 3597's generic form.
         */
        boolean multiline;
        int rrcomments;
        boolean expandAaaa;
        boolean unknownFormat;

        /** A record as these switches write it. */
        String record(Record r) {
            return BindText.record(r, this);
        }

        void all(boolean on) {
            cmd = on;
            comments = on;
            question = on;
            answer = on;
            authority = on;
            additional = on;
            stats = on;
        }

        /** dig's {@code +short}: the data of the answer, nothing else (dig.c clears the rest). */
        void shortForm(boolean on) {
            shortForm = on;
            if (on) {
                cmd = false;
                comments = false;
                question = false;
                authority = false;
                additional = false;
                stats = false;
                answer = true;
            }
        }
    }

    private DigPrinter() {
    }

    /**
     * The client's view of a reply's COOKIE option (dighost.c process_cookie): "(good)" when it
     * echoes the client cookie sent and adds a server cookie, "(echoed)" when it is the client
     * cookie alone, "(bad)" when the client cookie differs.
     */
    static String cookieLine(CookieOption c, byte[] sentClientCookie) {
        byte[] all = DnsCookies.bytes(c);
        boolean ok = sentClientCookie != null && Arrays.equals(c.getClientCookie(), sentClientCookie);
        String mark = !ok ? " (bad)" : all.length == DnsCookies.CLIENT_LENGTH ? " (echoed)" : " (good)";
        return "; COOKIE: " + HexFormat.of().formatHex(all) + mark;
    }

    /** Whether dig warns ";; Warning: Client COOKIE mismatch" before printing the reply. */
    static boolean cookieMismatch(Message m, byte[] sentClientCookie) {
        CookieOption c = DnsCookies.option(m);
        return c != null && sentClientCookie != null && !Arrays.equals(c.getClientCookie(), sentClientCookie);
    }

    /** The header block: ";; ->>HEADER<<- ...", the flags line, and the recursion warning. */
    static List<String> header(Message m) {
        List<String> l = new ArrayList<>();
        l.add(";; ->>HEADER<<- opcode: " + Opcode.string(m.getHeader().getOpcode()) + ", status: "
                + Rcode.string(m.getRcode()) + ", id: " + m.getHeader().getID());
        l.add(";; flags:" + flags(m) + "; QUERY: " + m.getHeader().getCount(0) + ", ANSWER: "
                + m.getHeader().getCount(1) + ", AUTHORITY: " + m.getHeader().getCount(2) + ", ADDITIONAL: "
                + m.getHeader().getCount(3));
        if (m.getHeader().getFlag(Flags.RD) && !m.getHeader().getFlag(Flags.RA)) {
            l.add(";; WARNING: recursion requested but not available");
        }
        return l;
    }

    /** The message's flags in dig's order: " qr aa tc rd ra ad cd". */
    static String flags(Message m) {
        StringBuilder b = new StringBuilder();
        for (int f : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (m.getHeader().getFlag(f)) {
                b.append(' ').append(Flags.string(f));
            }
        }
        if (m.getHeader().getFlag(9)) {
            b.append("; MBZ: 0x4"); // the Z bit (message.c prints the reserved bits this way)
        }
        return b.toString();
    }

    /**
     * The reply from ";; Got answer:" (when {@code gotAnswer}) to the last section, as the
     * display switches say; the stats lines are the caller's (they differ between dig and host).
     */
    static List<String> body(Message m, Display d, boolean gotAnswer, byte[] sentClientCookie) {
        List<String> out = new ArrayList<>();
        if (d.comments) {
            if (gotAnswer) {
                out.add(";; Got answer:");
            }
            out.addAll(header(m));
            out.add("");
            out.addAll(optLines(m, sentClientCookie, false));
        }
        out.addAll(sections(m, d));
        return out;
    }

    /**
     * The OPT pseudosection (message.c dns_message_pseudosectiontotext): the EDNS line (version,
     * the DO flag, any other flag bits as MBZ, the UDP size), then each option in the order it
     * came. A query's options print as dig prints its own (+qr): the cookie without a verdict,
     * the padding before it is sized.
     */
    static List<String> optLines(Message m, byte[] sentClientCookie, boolean query) {
        List<String> out = new ArrayList<>();
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return out;
        }
        out.add(";; OPT PSEUDOSECTION:");
        int mbz = opt.getFlags() & 0xffff & ~0x8000;
        out.add("; EDNS: version: " + opt.getVersion() + ", flags:" + ((opt.getFlags() & 0x8000) != 0 ? " do" : "")
                + (mbz != 0 ? String.format("; MBZ: 0x%04x, udp: ", mbz) : "; udp: ") + opt.getPayloadSize());
        for (org.xbill.DNS.EDNSOption o : opt.getOptions()) {
            byte[] wire = o.toWire();
            byte[] data = Arrays.copyOfRange(wire, 4, wire.length);
            switch (o.getCode()) {
                case org.xbill.DNS.EDNSOption.Code.CLIENT_SUBNET -> {
                    org.xbill.DNS.ClientSubnetOption ecs = (org.xbill.DNS.ClientSubnetOption) o;
                    // BIND 9.18's line: address/source/scope
                    out.add("; CLIENT-SUBNET: " + ecs.getAddress().getHostAddress() + "/" + ecs.getSourcePrefixLength() + "/"
                            + ecs.getScopePrefixLength());
                }
                case org.xbill.DNS.EDNSOption.Code.COOKIE -> out.add(query ? DigQuery.cookieLine((CookieOption) o)
                        : cookieLine((CookieOption) o, sentClientCookie));
                case DigQuery.EXPIRE -> out.add(data.length == 4
                        ? "; EXPIRE: " + Integer.toUnsignedLong(dev.minternet.wire.BigEndian.u32(data, 0)) + " ("
                                + BindText.ttlWords(Integer.toUnsignedLong(dev.minternet.wire.BigEndian.u32(data, 0))) + ")"
                        : "; EXPIRE:" + hex(data));
                case DigQuery.KEEPALIVE -> out.add(data.length == 2
                        ? "; TCP KEEPALIVE: " + (((data[0] & 0xff) << 8 | (data[1] & 0xff)) / 10) + "."
                                + (((data[0] & 0xff) << 8 | (data[1] & 0xff)) % 10) + " secs"
                        : "; TCP KEEPALIVE:" + hex(data));
                case DigQuery.PADDING -> out.add("; PAD:" + (query || data.length == 0 ? "" : " (" + data.length + " bytes)"));
                case org.xbill.DNS.EDNSOption.Code.NSID -> out.add("; NSID:" + hex(data));
                default -> out.add("; OPT=" + o.getCode() + ":" + hex(data));
            }
        }
        return out;
    }

    /** An option's data as message.c prints it: " ab cd (\"..\")", each byte in hex, then the printable ones. */
    static String hex(byte[] data) {
        if (data.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(" ");
        for (byte x : data) {
            b.append(String.format("%02x ", x & 0xff));
        }
        b.append("(\"");
        for (byte x : data) {
            b.append(x >= 0x20 && x < 0x7f ? (char) x : '.');
        }
        return b.append("\")").toString();
    }

    /** The question and the sections the switches show, each with its title when comments are on. */
    static List<String> sections(Message m, Display d) {
        List<String> out = new ArrayList<>();
        if (d.question && !m.getSection(Section.QUESTION).isEmpty()) {
            section(out, d, "QUESTION", m.getSection(Section.QUESTION), true);
        }
        boolean[] shown = {false, d.answer, d.authority, d.additional};
        String[] names = {null, "ANSWER", "AUTHORITY", "ADDITIONAL"};
        for (int s = Section.ANSWER; s <= Section.ADDITIONAL; s++) {
            List<Record> recs = Dns.section(m, s);
            if (shown[s] && !recs.isEmpty()) {
                section(out, d, names[s], recs, false);
            }
        }
        return out;
    }

    private static void section(List<String> out, Display d, String name, List<Record> recs, boolean question) {
        if (d.comments) {
            out.add(";; " + name + " SECTION:");
        }
        for (Record r : recs) {
            out.add(question ? BindText.question(r, d) : d.record(r));
        }
        if (d.comments) {
            out.add("");
        }
    }
}
