package dev.minternet.tools;

import dev.minternet.node.Node;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * ipcalc as Debian's package ipcalc 0.42 has it (Krischan Jodies' Perl calculator, which calls
 * itself version 0.5): address, netmask, wildcard, network, host range, broadcast, host count and
 * class/netblock remark, each with its bits (a space where the prefix ends); a second mask lists
 * the subnets after the transition (at most 1001, as the real tool) or the supernet; {@code -r}
 * and {@code A - B} deaggregate a range; IPv6 input prints the short Address/Netmask/Prefix summary
 * the real tool prints. Its quirks are kept: a missing mask is /24 whatever the class, a dotted
 * mask without its top bit is read as a wildcard (and says {@code WILDCARD}), errors go to standard
 * output and the exit status is always 0.
 *
 * <p>Modelled rather than real: colours are off by default, as when the real tool's output is not
 * a terminal (a node's terminal is a capture); {@code -c}/{@code --color} turns the same ANSI
 * sequences on. The real tool tries the netblocks in Perl's hash order, which changes from run to
 * run, so a network holding several of them (10.0.0.0/1, 0.0.0.0/0) names one of them by chance;
 * here always the first in the order its source lists them. {@code -h}/{@code --html},
 * {@code -s}/{@code --split} and {@code --help} are not modelled (a one-line message, exit 1).
 */
public final class Ipcalc implements Tool {
    private static final long ALL = 0xFFFFFFFFL;
    private static final BigInteger MASK128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final String[][] NETBLOCKS = {
        {"192.168.0.0", "16", "Private Internet"},
        {"172.16.0.0", "12", "Private Internet"},
        {"10.0.0.0", "8", "Private Internet"},
        {"169.254.0.0", "16", "APIPA"},
        {"127.0.0.0", "8", "Loopback"},
        {"224.0.0.0", "4", "Multicast"},
    };
    private static final String QUADS = "\033[34m";
    private static final String NORML = "\033[m";
    private static final String BINRY = "\033[33m";
    private static final String MASKC = "\033[31m";
    private static final String CLASSC = "\033[35m";
    private static final String SUBNT = "\033[0m\033[32m";
    private static final String ERRORC = "\033[31m";

    @Override
    public String name() {
        return "ipcalc";
    }

    @Override
    public String synopsis() {
        return "ipcalc [-n|-c] [-b] [-r] ADDRESS[/NETMASK] [NETMASK] [NEWMASK]";
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        String out = output(args);
        if (out.startsWith("ipcalc: ")) {
            term.println(out.substring(0, out.length() - 1));
            term.exit(1);
            return;
        }
        List<String> lines = new ArrayList<>(List.of(out.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.forEach(term::println);
        term.exit(0);
    }

    @Override
    public void validate(List<String> args) {
        String out = output(args);
        if (out.startsWith("ipcalc: ")) {
            throw new IllegalArgumentException(out.substring(0, out.length() - 1));
        }
    }

    /** Everything the real tool prints on standard output for {@code args}, newlines included. */
    public static String output(List<String> args) {
        return new Run().main(args);
    }

    /** One invocation: the real tool's global state (options, colours, the IPv6 flag). */
    private static final class Run {
        final StringBuilder out = new StringBuilder();
        boolean color;
        boolean bits = true;
        boolean version;
        boolean deaggregate;
        boolean ipv6;
        String quads = QUADS;
        String norml = NORML;
        String binry = BINRY;
        String maskc = MASKC;
        String classc = CLASSC;
        String subnt = SUBNT;
        String colorOld = "";
        String colorActual = "";
        String unmodelled;

        String main(List<String> argv) {
            if (argv.isEmpty()) {
                usage();
                return out.toString();
            }
            String optError = "";
            List<String> tmp = new ArrayList<>();
            for (String a : argv) {
                if (a.startsWith("--") && a.length() > 2) {
                    optError += option("--", a.substring(2));
                } else if (a.startsWith("-") && a.length() > 1) {
                    for (char c : a.substring(1).toCharArray()) {
                        optError += option("-", String.valueOf(c));
                    }
                } else {
                    tmp.add(a);
                }
            }
            if (unmodelled != null) {
                return "ipcalc: option " + unmodelled + " is not modelled in Minternet\n";
            }
            List<String> arguments = new ArrayList<>();
            for (String a : tmp) {
                int slash = a.indexOf('/', 1);
                if (slash > 0 && slash < a.length() - 1) {
                    arguments.add(a.substring(0, slash));
                    arguments.add(a.substring(slash + 1));
                } else if (a.length() > 1 && a.endsWith("/")) {
                    arguments.add(a.substring(0, a.length() - 1));
                } else if (a.lastIndexOf('-') > 0 && a.lastIndexOf('-') < a.length() - 1) {
                    int dash = a.lastIndexOf('-');
                    arguments.add(a.substring(0, dash));
                    arguments.add(a.substring(dash + 1));
                    deaggregate = true;
                } else if (a.equals("-")) {
                    deaggregate = true;
                } else {
                    arguments.add(a);
                }
            }
            if (!optError.isEmpty()) {
                out.append(optError);
                return out.toString();
            }
            if (version) {
                out.append("0.5\n");
                return out.toString();
            }
            if (!color) {
                quads = "";
                norml = "";
                binry = "";
                maskc = "";
                classc = "";
                subnt = "";
            }
            calc(arguments);
            return out.toString();
        }

        String option(String prefix, String o) {
            switch (o) {
                case "c", "color" -> color = true;
                case "n", "nocolor" -> color = false;
                case "v", "version" -> version = true;
                case "b", "nobinary" -> bits = false;
                case "r", "range" -> deaggregate = true;
                case "h", "html", "help", "s", "split" -> {
                    if (unmodelled == null) {
                        unmodelled = prefix + o;
                    }
                }
                default -> {
                    return "Unknown option: " + prefix + o + "\n";
                }
            }
            return "";
        }

        void calc(List<String> argv) {
            String a0 = argv.size() > 0 ? argv.get(0) : null;
            String a1 = argv.size() > 1 ? argv.get(1) : null;
            String a2 = argv.size() > 2 ? argv.get(2) : null;
            String error = "";
            Object address = a0 == null ? null : argton(a0, false);
            if (address == null) {
                error += "INVALID ADDRESS: " + (a0 == null ? "" : a0) + "\n";
                address = argton("192.168.1.1", false);
            }
            if (deaggregate) {
                Object address2 = a1 == null ? null : argton(a1, false);
                if (address2 == null) {
                    error += "INVALID ADDRESS2: " + (a1 == null ? "" : a1) + "\n";
                    address2 = argton("192.168.1.1", false);
                }
                if (!(address instanceof Long) || !(address2 instanceof Long)) {
                    out.setLength(0);
                    out.append("ipcalc: IPv6 ranges are not modelled in Minternet\n");
                    return;
                }
                if (!error.isEmpty()) {
                    out.append(error).append('\n');
                }
                long s = (Long) address;
                long e = (Long) address2;
                out.append("deaggregate ").append(ntoa(s)).append(" - ").append(ntoa(e)).append('\n');
                deaggregate(s, e);
                return;
            }
            if (ipv6) {
                String mask6 = "64";
                if (a1 != null) {
                    if (!a1.matches("\\d{1,3}") || Integer.parseInt(a1) > 128) {
                        out.append("INVALID MASK1\n\n");
                        return;
                    }
                    mask6 = a1;
                }
                if (!error.isEmpty()) {
                    printError(error);
                    return;
                }
                summary6((BigInteger) address, mask6);
                return;
            }
            Long mask1 = a1 != null ? (Long) argton(a1, true) : Long.valueOf(bitcount(24));
            if (mask1 == null) {
                error += "INVALID MASK1:   " + a1 + "\n";
                mask1 = bitcount(24);
            }
            Long mask2 = a2 != null ? (Long) argton(a2, true) : mask1;
            if (mask2 == null) {
                error += "INVALID MASK2:   " + a2 + "\n";
                mask2 = bitcount(24);
            }
            if (!error.isEmpty()) {
                printError(error);
                return;
            }
            long addr = (Long) address;
            long m1 = mask1;
            long m2 = mask2;
            printline("Address", addr, m1, m1);
            printline("Netmask", m1, m1, m1);
            printline("Wildcard", ~m1 & ALL, m1, m1);
            out.append("=>").append('\n');
            long network = addr & m1;
            printnet(network, m1, m1);
            if (m1 < m2) {
                out.append("Subnets after transition from /").append(prefix(m1))
                        .append(" to /").append(prefix(m2)).append("\n\n");
                subnets(network, m1, m2);
            }
            if (m1 > m2) {
                out.append("Supernet\n\n");
                printline("Netmask", m2, m2, m1);
                printline("Wildcard", ~m2 & ALL, m2, m1);
                out.append('\n');
                printnet(network & m2, m2, m1);
            }
        }

        void printError(String error) {
            if (color) {
                out.append(setColor(ERRORC));
            }
            out.append(error).append('\n');
            out.append(setColor(norml));
        }

        void subnets(long network, long m1, long m2) {
            int b1 = prefix(m1);
            int b2 = prefix(m2);
            printline("Netmask", m2, m2, m1);
            printline("Wildcard", ~m2 & ALL, m2, m1);
            out.append('\n');
            // a wildcard mask1 is negative, so a longer mask1 can come here: Perl's bignum
            // shifts by a negative count to NaN, and no subnet is listed
            boolean nan = b2 < b1;
            long count = nan ? 0 : 1L << (b2 - b1);
            for (long subnet = 0; subnet < count; subnet++) {
                long net = network | (subnet << (32 - b2));
                out.append(' ').append(subnet + 1).append(".\n");
                printnet(net & ALL, m2, m1);
                if (subnet >= 1000) {
                    out.append("... stopped at 1000 subnets ...\n");
                    break;
                }
            }
            long hostn = (network | (~m2 & ALL)) - network - 1;
            if (hostn > -1) {
                out.append("\nSubnets:   ").append(quads).append(nan ? "NaN" : count).append(norml).append('\n');
            }
            if (hostn < 1) {
                hostn = 1;
            }
            out.append("Hosts:     ").append(quads).append(nan ? "NaN" : hostn * count).append(norml).append('\n');
        }

        void printnet(long network, long m1, long m2) {
            long broadcast = network | (~m1 & ALL);
            long hmin = network + 1;
            long hmax = broadcast - 1;
            long hostn = hmax - hmin + 1;
            int mask = prefix(m1);
            if (mask == 31) {
                hmax = broadcast;
                hmin = network;
                hostn = 2;
            }
            if (mask == 32) {
                hostn = 1;
            }
            if (mask == 32) {
                printline("Hostroute", network, m1, m2);
            } else {
                printline("Network", network, m1, m2);
                printline("HostMin", hmin, m1, m2);
                printline("HostMax", hmax, m1, m2);
                if (mask < 31) {
                    printline("Broadcast", broadcast, m1, m2);
                }
            }
            out.append(setColor(norml));
            out.append("Hosts/Net: ");
            out.append(setColor(quads));
            out.append(String.format("%-22s", hostn));
            out.append(description(network, m1));
            out.append("\n\n");
        }

        String description(long network, long mask) {
            List<String> d = new ArrayList<>();
            if (color) {
                d.add(setColor(classc) + "Class " + netClass(network) + setColor(norml));
            } else {
                d.add("Class " + netClass(network));
            }
            String block = netblock(network, mask);
            if (!block.isEmpty()) {
                d.add(block);
            }
            if (prefix(mask) == 31) {
                d.add("PtP Link RFC 3021");
            }
            return String.join(", ", d);
        }

        void printline(String label, long address, long mask1, long mask2) {
            int b1 = prefix(mask1);
            int b2 = prefix(mask2);
            String info = "";
            boolean classbit = false;
            if (label.equals("Netmask")) {
                info = " = " + b1;
            }
            if (label.equals("Network")) {
                classbit = true;
                info = "/" + b1;
            }
            if (label.equals("Hostroute") && b1 == 32) {
                classbit = true;
            }
            out.append(setColor(norml));
            out.append(String.format("%-11s", label + ":"));
            out.append(setColor(quads));
            out.append(String.format("%-21s", ntoa(address) + info));
            if (bits) {
                StringBuilder line = new StringBuilder();
                boolean newbit = false;
                String bitColor = setColor(binry);
                if (label.equals("Netmask")) {
                    bitColor = setColor(maskc);
                }
                line.append(classbit ? setColor(classc) : setColor(bitColor));
                for (int i = 1; i < 33; i++) {
                    int bit = (address & (1L << (32 - i))) != 0 ? 1 : 0;
                    line.append(bit);
                    if (classbit && bit == 0) {
                        classbit = false;
                        line.append(newbit ? setColor(subnt) : setColor(bitColor));
                    }
                    if (i % 8 == 0 && i < 32) {
                        line.append(setColor(norml)).append('.');
                        line.append(setColor("oldcolor"));
                    }
                    if (i == b1) {
                        line.append(' ');
                    }
                    if ((i == b1 || i == b2) && b1 != b2) {
                        if (newbit) {
                            newbit = false;
                            if (!classbit) {
                                line.append(setColor(bitColor));
                            }
                        } else {
                            newbit = true;
                            if (!classbit) {
                                line.append(setColor(subnt));
                            }
                        }
                    }
                }
                line.append(setColor(norml));
                out.append(line);
            }
            out.append('\n');
        }

        /** The real set_color: always the new colour; "oldcolor" is the one before the current. */
        String setColor(String c) {
            if (c.equals("oldcolor")) {
                c = colorOld;
            }
            colorOld = colorActual;
            colorActual = c;
            return c;
        }

        void deaggregate(long start, long end) {
            long base = start;
            while (base <= end) {
                int step = 0;
                while ((base | (1L << step)) != base) {
                    if ((base | (ALL >> (31 - step))) > end) {
                        break;
                    }
                    step++;
                }
                out.append(ntoa(base)).append('/').append(32 - step).append('\n');
                base += 1L << step;
            }
        }

        /** A Long for IPv4, a BigInteger for IPv6 (setting the IPv6 flag), null when invalid. */
        Object argton(String arg, boolean netmask) {
            if (!netmask && arg.matches("[0-9a-fA-F:]+")) {
                ipv6 = true;
                return ip6ton(arg);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})").matcher(arg);
            if (m.matches()) {
                long n = 0;
                for (int g = 1; g <= 4; g++) {
                    int d = Integer.parseInt(m.group(g));
                    if (d > 255) {
                        return null;
                    }
                    n = (n << 8) | d;
                }
                return netmask ? validateNetmask(n) : Long.valueOf(n);
            }
            if (arg.matches("/\\d+")) {
                arg = arg.substring(1);
            }
            if (arg.matches("\\d{1,2}")) {
                int b = Integer.parseInt(arg);
                return b > 32 ? null : bitcount(b);
            }
            if (arg.matches("(0x)?[0-9A-Fa-f]{8}")) {
                long n = Long.parseLong(arg.startsWith("0x") ? arg.substring(2) : arg, 16);
                return netmask ? validateNetmask(n) : Long.valueOf(n);
            }
            return null;
        }

        Long validateNetmask(long mask) {
            if ((mask & (1L << 31)) == 0) {
                out.append("WILDCARD\n");
                // Perl's bignum negates as -(n+1), so a wildcard gives a negative mask (ordered
                // below every other in the subnet/supernet choice) and 0.0.0.0 gives -1: invalid
                mask = ~mask;
                if (mask == -1) {
                    return null;
                }
            }
            boolean sawZero = false;
            for (int i = 0; i < 32; i++) {
                if ((mask & (1L << (31 - i))) == 0) {
                    sawZero = true;
                } else if (sawZero) {
                    out.append("INVALID NETMASK\n");
                    return null;
                }
            }
            return mask;
        }

        void usage() {
            out.append("""
                    Usage: ipcalc [options] <ADDRESS>[[/]<NETMASK>] [NETMASK]

                    ipcalc takes an IP address and netmask and calculates the resulting
                    broadcast, network, Cisco wildcard mask, and host range. By giving a
                    second netmask, you can design sub- and supernetworks. It is also
                    intended to be a teaching tool and presents the results as
                    easy-to-understand binary values.

                     -n --nocolor  Don't display ANSI color codes.
                     -c --color    Display ANSI color codes (default).
                     -b --nobinary Suppress the bitwise output.
                     -c --class    Just print bit-count-mask of given address.
                     -h --html     Display results as HTML (not finished in this version).
                     -v --version  Print Version.
                     -s --split n1 n2 n3
                                   Split into networks of size n1, n2, n3.
                     -r --range    Deaggregate address range.
                        --help     Longer help text.

                    Examples:

                    ipcalc 192.168.0.1/24
                    ipcalc 192.168.0.1/255.255.128.0
                    ipcalc 192.168.0.1 255.255.128.0 255.255.192.0
                    ipcalc 192.168.0.1 0.0.63.255


                    ipcalc <ADDRESS1> - <ADDRESS2>  deaggregate address range

                    ipcalc <ADDRESS>/<NETMASK> --s a b c
                                                    split network to subnets
                    \t\t\t\twhere a b c fits in.

                    ! New HTML support not yet finished.

                    ipcalc 0.5
                    """);
        }

        void summary6(BigInteger address, String mask) {
            address = address.and(MASK128);
            int p = Integer.parseInt(mask);
            BigInteger pm = BigInteger.ZERO;
            for (int i = 0; i < p; i++) {
                pm = pm.setBit(127 - i);
            }
            BigInteger prefix = address.and(pm);
            out.append(String.format("%-9s%-40s%-130s%n", "Address:", ntoip6(address), ntob6(address)));
            out.append(String.format("%-9s%-40s%-130s%n", "Netmask:", mask, ntob6(pm)));
            out.append(String.format("%-9s%-40s%-130s%n", "Prefix:", ntoip6(prefix) + "/" + mask, ntob6(prefix)));
            out.append('\n');
        }
    }

    static long bitcount(int b) {
        return b == 0 ? 0 : (ALL << (32 - b)) & ALL;
    }

    /** The leading ones of a netmask. */
    static int prefix(long mask) {
        int n = 0;
        while (n < 32 && (mask & (1L << (31 - n))) != 0) {
            n++;
        }
        return n;
    }

    static String ntoa(long n) {
        return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    static String netClass(long network) {
        int c = 1;
        while ((network & (1L << (32 - c))) != 0) {
            c++;
            if (c > 5) {
                return "invalid";
            }
        }
        return String.valueOf((char) (c + 64));
    }

    static String netblock(long start, long mask) {
        long end = start | (~mask & ALL);
        for (String[] b : NETBLOCKS) {
            long bs = ipv4(b[0]);
            long be = bs + (1L << (32 - Integer.parseInt(b[1]))) - 1;
            int match = 0;
            if (start >= bs && start <= be) {
                match++;
            }
            if (end >= bs && end <= be) {
                match++;
            }
            if (bs > start && be < end) {
                match = 1;
            }
            if (match == 1) {
                return "In Part " + b[2];
            }
            if (match == 2) {
                return b[2];
            }
        }
        return "";
    }

    private static long ipv4(String dotted) {
        long n = 0;
        for (String p : dotted.split("\\.")) {
            n = (n << 8) | Integer.parseInt(p);
        }
        return n;
    }

    /** The real ip6ton: Perl's split (trailing empty fields dropped), one "::", eight groups. */
    static BigInteger ip6ton(String arg) {
        arg = arg.toLowerCase(java.util.Locale.ROOT);
        if (arg.startsWith("::")) {
            arg = "0" + arg;
        }
        if (arg.endsWith("::")) {
            arg = arg + "0";
        }
        List<String> tmp = new ArrayList<>(List.of(arg.split(":", -1)));
        while (!tmp.isEmpty() && tmp.get(tmp.size() - 1).isEmpty()) {
            tmp.remove(tmp.size() - 1);
        }
        List<String> slices = new ArrayList<>();
        boolean compressed = false;
        for (String s : tmp) {
            if (s.isEmpty()) {
                if (compressed) {
                    return null;
                }
                for (int i = 0; i < 8 - (tmp.size() - 1); i++) {
                    slices.add("0");
                    compressed = true;
                }
            } else {
                slices.add(s);
            }
        }
        if (slices.size() != 8) {
            return null;
        }
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < 8; i++) {
            n = n.add(new BigInteger(slices.get(i), 16).shiftLeft(16 * (7 - i)));
        }
        return n;
    }

    static String ntob6(BigInteger n) {
        StringBuilder b = new StringBuilder();
        for (int i = 127; i > -1; i--) {
            b.append(n.testBit(i) ? '1' : '0');
            if (i % 16 == 0 && i != 0) {
                b.append(':');
            }
        }
        return b.toString();
    }

    /** The real ntoip6: the first longest run of zero groups (even one) becomes "::". */
    static String ntoip6(BigInteger n) {
        String[] slices = new String[8];
        for (int i = 7; i > -1; i--) {
            slices[7 - i] = Integer.toHexString(n.shiftRight(i * 16).intValue() & 0xFFFF);
        }
        int start = 0;
        int max = 0;
        for (int i = 0; i < 8; i++) {
            int len = 0;
            while (i + len < 8 && slices[i + len].equals("0")) {
                len++;
            }
            if (len > max) {
                start = i;
                max = len;
            }
        }
        if (max == 0) {
            return String.join(":", slices);
        }
        StringBuilder r = new StringBuilder(start == 0 ? "::" : "");
        for (int i = 0; i < 8; i++) {
            if (!(i >= start && i < start + max)) {
                r.append(slices[i]);
                if (i < 7) {
                    r.append(':');
                }
                if (i + 1 == start) {
                    r.append(':');
                }
            }
        }
        return r.toString();
    }
}
