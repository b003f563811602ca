package dev.minternet.tools;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * DNS records in the text layout of BIND 9.18's dig (lib/dns/masterdump.c with dig's style):
 * the owner name, then the TTL, class, type and data each indented to its column (24, 32, 40 and
 * 48 by default) with tabs of width 8; a field that already reaches its column is followed by
 * one space instead, so long names push the rest of the line right. A question line is ";" and
 * the name, then class and type at columns 32 and 40, counted from the name (the ";" is not).
 */
final class BindText {
    static final int TAB = 8;
    /** dig's style: TTL, class, type and data columns. */
    static final int TTL_COLUMN = 24;
    static final int CLASS_COLUMN = 32;
    static final int TYPE_COLUMN = 40;
    static final int RDATA_COLUMN = 48;

    private BindText() {
    }

    /** A record as dig prints it in a section: {@code www.example.com.	300	IN	A	93.184.216.34}. */
    static String record(Record r) {
        return record(r, true, true, false);
    }

    /**
     * The same under dig's {@code +[no]ttlid}, {@code +[no]class} and {@code +[no]ttlunits}: a
     * field left out moves the columns after it left (dig.c printmessage's styles: 24, 24, 32, 40
     * with one of TTL and class left out, 24, 24, 24, 32 with both), and with units the TTL is
     * written as BIND 8's "1w2d3h4m5s" (lib/dns/ttl.c, lower-case).
     */
    static String record(Record r, boolean ttl, boolean cls, boolean ttlUnits) {
        DigPrinter.Display d = new DigPrinter.Display();
        d.ttl = ttl;
        d.cls = cls;
        d.ttlUnits = ttlUnits;
        return record(r, d);
    }

    /**
     * A record under all of dig's display switches. {@code +multiline} takes the narrow columns
     * (24, 24, 24, 32, dig.c printmessage) and writes an SOA's numbers one a line in parentheses,
     * each continuation indented to the data column, with ";" comments naming them
     * (lib/dns/rdata/generic/soa_6.c) unless {@code +norrcomments}.
     */
    static String record(Record r, DigPrinter.Display d) {
        int[] c = d.multiline ? new int[] {24, 24, 24, 32} : columns(d.ttl, d.cls);
        Line l = new Line(r.getName().toString());
        if (d.ttl) {
            l.to(c[0]).add(d.ttlUnits ? ttlText(r.getTTL()) : Long.toString(r.getTTL()));
        }
        if (d.cls) {
            l.to(c[1]).add(d.unknownFormat ? "CLASS" + r.getDClass() : DClass.string(r.getDClass()));
        }
        if (d.unknownFormat) {
            // RFC 3597 throughout: CLASSn, TYPEn and the data as "\\# length hex"
            return l.to(c[2]).add("TYPE" + r.getType()).to(c[3]).add(generic(r)).text();
        }
        l.to(c[2]).add(Type.string(r.getType()));
        l.to(c[3]);
        if (d.multiline && r instanceof org.xbill.DNS.SOARecord soa) {
            String indent = "\t".repeat(c[3] / TAB) + " ".repeat(c[3] % TAB);
            boolean comments = d.rrcomments >= 0;
            long[] n = {soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()};
            String[] what = {"serial", "refresh", "retry", "expire", "minimum"};
            StringBuilder b = new StringBuilder(soa.getHost() + " " + soa.getAdmin() + " (");
            for (int i = 0; i < n.length; i++) {
                b.append('\n').append(indent);
                if (comments) {
                    b.append(String.format("%-10d ; ", n[i])).append(what[i]).append(i >= 1 ? " (" + ttlWords(n[i]) + ")" : "");
                } else {
                    b.append(n[i]);
                }
            }
            b.append(comments ? "\n" + indent + ")" : ")");
            return l.add(b.toString()).text();
        }
        l.add(r instanceof AAAARecord a && d.expandAaaa ? expanded(a.getAddress().getAddress()) : rdata(r));
        return l.text();
    }

    /** An IPv6 address in full, as BIND's +expandaaaa writes it: eight groups of four hex digits. */
    static String expanded(byte[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            b.append(i == 0 ? "" : ":").append(String.format("%02x%02x", a[i] & 0xff, a[i + 1] & 0xff));
        }
        return b.toString();
    }

