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

        /** A record as these switches write it. */
        String record(Record r) {
            return BindText.record(r, ttl, cls, ttlUnits);
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
            OPTRecord opt = m.getOPT();
            if (opt != null) {
                out.add(";; OPT PSEUDOSECTION:");
                out.add("; EDNS: version: " + opt.getVersion() + ", flags:"
                        + ((opt.getFlags() & 0x8000) != 0 ? " do" : "") + "; udp: " + opt.getPayloadSize());
                org.xbill.DNS.ClientSubnetOption ecs = dev.minternet.dns.Ecs.option(m);
                if (ecs != null) {
                    // BIND 9.18's line: address/source/scope
                    out.add("; CLIENT-SUBNET: " + ecs.getAddress().getHostAddress() + "/" + ecs.getSourcePrefixLength() + "/"
                            + ecs.getScopePrefixLength());
                }
                CookieOption c = DnsCookies.option(m);
                if (c != null) {
                    out.add(cookieLine(c, sentClientCookie));
                }
            }
        }
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
            out.add(question ? BindText.question(r, d.ttl, d.cls) : d.record(r));
        }
        if (d.comments) {
            out.add("");
        }
    }
}
