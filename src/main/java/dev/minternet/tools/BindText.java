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
        int[] c = columns(ttl, cls);
        Line l = new Line(r.getName().toString());
        if (ttl) {
            l.to(c[0]).add(ttlUnits ? ttlText(r.getTTL()) : Long.toString(r.getTTL()));
        }
        if (cls) {
            l.to(c[1]).add(DClass.string(r.getDClass()));
        }
        l.to(c[2]).add(Type.string(r.getType()));
        l.to(c[3]).add(rdata(r));
        return l.text();
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
        int[] c = columns(ttl, cls);
        Line l = new Line(q.getName().toString());
        l.to(c[1]).add(DClass.string(q.getDClass()));
        l.to(c[2]).add(Type.string(q.getType()));
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
