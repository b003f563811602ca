package dev.minternet.tools;

import dev.minternet.node.Node;
import java.util.List;

/**
 * {@code route} from net-tools 2.10, display only: the kernel's IPv4 routing table ({@link
 * NetTools#routes}) in route.c's three widths ({@code -e}: netstat's MSS Window irtt columns,
 * {@code -ee}: both), {@code -n}/{@code -N} numeric, {@code -C} the routing cache (empty since
 * Linux 3.6: its header only), {@code -v} and {@code -F} accepted, {@code -h} (and an unknown
 * option, after getopt's complaint) the usage with status 0, {@code -V} the version; a word other
 * than add/del/flush is the usage on standard error with status 3 (E_OPTERR).
 */
public final class RouteTool implements Tool {
    /** route -h, with print_aflist's lines. */
    static final List<String> USAGE = List.of(
            "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables",
            "       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.",
            "",
            "       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.",
            "       route {-V|--version}                  Display version/author and exit.",
            "",
            "        -v, --verbose            be verbose",
            "        -n, --numeric            don't resolve names",
            "        -e, --extend             display other/more information",
            "        -F, --fib                display Forwarding Information Base (default)",
            "        -C, --cache              display routing cache instead of FIB",
            "",
            "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet",
            "  List of possible address families (which support routing):",
            "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) ",
            "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) ",
            "    ddp (Appletalk DDP) x25 (CCITT X.25) ");

    @Override
    public String name() {
        return "route";
    }

    @Override
    public String synopsis() {
        return "route [-nNvee] [-FC] [-4]";
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        // a bad option sets opt_h and then prints the usage with status 0 (usage(E_USAGE))
        Args a = NetTools.parse(argv, "", "eCFhnNv4V", "route", USAGE, 0, term);
        if (a == null || NetTools.versionOrHelp(a, term, "+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX", "HW: ", USAGE)) {
            return;
        }
        if (!a.operands.isEmpty()) {
            String w = a.operands.get(0);
            if (w.equals("add") || w.equals("del") || w.equals("delete") || w.equals("flush")) {
                term.println("route: changing the routing table is not modelled; use ip route add|del");
                term.exit(1);
                return;
            }
            USAGE.forEach(term::println);
            term.exit(3); // usage(E_OPTERR)
            return;
        }
        int ext = 1 + extend(argv);
        boolean numeric = a.has('n') || a.has('N');
        if (a.has('C')) {
            term.println("Kernel IP routing cache");
            term.println(ext == 1 ? "Source          Destination     Gateway         Flags Metric Ref    Use Iface"
                    : ext == 2 ? "Source          Destination     Gateway         Flags   MSS Window  irtt Iface"
                    : "Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst");
        } else {
            NetTools.routes(node, numeric, ext, term);
        }
        term.exit(0);
    }

    /** How many times -e was given (getopt counts each letter: -ee, -e -e, -ne). */
    private static int extend(List<String> argv) {
        int n = 0;
        for (String w : argv) {
            if (w.startsWith("-") && !w.startsWith("--")) {
                n += (int) w.chars().filter(c -> c == 'e').count();
            }
        }
        return n;
    }
}
