package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.List;

/**
 * {@code hostname} (Debian's hostname 3.23, display only): the node's name; {@code -s} and {@code
 * -f} the same (a node's name has no domain), so {@code -d} prints nothing and {@code -y} says
 * the NIS domain is not set (status 1); {@code -a} the aliases (none: an empty line); {@code -i}
 * the addresses the name resolves to (the world's hosts table: the node's first address);
 * {@code -I} every address of the node's interfaces but loopback and IPv6 link-local ones, IPv4
 * first, each followed by a space. {@code -h} and a bad option print its usage with status 255,
 * as the real one does; setting the name is not modelled.
 */
public final class HostnameTool implements Tool {
    /** hostname -h (3.23). */
    static final List<String> USAGE = List.of(
            "Usage: hostname [-b] {hostname|-F file}         set host name (from file)",
            "       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name",
            "       hostname                                 display host name",
            "",
            "       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)",
            "       {yp,nis,}domainname                      display NIS domain name",
            "",
            "       dnsdomainname                            display dns domain name",
            "",
            "       hostname -V|--version|-h|--help          print info and exit",
            "",
            "Program name:",
            "       {yp,nis,}domainname=hostname -y",
            "       dnsdomainname=hostname -d",
            "",
            "Program options:",
            "    -a, --alias            alias names",
            "    -A, --all-fqdns        all long host names (FQDNs)",
            "    -b, --boot             set default hostname if none available",
            "    -d, --domain           DNS domain name",
            "    -f, --fqdn, --long     long host name (FQDN)",
            "    -F, --file             read host name or NIS domain name from given file",
            "    -i, --ip-address       addresses for the host name",
            "    -I, --all-ip-addresses all addresses for the host",
            "    -s, --short            short host name",
            "    -y, --yp, --nis        NIS/YP domain name",
            "",
            "Description:",
            "   This command can get or set the host name or the NIS domain name. You can",
            "   also get the DNS domain or the FQDN (fully qualified domain name).",
            "   Unless you are using bind or NIS for host lookups you can change the",
            "   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is",
            "   part of the FQDN) in the /etc/hosts file.");

    @Override
    public String name() {
        return "hostname";
    }

    @Override
    public String synopsis() {
        return "hostname [-s|-f|-d|-a|-i|-I|-y]";
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "", "sfiIdaAyhV");
        } catch (IllegalArgumentException e) {
            term.println("hostname: " + e.getMessage());
            USAGE.forEach(term::println);
            term.exit(255);
            return;
        }
        if (a.has('V')) {
            term.println("hostname 3.23");
            term.exit(0);
            return;
        }
        if (a.has('h')) {
            USAGE.forEach(term::println);
            term.exit(255);
            return;
        }
        if (!a.operands.isEmpty()) {
            term.println("hostname: setting the host name is not modelled (a node's name is its name in the world)");
            term.exit(1);
            return;
        }
        if (a.has('y')) {
            term.println("hostname: Local domain name not set");
            term.exit(1);
            return;
        }
        if (a.has('d')) {
            term.exit(0); // no dot in the name: no domain, nothing printed
            return;
        }
        if (a.has('a')) {
            term.println("");
            term.exit(0);
            return;
        }
        if (a.has('I')) {
            StringBuilder b = new StringBuilder();
            for (NetInterface i : node.ip().interfaces()) {
                if (i.cidr() != null) {
                    b.append(Ip4.str(i.address())).append(' ');
                }
            }
            Ip6Stack ip6 = node.hasIp6() ? node.ip6IfMade() : null;
            for (NetInterface i : node.ip().interfaces()) {
                Ip6Interface i6 = ip6 == null ? null : ip6.iface(i);
                if (i6 != null) {
                    for (Ip6Interface.Address x : i6.addresses()) {
                        if (!x.linkLocal() && x.state() != Ip6Interface.AddrState.TENTATIVE
                                && x.state() != Ip6Interface.AddrState.DADFAILED) {
                            b.append(x.cidr().address()).append(' ');
                        }
                    }
                }
            }
            term.println(b.toString());
        } else if (a.has('i')) {
            int addr = node.world().resolve(node.name());
            term.println(addr == 0 ? "hostname: Name or service not known" : Ip4.str(addr));
        } else {
            term.println(node.name());
        }
        term.exit(0);
    }
}
