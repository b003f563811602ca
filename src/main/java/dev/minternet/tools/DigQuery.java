package dev.minternet.tools;

import dev.minternet.dns.DnsCookies;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * What dig's switches change in the query it sends (dighost.c setup_lookup), and the query as
 * {@code +qr} prints it before sending.
 */
final class DigQuery {
    /** Header bits and fields dig sets on request: {@code +aaflag}, {@code +raflag}, {@code +tcflag}, {@code +zflag}, {@code +opcode}, {@code +qid}. */
    static final class Header {
        boolean aa;
        boolean ra;
        boolean tc;
        boolean z;
        int opcode;
        /** The query ID {@code +qid} fixes, or -1 for a random one. */
        int qid = -1;

        void apply(Message q) {
            org.xbill.DNS.Header h = q.getHeader();
            if (aa) {
                h.setFlag(Flags.AA);
            }
            if (tc) {
                h.setFlag(Flags.TC);
            }
            if (ra) {
                h.setFlag(Flags.RA);
            }
            if (z) {
                h.setFlag(9); // RFC 1035 4.1.1's Z bit, between RA and AD
            }
            h.setOpcode(opcode);
        }
    }

    /** EDNS as dig's switches ask: version, flags, options beside NSID, subnet and cookie. */
    record Edns(int version, int flags, boolean expire, boolean keepalive, int padding, List<EDNSOption> extra) {
    }

    private DigQuery() {
    }

    /** RFC 7830's PADDING, RFC 7314's EXPIRE and RFC 7828's KEEPALIVE codes. */
    static final int EXPIRE = 9;
    static final int KEEPALIVE = 11;
    static final int PADDING = 12;

    /**
     * The OPT record dig 9.18 builds: its options in dighost.c's order (NSID, the client subnet,
     * EXPIRE, COOKIE, KEEPALIVE over TCP, then +ednsopt's, and PADDING last, sized so that the
     * query fills a multiple of the block), before the caller adds the subnet and cookie.
     */
    static OPTRecord opt(int bufsize, boolean dnssec, boolean nsid, Edns e) {
        List<EDNSOption> opts = new ArrayList<>();
        if (nsid) {
            opts.add(new org.xbill.DNS.NSIDOption(new byte[0]));
        }
        return new OPTRecord(bufsize, 0, e.version(), (dnssec ? org.xbill.DNS.ExtendedFlags.DO : 0) | e.flags(), opts);
    }

    /** The options that follow the cookie, in dighost.c's order: EXPIRE, KEEPALIVE, +ednsopt's, then PADDING. */
    static void addAfterCookie(Message q, Edns e) {
        OPTRecord opt = q.getOPT();
        if (opt == null) {
            return;
        }
        List<EDNSOption> opts = new ArrayList<>(opt.getOptions());
        if (e.expire()) {
            opts.add(new org.xbill.DNS.GenericEDNSOption(EXPIRE, new byte[0]));
        }
        if (e.keepalive()) {
            opts.add(new org.xbill.DNS.GenericEDNSOption(KEEPALIVE, new byte[0]));
        }
        opts.addAll(e.extra());
        DnsCookies.replaceOpt(q, new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(), opts));
        if (e.padding() > 0) {
            // RFC 7830: pad the whole message to a multiple of the block (the option's 4 bytes count)
            int len = q.toWire().length + 4;
            int pad = (e.padding() - len % e.padding()) % e.padding();
            opts.add(new org.xbill.DNS.GenericEDNSOption(PADDING, new byte[pad]));
            DnsCookies.replaceOpt(q, new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(), opts));
        }
    }

    /** Sets the question's class when it is not IN (dnsjava's query builder writes IN). */
    static void setClass(Message q, int dclass) {
        Record r = q.getQuestion();
        if (r == null || r.getDClass() == dclass) {
            return;
        }
        Name n = r.getName();
        q.removeAllRecords(Section.QUESTION);
        q.addRecord(Record.newRecord(n, r.getType(), dclass), Section.QUESTION);
    }

    /**
     * The query as {@code +qr} prints it (dig.c printmessage with isquery): ";; Sending:", the
     * header without dig's verdicts, the OPT pseudosection with the bare client cookie, the
     * question, then ";; QUERY SIZE: N" and a blank line. Without comments only the question and
     * the size stay.
     */
    static List<String> sending(Message q, DigPrinter.Display d, int size) {
        List<String> out = new ArrayList<>();
        if (d.comments) {
            out.add(";; Sending:");
            out.addAll(DigPrinter.header(q).subList(0, 2)); // a query's header: no recursion warning
            out.add("");
            OPTRecord opt = q.getOPT();
            if (opt != null) {
                out.addAll(DigPrinter.optLines(q, null, true));
            }
        }
        List<String> body = DigPrinter.sections(q, d);
        out.addAll(body);
        out.add(";; QUERY SIZE: " + size);
        out.add("");
        return out;
    }

    /** A query's cookie line: the bytes alone, no verdict. */
    static String cookieLine(CookieOption c) {
        return "; COOKIE: " + HexFormat.of().formatHex(DnsCookies.bytes(c));
    }
}
