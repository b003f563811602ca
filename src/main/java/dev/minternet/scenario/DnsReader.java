package dev.minternet.scenario;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsSetup;
import dev.minternet.dns.RootServers;
import dev.minternet.dns.StubResolver;
import dev.minternet.dns.Zone;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.dns.ResponseRateLimit;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The {@code dns:} section (zones and the nodes serving them, recursive resolvers, forwarders) and
 * a node's {@code resolver:} (its resolv.conf and hosts file). Zone records are parsed and loaded
 * here, so a bad record is reported at its field before anything runs; the section is read once
 * every node and link is known, since servers must exist and root servers must hold a root address.
 */
final class DnsReader {
    private static final String[] RESOLVER_FIELDS = {"nameservers", "timeout", "attempts", "hosts"};
    private static final String[] DNS_FIELDS = {"zones", "recursive", "forwarders"};
    private static final String[] ZONE_FIELDS = {"name", "file", "records", "servers"};
    private static final String[] RECURSIVE_FIELDS = {"node", "allow", "rate-limit", "client-subnet-zones", "max-client-subnet-ipv4"};
    private static final String[] RATE_LIMIT_FIELDS = {"responses-per-second", "slip", "window"};
    private static final String[] FORWARDER_FIELDS = {"node", "upstream"};
    /** glibc reads at most this many nameservers from resolv.conf (MAXNS) and at most 5 attempts. */
    private static final int MAX_NAMESERVERS = 3;
    private static final int MAX_ATTEMPTS = 5;

    private final Topology world;
    private final ScenarioFiles files;
    /** Zones by origin, with the value that named each first. */
    private final Map<Name, Val> seen = new HashMap<>();
    /** Which DNS server each node runs on port 53. */
    private final Map<String, String> port53 = new HashMap<>();
    /** Whether a root zone is served (a recursive resolver starts there). */
    private boolean hasRoot;

    DnsReader(Topology world, ScenarioFiles files) {
        this.world = world;
        this.files = files;
    }

    /** A name server's address, IPv4 or IPv6 (resolv.conf's nameserver line, a forwarder's upstream). */
    static dev.minternet.dns.ServerAddress serverAddress(Val v) throws ScenarioException {
        String t = v.text().strip();
        try {
            return dev.minternet.dns.ServerAddress.parse(t);
        } catch (IllegalArgumentException e) {
            throw v.error("bad " + (t.indexOf(':') >= 0 ? "IPv6 " : "") + "address '" + Yaml.oneLine(t) + "': "
                    + Yaml.oneLine(e.getMessage()));
        }
    }

