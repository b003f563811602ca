package dev.minternet.tools;

import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.HappyEyeballs;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * getent of glibc 2.36 (Debian 12) for the host databases, with "hosts: files dns": the node's
 * /etc/hosts (as {@code cat /etc/hosts} shows it) first, then its stub resolver.
 *
 * <ul>
 *   <li>{@code getent hosts NAME}: gethostbyname2 for AF_INET6, then for AF_INET (each the hosts
 *       file, then DNS: AAAA, then A), one line an address as getent.c's print_hosts writes it,
 *       {@code "%-15s %s"} with the official name, then the aliases (a CNAME's owner names, or
 *       the other names of the hosts file's line); an address as the key is looked up in the
 *       hosts file (gethostbyaddr's files backend);</li>
 *   <li>{@code getent ahosts|ahostsv4|ahostsv6 NAME}: getaddrinfo with AI_CANONNAME, AI_ADDRCONFIG
 *       (no IPv6 asked on a node without it) and AI_V4MAPPED (ahostsv6: IPv4 as ::ffff:a.b.c.d
 *       when there is no IPv6 address), AF_UNSPEC, AF_INET or AF_INET6; each address three times,
 *       {@code "%-15s %-6s %s"} with STREAM, DGRAM and RAW, the canonical name on the first line
 *       only; AF_UNSPEC in RFC 6724's order (IPv6 first where the node has a source for it);
 *       for AF_INET the hosts file's ::1 reads as 127.0.0.1, as glibc's files backend does;</li>
 *   <li>status 2 when a key is not found, 1 for a database it does not know (its words); the
 *       other databases of getent (passwd, group, services, ...) are refused as not modelled, as
 *       is enumerating {@code ahosts} without a key.</li>
 * </ul>
 * {@code getent hosts ADDRESS} is gethostbyaddr: the hosts file, then a PTR query (the first PTR's
 * target is the name). {@code getent ahosts ADDRESS} asks nothing: glibc's getaddrinfo takes a
 * numeric host as it is, its canonical name the address itself.
 */
public final class Getent implements Tool {
    static final String TRY = "Try `getent --help' or `getent --usage' for more information.";
    static final List<String> DATABASES = List.of("ahosts", "ahostsv4", "ahostsv6", "aliases", "ethers", "group", "gshadow",
            "hosts", "initgroups", "netgroup", "networks", "passwd", "protocols", "rpc", "services", "shadow");

    @Override
    public String name() {
        return "getent";
    }

    @Override
    public String synopsis() {
        return "getent hosts|ahosts|ahostsv4|ahostsv6 [KEY...]";
    }

    @Override
    public void validate(List<String> args) {
        String bad = refusal(args);
        if (bad != null) {
            throw new IllegalArgumentException(bad.lines().findFirst().orElse(bad));
        }
    }

    /** What getent says about a command line it will not run (null: it runs). */
    static String refusal(List<String> args) {
        if (args.isEmpty()) {
            return "getent: wrong number of arguments\n" + TRY;
        }
        String db = args.get(0);
        if (!DATABASES.contains(db)) {
            return "Unknown database: " + db + "\n" + TRY;
        }
        if (!db.equals("hosts") && !db.startsWith("ahosts")) {
            return "getent: the " + db + " database is not modelled in Minternet (hosts, ahosts, ahostsv4 and ahostsv6 are)";
        }
        if (db.startsWith("ahosts") && args.size() == 1) {
            return "getent: enumerating " + db + " is not modelled in Minternet; give a key";
        }
        return null;
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        String bad = refusal(args);
        if (bad != null) {
            bad.lines().forEach(term::println);
            term.exit(1);
            return;
        }
        String db = args.get(0);
        List<HostsFile.Line> file = HostsFile.parse(SystemFiles.read(node, "/etc/hosts"));
        if (args.size() == 1) { // hosts without a key: the file, one line an address
            for (HostsFile.Line l : file) {
                term.println(hostsLine(l.address(), l.names().get(0), l.names().subList(1, l.names().size())));
            }
            term.exit(0);
            return;
        }
        int family = db.equals("ahostsv4") ? 4 : db.equals("ahostsv6") ? 6 : 0;
        List<String> keys = args.subList(1, args.size());
        int[] status = {0};
        Runnable[] next = new Runnable[1];
        int[] at = {0};
        next[0] = () -> {
            if (at[0] >= keys.size()) {
                term.exit(status[0]);
                return;
            }
            String key = keys.get(at[0]++);
            Consumer<List<String>> printed = lines -> {
                if (lines.isEmpty()) {
                    status[0] = 2;
                }
                lines.forEach(term::println);
                next[0].run();
            };
            if (db.equals("hosts")) {
                hosts(node, file, key, printed);
            } else {
                ahosts(node, file, key, family, printed);
            }
        };
        next[0].run();
    }

    /** print_hosts' line: the address padded to 15, the official name, the aliases. */
    static String hostsLine(String address, String name, List<String> aliases) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s %s", address, name));
        aliases.forEach(a -> b.append(' ').append(a));
        return b.toString();
    }

    /** getent hosts KEY: gethostbyaddr for an address, else gethostbyname2 AF_INET6 then AF_INET. */
    private static void hosts(Node node, List<HostsFile.Line> file, String key, Consumer<List<String>> done) {
        if (Ip4.isAddress(key) || Ip6.isAddress(key)) {
            String canonical = Ip4.isAddress(key) ? key : Ip6.parse(key).toString();
            for (HostsFile.Line l : file) {
                if (l.address().equals(canonical)) {
                    done.accept(List.of(hostsLine(canonical, l.names().get(0), l.names().subList(1, l.names().size()))));
                    return;
                }
            }
            byAddress(node, canonical, done);
            return;
        }
        byName(node, file, key, 6, false, v6 -> {
            if (!v6.addresses.isEmpty()) {
                done.accept(v6.hostsLines());
                return;
            }
            byName(node, file, key, 4, false, v4 -> done.accept(v4.hostsLines()));
        });
    }

    /**
     * gethostbyaddr's dns backend (glibc 2.36's _nss_dns_gethostbyaddr2_r): a PTR query for the
     * address under in-addr.arpa or ip6.arpa; the first PTR record's target, following CNAMEs
     * (RFC 2317's delegation), is the name, with no aliases; none (NXDOMAIN, no PTR, no resolver)
     * is not found.
     */
    private static void byAddress(Node node, String address, Consumer<List<String>> done) {
        StubResolver stub = node.service(StubResolver.class);
        if (stub == null) {
            done.accept(List.of());
            return;
        }
        String reverse;
        try {
            reverse = org.xbill.DNS.ReverseMap.fromAddress(address).toString(false);
        } catch (java.net.UnknownHostException e) {
            done.accept(List.of());
            return;
        }
        stub.lookup(reverse, Type.PTR, ans -> {
            String expected = reverse;
            for (Record r : ans.records()) {
                String owner = r.getName().toString(false);
                if (r instanceof CNAMERecord c) {
                    expected = c.getTarget().toString(false);
                } else if (r instanceof org.xbill.DNS.PTRRecord ptr && owner.equalsIgnoreCase(expected)) {
                    done.accept(List.of(hostsLine(address, ptr.getTarget().toString(true), List.of())));
                    return;
                }
            }
            done.accept(List.of());
        });
    }

    /** getent ahosts KEY: getaddrinfo's list, three socket types an address. */
    private static void ahosts(Node node, List<HostsFile.Line> file, String key, int family, Consumer<List<String>> done) {
        boolean v6ok = node.hasIp6(); // AI_ADDRCONFIG
        if (family == 6 && !v6ok) {
            done.accept(List.of());
            return;
        }
        Consumer<Found> print = f -> {
            List<String> out = new ArrayList<>();
            for (String a : f.addresses) {
                String shown = family == 6 && Ip4.isAddress(a) ? "::ffff:" + a : a; // AI_V4MAPPED
                out.add(String.format(Locale.ROOT, "%-15s %-6s %s", shown, "STREAM", out.isEmpty() ? f.name : ""));
                out.add(String.format(Locale.ROOT, "%-15s %-6s %s", shown, "DGRAM", ""));
                out.add(String.format(Locale.ROOT, "%-15s %-6s %s", shown, "RAW", ""));
            }
            done.accept(out);
        };
        if (Ip4.isAddress(key) || Ip6.isAddress(key)) {
            boolean four = Ip4.isAddress(key);
            if (!four && family == 4) {
                done.accept(List.of()); // an IPv6 literal for AF_INET: EAI_ADDRFAMILY (an IPv4 one for AF_INET6 is mapped)
                return;
            }
            print.accept(new Found(key, List.of(four ? key : Ip6.parse(key).toString()), List.of()));
            return;
        }
        int asked = family != 0 ? family : v6ok ? 0 : 4;
        if (family == 6) {
            byName(node, file, key, 6, true, v6 -> {
                if (!v6.addresses.isEmpty()) {
                    print.accept(v6);
                } else {
                    byName(node, file, key, 4, true, print); // no IPv6 address: IPv4 mapped
                }
            });
        } else {
            byName(node, file, key, asked, true, print);
        }
    }

    /** A name's addresses (as text) from one lookup, its official or canonical name and its aliases. */
    record Found(String name, List<String> addresses, List<String> aliases) {
        List<String> hostsLines() {
            List<String> out = new ArrayList<>();
            for (String a : addresses) {
                out.add(hostsLine(a, name, aliases));
            }
            return out;
        }
    }

    /**
     * The addresses of {@code name} of {@code family} (0: both, RFC 6724's order), the hosts file
     * first (every line naming it; ::1 as 127.0.0.1 for AF_INET when {@code mapLoopback}), then
     * the stub resolver when the file has none.
     */
    private static void byName(Node node, List<HostsFile.Line> file, String name, int family, boolean mapLoopback,
                               Consumer<Found> done) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        String official = null;
        List<String> aliases = List.of();
        for (HostsFile.Line l : file) {
            if (!l.names().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                continue;
            }
            boolean six = l.address().contains(":");
            String address = l.address();
            if (six && family == 4 && mapLoopback && address.equals("::1")) {
                six = false;
                address = "127.0.0.1";
            }
            if (six ? family == 4 : family == 6) {
                continue;
            }
            if (official == null) {
                official = l.names().get(0);
                aliases = l.names().subList(1, l.names().size());
            }
            (six ? v6 : v4).add(address);
        }
        if (official != null) {
            done.accept(new Found(official, ordered(node, v4, v6), aliases));
            return;
        }
        StubResolver stub = node.service(StubResolver.class);
        if (stub == null) {
            done.accept(new Found(name, List.of(), List.of()));
            return;
        }
        Found[] parts = new Found[2];
        int[] pending = {family == 0 ? 2 : 1};
        Runnable answered = () -> {
            if (--pending[0] > 0) {
                return;
            }
            Found a = parts[0] != null && !parts[0].addresses.isEmpty() ? parts[0] : parts[1];
            Found b = a == parts[0] ? parts[1] : parts[0];
            if (a == null) {
                done.accept(new Found(name, List.of(), List.of()));
                return;
            }
            List<String> four = new ArrayList<>();
            List<String> six = new ArrayList<>();
            for (Found f : new Found[] {a, b}) {
                if (f != null) {
                    f.addresses.forEach(x -> (x.contains(":") ? six : four).add(x));
                }
            }
            done.accept(new Found(a.name, ordered(node, four, six), a.aliases));
        };
        if (family != 6) {
            stub.lookup(name, Type.A, ans -> {
                parts[0] = fromAnswer(name, ans.records());
                answered.run();
            });
        }
        if (family != 4) {
            stub.lookup(name, Type.AAAA, ans -> {
                parts[1] = fromAnswer(name, ans.records());
                answered.run();
            });
        }
    }

    /** An answer's addresses, the owner of its address records (the canonical name) and the CNAME owners before it. */
    private static Found fromAnswer(String name, List<Record> records) {
        List<String> addresses = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        String canonical = null;
        for (Record r : records) {
            if (r instanceof CNAMERecord c) {
                aliases.add(c.getName().toString(true));
            } else if (r instanceof ARecord a) {
                addresses.add(a.getAddress().getHostAddress());
                canonical = canonical == null ? a.getName().toString(true) : canonical;
            } else if (r instanceof AAAARecord q) {
                addresses.add(Ip6.read(q.getAddress().getAddress(), 0).toString());
                canonical = canonical == null ? q.getName().toString(true) : canonical;
            }
        }
        return new Found(canonical == null ? name : canonical, addresses, aliases);
    }

    /** RFC 6724's order as glibc's getaddrinfo sorts: IPv6 first when the node has a source for it (::1 always). */
    private static List<String> ordered(Node node, List<String> v4, List<String> v6) {
        List<Ip6> six = v6.stream().map(Ip6::parse).toList();
        boolean v6First = !six.isEmpty() && (six.stream().allMatch(Ip6::isLoopback)
                || node.hasIp6() && HappyEyeballs.prefersV6(node, six));
        List<String> out = new ArrayList<>(v6First ? v6 : v4);
        out.addAll(v6First ? v4 : v6);
        return out;
    }
}
