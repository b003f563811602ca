package dev.minternet.tools;

import dev.minternet.dns.DnsCookies;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The names of dig's {@code +options} and the abbreviations BIND 9.18's dig takes for them.
 *
 * <p>dig.c's plus_option does not look names up in a table: it walks nested switches on the
 * option's first characters ({@code +mu} reaches "multiline" by 'm' then 'u') and then checks that
 * what was typed is a prefix of the name it reached (FULLCHECK). So an option may be shortened to
 * any prefix at least as long as the characters its switches read, and no shorter: {@code +mul}
 * and {@code +multi} are {@code +multiline}, {@code +sho} is refused (dig reads four characters to
 * tell {@code +short} from {@code +showsearch}), {@code +i} is {@code +ignore} (its branch is
 * the default one). Each entry below holds a name and that length, taken from BIND 9.18.28's
 * dig.c; {@code +no} before any name turns it off. A few names have a second spelling ({@code
 * +aaonly}, {@code +cl}, {@code +retries}, {@code +ttl}); {@code +do}, {@code +ad} and {@code
 * +cd} are dig's own short forms.
 */
final class DigPlus {
    /** One option: its name, the characters dig reads before checking, and a second spelling. */
    record Opt(String name, int min, String alt) {
        Opt(String name, int min) {
            this(name, min, null);
        }

        boolean matches(String cmd) {
            return cmd.length() >= min && (prefix(cmd, name) || alt != null && prefix(cmd, alt));
        }

        private static boolean prefix(String cmd, String full) {
            return cmd.length() <= full.length() && full.regionMatches(true, 0, cmd, 0, cmd.length());
        }
    }

    /** Every option of dig 9.18.28's plus_option, with the length its switches read. */
    static final List<Opt> OPTIONS = List.of(
            new Opt("aaflag", 2, "aaonly"), new Opt("additional", 3), new Opt("adflag", 2), new Opt("all", 2),
            new Opt("answer", 2), new Opt("authority", 2),
            new Opt("badcookie", 2), new Opt("besteffort", 2), new Opt("bufsize", 2),
            new Opt("cdflag", 2), new Opt("class", 2, "cl"), new Opt("cmd", 2), new Opt("comments", 3),
            new Opt("cookie", 3), new Opt("crypto", 2),
            new Opt("defname", 2), new Opt("dns64prefix", 4), new Opt("dnssec", 4), new Opt("domain", 3),
            new Opt("dscp", 2),
            new Opt("edns", 4), new Opt("ednsflags", 5), new Opt("ednsnegotiation", 5), new Opt("ednsopt", 5),
            new Opt("expandaaaa", 4), new Opt("expire", 4),
            new Opt("fail", 2), new Opt("fuzztime", 2),
            new Opt("header-only", 2), new Opt("https", 2, "https-get"), new Opt("https-post", 7),
            new Opt("http-plain", 5, "http-plain-get"), new Opt("http-plain-post", 12),
            new Opt("identify", 3), new Opt("idnin", 4), new Opt("idnout", 4), new Opt("ignore", 1),
            new Opt("keepalive", 5), new Opt("keepopen", 5),
            new Opt("mapped", 2), new Opt("multiline", 2),
            new Opt("ndots", 2), new Opt("nsid", 3), new Opt("nssearch", 3),
            new Opt("onesoa", 2), new Opt("opcode", 2),
            new Opt("padding", 1),
            new Opt("qid", 2), new Opt("qr", 2), new Opt("question", 2),
            new Opt("raflag", 2), new Opt("rdflag", 2), new Opt("recurse", 3), new Opt("retry", 3, "retries"),
            new Opt("rrcomments", 2),
            new Opt("search", 2), new Opt("short", 4), new Opt("showbadcookie", 5), new Opt("showsearch", 5),
            new Opt("sigchase", 2), new Opt("split", 2), new Opt("stats", 2), new Opt("subnet", 2),
            new Opt("tcflag", 3), new Opt("tcp", 3), new Opt("timeout", 2), new Opt("tls", 3),
            new Opt("tls-ca", 5), new Opt("tls-certfile", 6), new Opt("tls-hostname", 6), new Opt("tls-keyfile", 6),
            new Opt("topdown", 2), new Opt("trace", 3), new Opt("tries", 3), new Opt("trusted-key", 3),
            new Opt("ttlid", 3, "ttl"), new Opt("ttlunits", 4),
            new Opt("unexpected", 3), new Opt("unknownformat", 3),
            new Opt("vc", 1), new Opt("yaml", 1), new Opt("zflag", 1));