    /** RFC 3597's generic data: "\\# LENGTH HEX" (BIND writes the hex in one run for short data). */
    static String generic(Record r) {
        byte[] w = r.rdataToWireCanonical();
        return "\\# " + w.length + (w.length == 0 ? "" : " " + java.util.HexFormat.of().withUpperCase().formatHex(w));
    }

    /**
     * lib/dns/ttl.c's verbose form, as dig's comments use it: "2 hours", "1 day 1 hour", "0
     * seconds" (a unit of one without the "s").
     */
    static String ttlWords(long t) {
        long[] n = {t / 604800, t / 86400 % 7, t / 3600 % 24, t / 60 % 60, t % 60};
        String[] units = {"week", "day", "hour", "minute", "second"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n.length; i++) {
            if (n[i] != 0 || i == n.length - 1 && b.length() == 0) {
                b.append(b.length() == 0 ? "" : " ").append(n[i]).append(' ').append(units[i]).append(n[i] == 1 ? "" : "s");
            }
        }
        return b.toString();
    }

    /** TTL, class, type and data columns of dig's style for what it shows. */
    private static int[] columns(boolean ttl, boolean cls) {
        if (!ttl && !cls) {
            return new int[] {24, 24, 24, 32};
        }
        if (!ttl || !cls) {
            return new int[] {24, 24, 32, 40};
        }
        return new int[] {TTL_COLUMN, CLASS_COLUMN, TYPE_COLUMN, RDATA_COLUMN};
    }

    /** lib/dns/ttl.c's terse form: weeks, days, hours, minutes and seconds that are not zero ("0s" for 0). */
    static String ttlText(long ttl) {
        long[] n = {ttl / 604800, ttl / 86400 % 7, ttl / 3600 % 24, ttl / 60 % 60, ttl % 60};
        String units = "wdhms";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n.length; i++) {
            if (n[i] != 0 || i == n.length - 1 && b.length() == 0) {
                b.append(n[i]).append(units.charAt(i));
            }
        }
        return b.toString();
    }

    /**
     * A record's data in BIND's presentation: dnsjava's, except an IPv6 address, which BIND
     * writes in RFC 5952's canonical form ({@code 2001:db8::10}, not {@code 2001:db8:0:0:0:0:0:10}).
     */
    static String rdata(Record r) {
        if (r instanceof AAAARecord a) {
            return ipv6(a.getAddress().getAddress());
        }
        return r.rdataToString();
    }

    /** RFC 5952 4: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    static String ipv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(j, i + 1);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    /** A question as dig prints it: {@code ;www.example.com.		IN	A}. */
    static String question(Record q) {
        return question(q, true, true);
    }

    /** The same in the columns of dig's style for what it shows of records (the class is always shown here). */
    static String question(Record q, boolean ttl, boolean cls) {
        return question(q, ttl, cls, false, false);
    }

    /** The question under dig's switches ({@code +multiline} takes the narrow columns). */
    static String question(Record q, DigPrinter.Display d) {
        return question(q, d.ttl, d.cls, d.multiline, d.unknownFormat);
    }

    private static String question(Record q, boolean ttl, boolean cls, boolean multiline, boolean generic) {
        int[] c = multiline ? new int[] {24, 24, 24, 32} : columns(ttl, cls);
        Line l = new Line(q.getName().toString());
        l.to(c[1]).add(generic ? "CLASS" + q.getDClass() : DClass.string(q.getDClass()));
        l.to(c[2]).add(generic ? "TYPE" + q.getType() : Type.string(q.getType()));
        return ";" + l.text();
    }

    /** One line being laid out: the text and the column it has reached. */
    private static final class Line {
        private final StringBuilder b = new StringBuilder();
        private int column;

        Line(String first) {
            add(first);
        }

        Line add(String s) {
            b.append(s);
            column += s.length();
            return this;
        }

        /**
         * masterdump.c's indent(): tabs up to column {@code to}, or a single space when the text
         * already reaches it (the target is then one past the current column).
         */
        Line to(int to) {
            int target = Math.max(to, column + 1);
            int tabs = target / TAB - column / TAB;
            int from = column;
            if (tabs > 0) {
                b.append("\t".repeat(tabs));
                from = (target / TAB) * TAB;
            }
            b.append(" ".repeat(target - from));
            column = target;
            return this;
        }

        String text() {
            return b.toString();
        }
    }
}