    /** A node's resolv.conf and hosts file: {nameservers: [..], timeout: 5s, attempts: 2, hosts: ["addr name", ..]}. */
    static Scenario.ResolverSpec readResolver(Val v) throws ScenarioException {
        Obj o = v.obj(RESOLVER_FIELDS);
        List<Integer> ns = new ArrayList<>();
        List<dev.minternet.dns.ServerAddress> servers = new ArrayList<>();
        List<Val> nsVals = o.list("nameservers");
        if (nsVals.size() > MAX_NAMESERVERS) {
            throw nsVals.get(MAX_NAMESERVERS).error("at most " + MAX_NAMESERVERS
                    + " nameservers (glibc's MAXNS); the rest would be ignored");
        }
        for (Val n : nsVals) {
            dev.minternet.dns.ServerAddress a = serverAddress(n);
            servers.add(a);
            if (!a.isV6()) {
                ns.add(a.v4());
            }
        }
        long timeout = o.opt("timeout", StubResolver.DEFAULT_TIMEOUT_NS, Fields::positiveDuration);
        int attempts = (int) (long) o.opt("attempts", (long) StubResolver.DEFAULT_ATTEMPTS,
                x -> x.integer(1, MAX_ATTEMPTS));
        Map<String, Integer> hosts = new LinkedHashMap<>();
        for (Val h : o.list("hosts")) {
            String line = h.text().strip();
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                throw h.error("bad hosts entry '" + Yaml.oneLine(line) + "' (expected 'address name [alias...]',"
                        + " as in /etc/hosts, e.g. '192.168.1.20 printer')");
            }
            int addr;
            try {
                addr = Ip4.parse(f[0]);
            } catch (IllegalArgumentException e) {
                throw h.error("bad hosts entry '" + Yaml.oneLine(line) + "': bad address: " + Yaml.oneLine(e.getMessage()));
            }
            for (int i = 1; i < f.length; i++) {
                try {
                    Dns.name(f[i]);
                } catch (IllegalArgumentException e) {
                    throw h.error("bad hosts entry '" + Yaml.oneLine(line) + "': " + Yaml.oneLine(e.getMessage()));
                }
                hosts.putIfAbsent(f[i].toLowerCase(Locale.ROOT), addr);
            }
        }
        if (servers.isEmpty() && hosts.isEmpty()) {
            throw v.error("a resolver needs 'nameservers' or 'hosts' (or both)");
        }
        return new Scenario.ResolverSpec(List.copyOf(ns), timeout, attempts, Collections.unmodifiableMap(hosts),
                o.loc(), List.copyOf(servers));
    }

    Scenario.DnsSpec read(Val v) throws ScenarioException {
        Obj o = v.obj(DNS_FIELDS);
        List<Scenario.ZoneSpec> zones = new ArrayList<>();
        for (Val z : o.list("zones")) {
            zones.add(zone(z));
        }
        List<Scenario.RecursiveSpec> recursive = new ArrayList<>();
        for (Val r : o.list("recursive")) {
            recursive.add(recursive(r));
        }
        List<Scenario.ForwarderSpec> forwarders = new ArrayList<>();
        for (Val f : o.list("forwarders")) {
            forwarders.add(forwarder(f));
        }
        return new Scenario.DnsSpec(List.copyOf(zones), List.copyOf(recursive), List.copyOf(forwarders), o.loc());
    }

    /** {@code {name: example.com, servers: [ns1], file: example.com.zone}} or with inline {@code records}. */
    private Scenario.ZoneSpec zone(Val z) throws ScenarioException {
        Obj zo = z.obj(ZONE_FIELDS);
        Val nameVal = zo.req("name", "the zone's domain, e.g. example.com, or '.' for the root");
        String name = nameVal.text().strip();
        Name origin;
        try {
            origin = Dns.name(name);
        } catch (IllegalArgumentException e) {
            throw nameVal.error(Yaml.oneLine(e.getMessage()));
        }
        Val first = seen.putIfAbsent(origin, nameVal);
        if (first != null) {
            throw nameVal.error("duplicate zone '" + name + "' (first at line " + first.loc().line() + ")");
        }
        boolean root = origin.equals(Name.root);
        hasRoot |= root;
        Val serversVal = zo.req("servers", "the nodes serving this zone, e.g. [ns1]");
        List<Val> sv = serversVal.list();
        if (sv.isEmpty()) {
            throw serversVal.error("a zone needs at least one server");
        }
        List<String> servers = new ArrayList<>();
        for (Val s : sv) {
            String n = world.knownNode(s);
            if (root && rootAddressOf(n) == null) {
                throw s.error("root server '" + n + "' must hold one of the 13 root server addresses (e.g."
                        + " a.root-servers.net 198.41.0.4 or 2001:503:ba3e::2:30, k.root-servers.net 193.0.14.129)");
            }
            servers.add(n);
            port53.put(n, "authoritative server");
        }
        Val fileVal = zo.opt("file");
        Val textVal = zo.opt("records");
        String file = null;
        List<Record> records = null;
        if (fileVal != null && textVal != null) {
            throw new ScenarioException(zo.keyLoc("records"), textVal.path,
                    "give the zone's records either in 'file' or in 'records', not both");
        }
        if (textVal != null) {
            try {
                records = List.copyOf(DnsSetup.readMasterText(textVal.text(), origin));
                new Zone(origin, records);
            } catch (IllegalArgumentException e) {
                throw textVal.error("zone records: " + Yaml.oneLine(e.getMessage()) + " (lines counted from the first record line)");
            }
        }
        if (fileVal != null) {
            file = fileVal.text().strip();
            Path p;
            try {
                p = files.existing(fileVal);
            } catch (NoSuchFileException e) {
                p = null;
            }
            if (p == null || !Files.isRegularFile(p)) {
                throw fileVal.error("cannot read zone file '" + Yaml.oneLine(file) + "': no such file");
            }
            try {
                records = List.copyOf(DnsSetup.readMasterFile(p, origin));
                new Zone(origin, records);
            } catch (IllegalArgumentException e) {
                throw fileVal.error("zone file '" + Yaml.oneLine(file) + "': " + Yaml.oneLine(e.getMessage()));
            }
        }
        return new Scenario.ZoneSpec(Dns.show(origin), file, records, List.copyOf(servers), zo.loc());
    }

    /** {@code {node: resolver, allow: [10.0.0.0/8]}}: a recursive resolver, from the root down. */
    private Scenario.RecursiveSpec recursive(Val r) throws ScenarioException {
        Obj ro = r.obj(RECURSIVE_FIELDS);
        Val nodeVal = ro.req("node", "the node running the resolver");
        String n = server(nodeVal, "recursive resolver");
        if (!hasRoot) {
            throw nodeVal.error("a recursive resolver starts from the root: add a zone named '.' with root servers");
        }
        List<Cidr> allow = new ArrayList<>();
        for (Val a : ro.list("allow")) {
            try {
                allow.add(Cidr.parse(a.text().strip()));
            } catch (IllegalArgumentException e) {
                throw a.error("bad prefix: " + Yaml.oneLine(e.getMessage()) + " (expected address/prefix, e.g. 10.0.0.0/8)");
            }
        }
        if (allow.isEmpty()) {
            // BIND's allow-recursion default: localhost and localnets (lo's 127.0.0.0/8 among them).
            allow.add(Cidr.parse("127.0.0.0/8"));
            for (EndDraft e : world.nodes.get(n).ends) {
                allow.add(new Cidr(e.cidr.network(), e.cidr.length()));
            }
        }
        Scenario.RateLimitSpec rrl = ro.opt("rate-limit", null, v -> {
            Obj l = v.obj(RATE_LIMIT_FIELDS);
            int rps = (int) l.req("responses-per-second", "identical responses a second to one client /24, e.g. 5")
                    .integer(1, 1_000_000);
            int slip = (int) (long) l.opt("slip", (long) ResponseRateLimit.DEFAULT_SLIP, s -> s.integer(0, 10));
            int window = (int) (long) l.opt("window", (long) ResponseRateLimit.DEFAULT_WINDOW, s -> s.integer(1, 3600));
            return new Scenario.RateLimitSpec(rps, slip, window);
        });
        List<String> subnetZones = new ArrayList<>();
        for (Val z : ro.list("client-subnet-zones")) {
            String zone = z.text().strip();
            try {
                subnetZones.add(Dns.show(Name.fromString(zone, Name.root)));
            } catch (org.xbill.DNS.TextParseException e) {
                throw z.error("bad zone name '" + Yaml.oneLine(zone) + "' (expected a domain, e.g. cdn.example.net)");
            }
        }
        int subnetMax = (int) (long) ro.opt("max-client-subnet-ipv4", 24L, v -> v.integer(0, 32));
        return new Scenario.RecursiveSpec(n, List.copyOf(allow), ro.loc(), rrl, List.copyOf(subnetZones), subnetMax);
    }

    /** {@code {node: home, upstream: [100.64.0.53]}}: a caching forwarder. */
    private Scenario.ForwarderSpec forwarder(Val f) throws ScenarioException {
        Obj fo = f.obj(FORWARDER_FIELDS);
        String n = server(fo.req("node", "the node running the forwarder"), "forwarder");
        Val up = fo.req("upstream", "the resolvers to forward to, e.g. [100.64.0.53] or [2001:db8::53]");
        List<dev.minternet.dns.ServerAddress> upstream = new ArrayList<>();
        for (Val a : up.list()) {
            upstream.add(serverAddress(a));
        }
        if (upstream.isEmpty()) {
            throw up.error("a forwarder needs at least one upstream resolver");
        }
        return new Scenario.ForwarderSpec(n, List.copyOf(upstream), fo.loc());
    }

    /** The node {@code at} names, which must exist and run no other DNS server on port 53. */
    private String server(Val at, String what) throws ScenarioException {
        String node = world.knownNode(at);
        String other = port53.putIfAbsent(node, what);
        if (other != null) {
            throw at.error("node '" + node + "' already runs a DNS " + other + " on port 53; one DNS server per node");
        }
        return node;
    }

    private String rootAddressOf(String node) {
        for (RootServers.Root r : RootServers.ALL) {
            if (world.holds(node, r.address()) || world.holds6(node, r.address6())) {
                return r.name().toString();
            }
        }
        return null;
    }
}