    /** An option as typed, split: on ({@code +x}) or off ({@code +nox}), its name, its value after '=' or null. */
    record Parsed(String name, boolean on, String value) {
    }

    private DigPlus() {
    }

    /**
     * {@code typed} (what followed the '+') as dig reads it: "no" turns the option off, '='
     * brings a value, and the rest names an option in full or shortened as dig allows.
     *
     * @throws IllegalArgumentException "Invalid option: +typed", as dig says it, when dig
     *     would not take it
     */
    static Parsed parse(String typed) {
        int eq = typed.indexOf('=');
        String cmd = eq < 0 ? typed : typed.substring(0, eq);
        String value = eq < 0 ? null : typed.substring(eq + 1);
        boolean on = true;
        if (cmd.regionMatches(true, 0, "no", 0, 2)) {
            cmd = cmd.substring(2);
            on = false;
        }
        String name = canonical(cmd);
        if (name == null) {
            // dig.c prints the option as strtok left it: cut at its '='
            throw new IllegalArgumentException("Invalid option: +" + (eq < 0 ? typed : typed.substring(0, eq)));
        }
        return new Parsed(name, on, value);
    }

    /** The option {@code cmd} names (without "no" and value), or null when dig refuses it. */
    static String canonical(String cmd) {
        String c = cmd.toLowerCase(Locale.ROOT);
        switch (c) {
            case "do":
                return "dnssec"; // dig.c: "treat 'do' as synonym for dnssec"
            case "ad":
                return "adflag";
            case "cd":
                return "cdflag";
            default:
                break;
        }
        for (Opt o : OPTIONS) {
            if (o.matches(c)) {
                return o.name();
            }
        }
        return null;
    }

    /** dig's {@code +subnet=ADDR[/LEN]} (IPv4; the length defaults to 32), its complaint on a bad value. */
    static org.xbill.DNS.ClientSubnetOption subnet(String v) {
        if (v == null || !v.matches("\\d{1,3}(\\.\\d{1,3}){0,3}(/\\d{1,2})?")) {
            throw new Refusal("invalid prefix '" + (v == null ? "" : v) + "'\ndig: Couldn't parse client", 10);
        }
        int slash = v.indexOf('/');
        String a = slash < 0 ? v : v.substring(0, slash);
        int len = slash < 0 ? 32 : Integer.parseInt(v.substring(slash + 1));
        String[] parts = a.split("\\.");
        int addr = 0;
        for (int i = 0; i < 4; i++) {
            int octet = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            if (octet > 255) {
                throw new Refusal("invalid prefix '" + v + "'\ndig: Couldn't parse client", 10);
            }
            addr = addr << 8 | octet;
        }
        if (len > 32) {
            throw new Refusal("invalid prefix '" + v + "'\ndig: Couldn't parse client", 10);
        }
        return dev.minternet.dns.Ecs.ipv4(addr, len, 0);
    }

    /**
     * {@code +cookie=HEX}: the client cookie to send (dig pads or cuts it to 8 bytes), maybe
     * followed by a server cookie (8 to 32 bytes).
     */
    static byte[] hexCookie(String hex) {
        byte[] b;
        try {
            b = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new Refusal("dig: isc_hex_decodestring: bad hex encoding", 1);
        }
        if (b.length > 40) {
            throw new Refusal("dig: isc_hex_decodestring: ran out of space", 1);
        }
        return b.length < DnsCookies.CLIENT_LENGTH ? Arrays.copyOf(b, DnsCookies.CLIENT_LENGTH)
                : b.length < 16 ? Arrays.copyOf(b, DnsCookies.CLIENT_LENGTH) : b;
    }

    /**
     * dig's parse_uint with a maximum: "invalid WHAT 'V': not a valid number" or "...: out of
     * range", then "dig: Couldn't parse WHAT", with dig's exit status for that option.
     */
    static int bounded(String what, String v, int max, int status) {
        return (int) bounded(what, v, (long) max, status);
    }

    /** {@link #bounded(String, String, int, int)} up to a maximum past an int's (isc_parse_uint32). */
    static long bounded(String what, String v, long max, int status) {
        String why = "not a valid number";
        if (v.matches("\\d+")) {
            String digits = v.replaceFirst("^0+(?=\\d)", "");
            if (digits.length() <= 10 && Long.parseLong(digits) <= max) {
                return Long.parseLong(digits);
            }
            why = "out of range";
        }
        throw new Refusal("invalid " + what + " '" + v + "': " + why + "\ndig: Couldn't parse " + what, status);
    }

