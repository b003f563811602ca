package dev.minternet.tools;

import dev.minternet.node.Node;
import java.util.List;

/**
 * {@code arp} from net-tools 2.10, display only ({@link NetTools#arp}): the Linux table, or with
 * {@code -a} (and no {@code -e}) the BSD lines; {@code -n} numeric, {@code -i IF} one interface,
 * {@code -H ether}, a host operand (resolved as the hosts table does) for its entry alone,
 * {@code -v} the {@code Entries: N Skipped: N Found: N} line; {@code HOST (ADDR) -- no entry}
 * or {@code arp: in N entries no match found.} as arp_show says them. {@code -h} prints the
 * usage (status 0), a bad option getopt's complaint and the usage (status 3, E_OPTERR); an
 * unknown host, address family or hardware type exits 255 as arp.c's exit(-1).
 */
public final class ArpTool implements Tool {
    /** arp -h. */
    static final List<String> USAGE = List.of(
            "Usage:",
            "  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache",
            "  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry",
            "  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file",
            "  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry",
            "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-",
            "",
            "        -a                       display (all) hosts in alternative (BSD) style",
            "        -e                       display (all) hosts in default (Linux) style",
            "        -s, --set                set a new ARP entry",
            "        -d, --delete             delete a specified entry",
            "        -v, --verbose            be verbose",
            "        -n, --numeric            don't resolve names",
            "        -i, --device             specify network interface (e.g. eth0)",
            "        -D, --use-device         read <hwaddr> from given device",
            "        -A, -p, --protocol       specify protocol family",
            "        -f, --file               read new entries from file or from /etc/ethers",
            "",
            "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether",
            "  List of possible hardware types (which support ARP):",
            "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) ",
            "    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) ",
            "    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) ",
            "    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) ");

    @Override
    public String name() {
        return "arp";
    }

    @Override
    public String synopsis() {
        return "arp [-vn] [-H ether] [-i if] [-a|-e] [hostname]";
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a = NetTools.parse(argv, "AHpti", "adfsenDNvhV", "arp", USAGE, 3, term);
        if (a == null || NetTools.versionOrHelp(a, term, "+I18N +SELINUX", "HW: (ether)", USAGE)) {
            return;
        }
        if (a.has('N')) {
            term.println("arp: -N not yet supported.");
        }
        String af = a.str('A', a.str('p', "inet"));
        if (!af.equals("inet")) {
            boolean known = List.of("inet6", "unix", "ipx", "ax25", "netrom", "x25", "ddp", "ash", "rose").contains(af);
            term.println(known ? "arp: " + af + ": kernel only supports 'inet'." : "arp: " + af + ": unknown address family.");
            term.exit(255);
            return;
        }
        String hw = a.str('H', a.str('t', null));
        if (hw != null && !hw.equals("ether")) {
            term.println("arp: " + hw + ": unknown hardware type.");
            term.exit(255);
            return;
        }
        if (a.has('d') || a.has('s') || a.has('f')) {
            term.println("arp: changing the ARP cache is not modelled; the simulator's neighbours learn by ARP");
            term.exit(1);
            return;
        }
        String name = a.operands.isEmpty() ? null : a.operands.get(0);
        int host = 0;
        if (name != null) {
            host = node.world().resolve(name);
            if (host == 0) {
                term.println(name + ": Unknown host");
                term.exit(255);
                return;
            }
        }
        boolean linux = !a.has('a') || a.has('e');
        String device = a.str('i', null);
        int[] counts = NetTools.arp(node, a.has('n'), !linux, device, host, term);
        if (a.has('v')) {
            term.println("Entries: " + counts[0] + "\tSkipped: " + (counts[0] - counts[1]) + "\tFound: " + counts[1]);
        }
        if (counts[1] == 0) {
            if (host != 0 && !a.has('a')) {
                term.println(name + " (" + dev.minternet.wire.Ip4.str(host) + ") -- no entry");
            } else if (hw != null || host != 0 || device != null) {
                term.println("arp: in " + counts[0] + " entries no match found.");
            }
        }
        term.exit(0);
    }
}
