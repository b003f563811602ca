package dev.minternet.tools;

import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * nslookup's settings, as {@code set OPTION} changes them in interactive mode and {@code -OPTION}
 * on the command line (BIND 9.18's nslookup.c setoption: the same words, the same shortest
 * forms, "*** Invalid option: X" for anything else), and as {@code set all} lists them.
 */
final class NslookupSettings {
    String type = "A";
    String cls = "IN";
    /** No {@code type} set: A, then AAAA of the name the CNAME chain ends at. */
    boolean defaultLookups = true;
    boolean debug;
    boolean d2;
    boolean vc;
    boolean vcSet;
    boolean recurse = true;
    boolean search = true;
    /** {@code timeout=N} in seconds; 0 as nslookup shows it before one is set (dig's 5 s apply). */
    long timeout;
    int retry = 3;
    int port = 53;
    int ndots = 1;
    String domain;

    /** nslookup.c's CHECKOPT: {@code opt} is a prefix of {@code full} at least {@code min} long. */
    private static boolean check(String opt, String full, int min) {
        return opt.length() >= min && opt.length() <= full.length() && full.regionMatches(true, 0, opt, 0, opt.length());
    }

    private static boolean starts(String opt, String prefix) {
        return opt.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Applies {@code opt} (what follows "set " or "-"); prints nslookup's complaint on {@code term} when it is not one. */
    void set(String opt, Terminal term) {
        if (check(opt, "all", 3)) {
            showAll(term);
            return;
        }
        for (String p : new String[] {"class=", "cl="}) {
            if (starts(opt, p)) {
                String v = opt.substring(p.length());
                if (DClass.value(v.toUpperCase(Locale.ROOT)) < 0) {
                    term.println("unknown query class: " + v);
                } else {
                    cls = v;
                }
                return;
            }
        }
        for (String p : new String[] {"type=", "ty=", "querytype=", "query=", "qu=", "q="}) {
            if (starts(opt, p)) {
                String v = opt.substring(p.length());
                if (Type.value(v.toUpperCase(Locale.ROOT)) < 0) {
                    term.println("unknown query type: " + v);
                } else {
                    type = v;
                    defaultLookups = false;
                }
                return;
            }
        }
        if (starts(opt, "domain=") || starts(opt, "do=")) {
            domain = opt.substring(opt.indexOf('=') + 1);
            search = true;
        } else if (starts(opt, "port=") || starts(opt, "po=")) {
            port = (int) number(opt, 65535, "port", port, term);
        } else if (starts(opt, "timeout=") || starts(opt, "t=")) {
            timeout = number(opt, 0xffff_ffffL, "timeout", timeout, term);
        } else if (check(opt, "recurse", 3)) {
            recurse = true;
        } else if (check(opt, "norecurse", 5)) {
            recurse = false;
        } else if (starts(opt, "retry=") || starts(opt, "ret=")) {
            retry = (int) number(opt, Integer.MAX_VALUE, "tries", retry, term);
        } else if (check(opt, "defname", 3) || check(opt, "search", 3)) {
            search = true;
        } else if (check(opt, "nodefname", 5) || check(opt, "nosearch", 5)) {
            search = false;
        } else if (check(opt, "vc", 2)) {
            vc = true;
            vcSet = true;
        } else if (check(opt, "novc", 4)) {
            vc = false;
            vcSet = true;
        } else if (check(opt, "debug", 3)) {
            debug = true;
        } else if (check(opt, "nodebug", 5)) {
            debug = false;
        } else if (check(opt, "d2", 2)) {
            d2 = true;
        } else if (check(opt, "nod2", 4)) {
            d2 = false;
        } else if (check(opt, "sil", 3) || check(opt, "fail", 3) || check(opt, "nofail", 5)) {
            // sil: a deprecation message long gone; [no]fail: one server is asked here
        } else if (starts(opt, "ndots=")) {
            ndots = (int) number(opt, 128, "ndots", ndots, term);
        } else {
            term.println("*** Invalid option: " + opt);
        }
    }

    /** dighost.c parse_uint after '=': the number, or its complaint (on stdout) and the value unchanged. */
    private static long number(String opt, long max, String what, long keep, Terminal term) {
        String v = opt.substring(opt.indexOf('=') + 1);
        if (v.matches("\\d{1,10}") && Long.parseLong(v) <= max) {
            return Long.parseLong(v);
        }
        term.println("invalid " + what + " '" + v + "': " + (v.matches("\\d{1,10}") ? "out of range" : "not a valid number"));
        return keep;
    }

    /** The server lines, then {@code set all}'s "Set options:" block (nslookup.c show_settings). */
    void showAll(Terminal term) {
        if (server != null) {
            term.println("Default server: " + server.shown());
            term.println("Address: " + server.withPort(port));
        }
        term.println("");
        term.println("Set options:");
        term.println("  " + (vc ? "vc" : "novc") + "\t\t\t" + (debug ? "debug" : "nodebug") + "\t\t" + (d2 ? "d2" : "nod2"));
        term.println("  " + (search ? "search" : "nosearch") + "\t\t" + (recurse ? "recurse" : "norecurse"));
        term.println("  timeout = " + timeout + "\t\tretry = " + retry + "\tport = " + port + "\tndots = " + ndots);
        term.println("  querytype = " + String.format("%-8s", type) + "\tclass = " + cls);
        term.println("  srchlist = " + (domain == null ? "" : domain));
    }

    /** The server lookups go to ({@code server NAME} changes it). */
    NameServerArg server;
}