    /** dig's {@code +time}, {@code +tries}, {@code +retry} and {@code +subnet} want a value ("+time" or "+notime" alone is an invalid option). */
    static String valueOf(String name, String value, boolean on) {
        if (!on || value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Invalid option: +" + name);
        }
        return value;
    }

    /** dig's parse_xint: as {@link #bounded}, but "0x" hex and "0" octal are numbers too (strtoul, base 0). */
    static int boundedX(String what, String v, int max, int status) {
        String why = "not a valid number";
        try {
            long n = v.matches("0[xX][0-9a-fA-F]{1,8}") ? Long.parseLong(v.substring(2), 16)
                    : v.matches("0[0-7]+") ? Long.parseLong(v, 8) : v.matches("\\d{1,10}") ? Long.parseLong(v) : -1;
            if (n >= 0 && n <= max) {
                return (int) n;
            }
            if (n > max) {
                why = "out of range";
            }
        } catch (NumberFormatException e) {
            // dig's words below
        }
        throw new Refusal("invalid " + what + " '" + v + "': " + why + "\ndig: Couldn't parse " + what, status);
    }

    /** The value an option must have ("+ndots" alone is dig's "Invalid option: +ndots"). */
    static String need(String typed, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Invalid option: +" + typed);
        }
        return value;
    }

    /** dig's opcode names, in number order (lib/dns opcodetext); a number 0-15 is taken too. */
    static final List<String> OPCODES = List.of("QUERY", "IQUERY", "STATUS", "RESERVED3", "NOTIFY", "UPDATE",
            "RESERVED6", "RESERVED7", "RESERVED8", "RESERVED9", "RESERVED10", "RESERVED11", "RESERVED12",
            "RESERVED13", "RESERVED14", "RESERVED15");

    static int opcode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("Invalid option: +opcode");
        }
        for (int i = 0; i < OPCODES.size(); i++) {
            if (OPCODES.get(i).equalsIgnoreCase(value)) {
                return i;
            }
        }
        return bounded("opcode", value, 15, 10);
    }

    /** EDNS option names dig knows (dighost.c's optnames), for {@code +ednsopt=NAME[:HEX]}. */
    static final java.util.Map<String, Integer> EDNS_NAMES = java.util.Map.ofEntries(
            java.util.Map.entry("LLQ", 1), java.util.Map.entry("UL", 2), java.util.Map.entry("NSID", 3),
            java.util.Map.entry("DAU", 5), java.util.Map.entry("DHU", 6), java.util.Map.entry("N3U", 7),
            java.util.Map.entry("ECS", 8), java.util.Map.entry("CLIENT-SUBNET", 8), java.util.Map.entry("EXPIRE", 9),
            java.util.Map.entry("COOKIE", 10), java.util.Map.entry("KEEPALIVE", 11), java.util.Map.entry("PADDING", 12),
            java.util.Map.entry("CHAIN", 13), java.util.Map.entry("KEY-TAG", 14), java.util.Map.entry("EDE", 15),
            java.util.Map.entry("CLIENT-TAG", 16), java.util.Map.entry("SERVER-TAG", 17));

    /**
     * {@code +ednsopt=CODE[:HEX]}: one more option for the query's OPT record (CODE a number or
     * one of dig's names, HEX its data); {@code +noednsopt} clears them.
     */
    static List<org.xbill.DNS.EDNSOption> ednsOpt(List<org.xbill.DNS.EDNSOption> now, boolean on, String value) {
        if (!on) {
            return List.of();
        }
        if (value == null || value.isEmpty() || value.startsWith(":")) {
            throw new Refusal("dig: ednsopt no code point specified", 10);
        }
        int colon = value.indexOf(':');
        String code = colon < 0 ? value : value.substring(0, colon);
        Integer n = EDNS_NAMES.get(code.toUpperCase(Locale.ROOT));
        if (n == null) {
            n = bounded("edns code point", code, 65535, 10);
        }
        byte[] data = new byte[0];
        if (colon >= 0) {
            try {
                data = HexFormat.of().parseHex(value.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new Refusal("dig: isc_hex_decodestring: bad hex encoding", 10);
            }
        }
        List<org.xbill.DNS.EDNSOption> l = new java.util.ArrayList<>(now);
        l.add(new org.xbill.DNS.GenericEDNSOption(n, data));
        return l;
    }

    /**
     * {@code +split=W}: the width at which dig splits base64 and hex data. No record of a world
     * here has such data (no DNSSEC keys or signatures), so only the checks and the warning stay.
     */
    static void split(boolean on, String typed, String value, Terminal term) {
        if (value != null && !on) {
            throw new IllegalArgumentException("Invalid option: +" + typed);
        }
        if (on && value != null) {
            int w = bounded("split", value, 1023, 10);
            if (w % 4 != 0) {
                term.println(";; Warning, split must be a multiple of 4; adjusting to " + (w + 3) / 4 * 4);
            }
        }
    }

    /** Why dig here refuses an option the real one has. */
    static String unmodelled(String name) {
        return switch (name) {
            case "yaml" -> "YAML output is not modelled here";
            case "dns64prefix" -> "DNS64 is not modelled here";
            case "header-only" -> "a query without a question is not modelled here";
            default -> name.startsWith("tls") ? "DNS over TLS is not modelled here (no DoT server in a world)"
                    : "DNS over HTTPS is not modelled here (no DoH server in a world)";
        };
    }


    /**
     * dig's several lookups on one line ({@code dig www.example.com example.com MX}): the words
     * before the first name apply to every lookup, each name starts one, and what follows a name
     * (its options, its type and class words) is that lookup's alone; {@code +[no]short} and
     * {@code +[no]cmd} are dig's global switches, so they apply to all wherever they stand. One
     * list of words a lookup; a single lookup when there is one name or none.
     */
    static List<List<String>> lookups(List<String> args) {
        List<String> global = new java.util.ArrayList<>();
        List<List<String>> own = new java.util.ArrayList<>();
        List<String> everywhere = new java.util.ArrayList<>();
        boolean typeSet = false;
        boolean classSet = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            List<String> into = own.isEmpty() ? global : own.get(own.size() - 1);
            if (a.startsWith("+")) {
                String n = a.substring(1).toLowerCase(Locale.ROOT);
                String bare = n.startsWith("no") ? n.substring(2) : n;
                String c = canonical(bare.contains("=") ? bare.substring(0, bare.indexOf('=')) : bare);
                (("short".equals(c) || "cmd".equals(c)) ? everywhere : into).add(a);
            } else if (a.startsWith("@")) {
                into.add(a);
            } else if ((a.equals("-x") || a.equals("-q")) && i + 1 < args.size()) {
                own.add(new java.util.ArrayList<>(List.of(a, args.get(++i)))); // a lookup of its own
                typeSet = false;
                classSet = false;
            } else if (a.startsWith("-") && a.length() > 1) {
                into.add(a);
                if (List.of("-t", "-c", "-p").contains(a) && i + 1 < args.size()) {
                    into.add(args.get(++i));
                }
            } else if (!own.isEmpty() && !typeSet && org.xbill.DNS.Type.value(a.toUpperCase(Locale.ROOT)) > 0) {
                into.add(a);
                typeSet = true;
            } else if (!own.isEmpty() && !classSet && org.xbill.DNS.DClass.value(a.toUpperCase(Locale.ROOT)) > 0) {
                into.add(a);
                classSet = true;
            } else if (own.isEmpty() && (org.xbill.DNS.Type.value(a.toUpperCase(Locale.ROOT)) > 0
                    || org.xbill.DNS.DClass.value(a.toUpperCase(Locale.ROOT)) > 0)) {
                global.add(a); // "dig MX example.com": the type before the name
            } else {
                List<String> l = new java.util.ArrayList<>();
                l.add(a);
                own.add(l);
                typeSet = false;
                classSet = false;
            }
        }
        List<List<String>> out = new java.util.ArrayList<>();
        if (own.size() <= 1) {
            out.add(args);
            return out;
        }
        for (List<String> o : own) {
            List<String> l = new java.util.ArrayList<>(global);
            l.addAll(o);
            l.addAll(everywhere);
            out.add(l);
        }
        return out;
    }

    /**
     * A terminal on which a warning dig writes without a newline (";; +dscp option is obsolete
     * and has no effect") runs into the next line dig prints, as on a real terminal.
     */
    static class Joined implements Terminal {
        private final Terminal to;
        private String pending = "";

        Joined(Terminal to) {
            this.to = to;
        }

        /** Writes {@code text} with no newline after it. */
        void print(String text) {
            pending += text;
        }

        @Override
        public void println(String line) {
            to.println(pending + line);
            pending = "";
        }

        @Override
        public void exit(int code) {
            if (!pending.isEmpty()) {
                println("");
            }
            to.exit(code);
        }

        @Override
        public void onInterrupt(Runnable r) {
            to.onInterrupt(r);
        }

        @Override
        public void onInput(java.util.function.Consumer<String> lines) {
            to.onInput(lines);
        }

        @Override
        public dev.minternet.files.FilePolicy files() {
            return to.files();
        }
    }
}
