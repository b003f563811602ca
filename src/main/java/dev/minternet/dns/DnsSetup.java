package dev.minternet.dns;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.wire.Ip4.Cidr;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Puts DNS into a world: zones on their servers, with the root zone and any zone given without a
 * master file (TLDs) generated, including delegations (NS + glue) to the zones below them;
 * recursive resolvers with root hints; forwarders; stub resolvers on hosts.
 *
 * <p>Generated zones: the root's servers are named after the root identity whose address their
 * node holds ({@link RootServers}); com and net are served by X.gtld-servers.net, any other
 * generated zone by X.nic.ZONE, X being a, b, c... in server order.
 */
public final class DnsSetup {
    /** Serial of generated SOAs: the simulated epoch's date is not needed, any stable value works. */
    static final long SERIAL = 2026010100L;
    /** TTL of delegation NS records and glue in generated zones (the real root and TLDs use 2 days). */
    static final long DELEGATION_TTL = 172800;

    private record ZoneDef(Name origin, List<Record> records, List<Node> servers) {
    }

    private record StubDef(Node node, List<ServerAddress> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts) {
    }

    /** What was installed, by node name. */
    public record Installed(Map<String, AuthoritativeServer> authoritative, Map<String, RecursiveResolver> resolvers,
                            Map<String, Forwarder> forwarders, Map<String, StubResolver> stubs, List<Zone> zones) {
    }

    private final World world;
    private final List<ZoneDef> zones = new ArrayList<>();
    private final Map<Node, List<Cidr>> recursive = new LinkedHashMap<>();
    private final Map<Node, List<ServerAddress>> forwarders = new LinkedHashMap<>();
    private final List<StubDef> stubs = new ArrayList<>();

    public DnsSetup(World world) {
        this.world = world;
    }

    /** A zone from master-file records, or generated when {@code records} is null. */
    public DnsSetup zone(Name origin, List<Record> records, List<Node> servers) {
        zones.add(new ZoneDef(origin, records, List.copyOf(servers)));
        return this;
    }

    public DnsSetup recursive(Node node, List<Cidr> allow) {
        recursive.put(node, allow);
        return this;
    }

    public DnsSetup forwarder(Node node, List<Integer> upstream) {
        forwarders.put(node, upstream.stream().map(ServerAddress::of).toList());
        return this;
    }

    /** A forwarder whose upstream resolvers may be of either family. */
    public DnsSetup forwarder6(Node node, List<ServerAddress> upstream) {
        forwarders.put(node, List.copyOf(upstream));
        return this;
    }

    public DnsSetup stub(Node node, List<Integer> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts) {
        return stub6(node, nameservers.stream().map(ServerAddress::of).toList(), timeoutNs, attempts, hosts);
    }

    /** A stub whose name servers may be of either family, in resolv.conf's order. */
    public DnsSetup stub6(Node node, List<ServerAddress> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts) {
        stubs.add(new StubDef(node, List.copyOf(nameservers), timeoutNs, attempts, hosts));
        return this;
    }

    /** The root identity whose IPv4 or IPv6 address {@code node} holds, or null. */
    public static RootServers.Root rootIdentity(Node node) {
        for (NetInterface i : node.ip().interfaces()) {
            for (RootServers.Root r : RootServers.ALL) {
                if (r.address() == i.address()) {
                    return r;
                }
            }
        }
        for (RootServers.Root r : RootServers.ALL) {
            if (holds6(node, r.address6())) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code node} has the IPv4 address {@code a} on an interface. */
    private static boolean holds(Node node, int a) {
        for (NetInterface i : node.ip().interfaces()) {
            if (i.address() == a && i.cidr() != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code node} has the IPv6 address {@code a} on an interface. */
    private static boolean holds6(Node node, dev.minternet.wire.Ip6 a) {
        if (!node.hasIp6()) {
            return false;
        }
        for (dev.minternet.ip6.Ip6Interface i : node.ip6().interfaces()) {
            for (dev.minternet.ip6.Ip6Interface.Address x : i.addresses()) {
                if (x.address().equals(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Builds every zone and starts every server. */
    public Installed install() {
        // Phase 1: names and addresses of the servers of generated zones.
        Map<Name, List<Record>> nsOf = new LinkedHashMap<>();
        Map<Name, List<Record>> addressesOf = new LinkedHashMap<>();
        for (ZoneDef z : zones) {
            if (z.records() != null) {
                continue;
            }
            List<Record> ns = new ArrayList<>();
            long ttl = z.origin().equals(Name.root) ? RootServers.HINT_TTL : DELEGATION_TTL;
            char letter = 'a';
            for (Node n : z.servers()) {
                Name host;
                int addr;
                dev.minternet.wire.Ip6 addr6;
                if (z.origin().equals(Name.root)) {
                    RootServers.Root r = rootIdentity(n);
                    if (r == null) {
                        throw new IllegalArgumentException("root server " + n.name() + " holds none of the 13 root addresses");
                    }
                    host = r.name();
                    addr = holds(n, r.address()) ? r.address() : 0;
                    addr6 = holds6(n, r.address6()) ? r.address6() : null;
                } else {
                    String tld = Dns.show(z.origin());
                    host = Name.fromConstantString(letter + (tld.equals("com") || tld.equals("net")
                            ? ".gtld-servers.net." : ".nic." + tld + "."));
                    addr = n.ip().primaryAddress();
                    addr6 = Dns.address6(n);
                }
                letter++;
                ns.add(new NSRecord(z.origin(), DClass.IN, ttl, host));
                // A, then AAAA when the server's node has a global IPv6 address (the generated glue of both families)
                List<Record> addrs = addressesOf.computeIfAbsent(host, k -> new ArrayList<>());
                if (addr != 0) {
                    addrs.add(Dns.aRecord(host, ttl, addr));
                }
                if (addr6 != null) {
                    addrs.add(Dns.aaaaRecord(host, ttl, addr6));
                }
            }
            nsOf.put(z.origin(), ns);
        }
        // The real root servers are named in root-servers.net, a zone they serve themselves;
        // without it a resolver could not find their addresses once a net zone exists.
        Name rsn = Name.fromConstantString("root-servers.net.");
        boolean haveRsn = false;
        ZoneDef rootDef = null;
        for (ZoneDef z : zones) {
            haveRsn |= z.origin().equals(rsn);
            if (z.origin().equals(Name.root) && z.records() == null) {
                rootDef = z;
            }
        }
        if (rootDef != null && !haveRsn) {
            List<Record> recs = new ArrayList<>();
            List<Record> rootNs = nsOf.get(Name.root);
            Name first = ((NSRecord) rootNs.get(0)).getTarget();
            recs.add(new SOARecord(rsn, DClass.IN, 3600000, first, Name.fromConstantString("nstld.verisign-grs.com."),
                    SERIAL, 14400, 7200, 1209600, 3600000));
            for (Record ns : rootNs) {
                Name host = ((NSRecord) ns).getTarget();
                recs.add(new NSRecord(rsn, DClass.IN, RootServers.HINT_TTL, host));
                recs.addAll(addressesOf.get(host));
            }
            zones.add(new ZoneDef(rsn, recs, rootDef.servers()));
        }
        // Phase 2: the zones, generated ones with delegations to their children.
        List<Zone> built = new ArrayList<>();
        Map<Name, Zone> byOrigin = new LinkedHashMap<>();
        for (ZoneDef z : zones) {
            if (z.records() != null) {
                Zone zone = new Zone(z.origin(), z.records());
                built.add(zone);
                byOrigin.put(z.origin(), zone);
                nsOf.put(z.origin(), zone.rrset(z.origin(), Type.NS));
            }
        }
        for (ZoneDef z : zones) {
            if (z.records() != null) {
                continue;
            }
            Name origin = z.origin();
            List<Record> recs = new ArrayList<>();
            boolean root = origin.equals(Name.root);
            List<Record> apexNs = nsOf.get(origin);
            Name mname = ((NSRecord) apexNs.get(0)).getTarget();
            Name rname = root || Dns.show(origin).equals("com") || Dns.show(origin).equals("net")
                    ? Name.fromConstantString("nstld.verisign-grs.com.")
                    : Name.fromConstantString("hostmaster.nic." + Dns.show(origin) + ".");
            // The real root's SOA minimum is 86400, com's 900 (RFC 2308 negative TTL).
            recs.add(new SOARecord(origin, DClass.IN, 86400, mname, rname, SERIAL, 1800, 900, 604800, root ? 86400 : 900));
            recs.addAll(apexNs);
            for (Record ns : apexNs) {
                Name host = ((NSRecord) ns).getTarget();
                if (host.subdomain(origin)) {
                    recs.addAll(addressesOf.getOrDefault(host, List.of()));
                }
            }
            for (ZoneDef child : zones) {
                if (child == z || !parentOf(child.origin()).equals(origin)) {
                    continue;
                }
                for (Record ns : nsOf.get(child.origin())) {
                    recs.add(Dns.withTtl(ns, DELEGATION_TTL));
                    Name host = ((NSRecord) ns).getTarget();
                    if (host.subdomain(origin)) {
                        for (Record a : glueFor(host, addressesOf, byOrigin)) {
                            if (!recs.contains(a)) {
                                recs.add(a);
                            }
                        }
                    }
                }
            }
            Zone zone = new Zone(origin, dedupe(recs));
            built.add(zone);
            byOrigin.put(origin, zone);
        }
        // Phase 3: servers.
        Map<String, AuthoritativeServer> auth = new LinkedHashMap<>();
        for (ZoneDef z : zones) {
            for (Node n : z.servers()) {
                auth.computeIfAbsent(n.name(), k -> {
                    AuthoritativeServer s = new AuthoritativeServer(n);
                    n.attach(AuthoritativeServer.class, s);
                    return s;
                }).addZone(byOrigin.get(z.origin()));
            }
        }
        // each server, resolver and forwarder starts in its node's region (what it schedules is its own)
        for (Map.Entry<String, AuthoritativeServer> e : auth.entrySet()) {
            world.node(e.getKey()).enterRegion();
            e.getValue().start();
        }
        List<RecursiveResolver.Hint> hints = new ArrayList<>();
        for (ZoneDef z : zones) {
            if (z.origin().equals(Name.root)) {
                for (Node n : z.servers()) {
                    RootServers.Root r = rootIdentity(n);
                    hints.add(new RecursiveResolver.Hint(r.name(), holds(n, r.address()) ? r.address() : 0,
                            holds6(n, r.address6()) ? r.address6() : null));
                }
            }
        }
        hints.sort(Comparator.comparing(RecursiveResolver.Hint::name));
        Map<String, RecursiveResolver> resolvers = new LinkedHashMap<>();
        for (Map.Entry<Node, List<Cidr>> e : recursive.entrySet()) {
            e.getKey().enterRegion();
            RecursiveResolver r = new RecursiveResolver(e.getKey(), hints, e.getValue()).start();
            e.getKey().attach(RecursiveResolver.class, r);
            resolvers.put(e.getKey().name(), r);
        }
        Map<String, Forwarder> fwd = new LinkedHashMap<>();
        for (Map.Entry<Node, List<ServerAddress>> e : forwarders.entrySet()) {
            e.getKey().enterRegion();
            Forwarder f = Forwarder.of(e.getKey(), e.getValue()).start();
            e.getKey().attach(Forwarder.class, f);
            fwd.put(e.getKey().name(), f);
        }
        Map<String, StubResolver> stubMap = new LinkedHashMap<>();
        for (StubDef s : stubs) {
            s.node().enterRegion();
            StubResolver r = StubResolver.of(s.node(), s.nameservers(), s.timeoutNs(), s.attempts(), s.hosts());
            s.node().attach(StubResolver.class, r);
            stubMap.put(s.node().name(), r);
        }
        return new Installed(auth, resolvers, fwd, stubMap, built);
    }

    /** The nearest enclosing zone among those defined (root if defined and nothing closer). */
    private Name parentOf(Name origin) {
        Name best = null;
        for (ZoneDef z : zones) {
            Name o = z.origin();
            if (!o.equals(origin) && origin.subdomain(o) && (best == null || o.labels() > best.labels())) {
                best = o;
            }
        }
        return best == null ? origin : best;
    }

    private List<Record> glueFor(Name host, Map<Name, List<Record>> generated, Map<Name, Zone> fileZones) {
        List<Record> l = new ArrayList<>();
        for (Record a : generated.getOrDefault(host, List.of())) {
            l.add(Dns.withTtl(a, DELEGATION_TTL));
        }
        Zone best = null;
        for (Zone z : fileZones.values()) {
            if (host.subdomain(z.origin()) && (best == null || z.origin().labels() > best.origin().labels())) {
                best = z;
            }
        }
        if (best != null) {
            for (Record a : best.rrset(host, Type.A)) {
                l.add(Dns.withTtl(a, DELEGATION_TTL));
            }
            for (Record a : best.rrset(host, Type.AAAA)) {
                l.add(Dns.withTtl(a, DELEGATION_TTL));
            }
        }
        return l;
    }

    private static List<Record> dedupe(List<Record> recs) {
        List<Record> out = new ArrayList<>();
        for (Record r : recs) {
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Reads RFC 1035 master-file text written inline; IllegalArgumentException names the line on error. */
    public static List<Record> readMasterText(String text, Name origin) {
        List<Record> l = new ArrayList<>();
        try (Master m = new Master(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin, 3600)) {
            m.disableIncludes();
            Record r;
            while ((r = m.nextRecord()) != null) {
                l.add(r);
            }
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            // dnsjava says "<stream name>:LINE: problem"; the stream has no name here.
            throw new IllegalArgumentException(msg.replaceFirst("^[^:]*:(\\d+): ", "line $1: "));
        }
        return l;
    }

    /** Reads an RFC 1035 master file with dnsjava; IllegalArgumentException names the line on error. */
    public static List<Record> readMasterFile(Path file, Name origin) {
        List<Record> l = new ArrayList<>();
        try (Master m = new Master(file.toString(), origin, 3600)) {
            m.disableIncludes();
            Record r;
            while ((r = m.nextRecord()) != null) {
                l.add(r);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return l;
    }
}
