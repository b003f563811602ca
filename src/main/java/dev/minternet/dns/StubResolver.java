package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A host's stub resolver, as glibc plus an OS cache (nscd, systemd-resolved) behave: the hosts
 * file first, then the cache (honouring TTLs), then each nameserver in order, each attempt
 * waiting {@code timeout} (resolv.conf: {@code options timeout:5 attempts:2}). Applications
 * (ping, traceroute, curl) resolve names through it. Name servers may be IPv4 or IPv6 addresses,
 * mixed, tried in the order given as glibc does (it does not sort them by family); one the node
 * has no route to fails at once (sendto's ENETUNREACH) and the next is tried.
 */
public final class StubResolver {
    /** resolv.conf defaults (resolv.conf(5): timeout 5 s, attempts 2). */
    public static final long DEFAULT_TIMEOUT_NS = 5 * Durations.S;
    public static final int DEFAULT_ATTEMPTS = 2;

    /** The result of a lookup. */
    public record Answer(int rcode, List<Record> records, String source, int server) {
        /** The IPv4 addresses answered, in order. */
        public List<Integer> addresses() {
            List<Integer> l = new ArrayList<>();
            for (Record r : records) {
                if (r instanceof ARecord a) {
                    l.add(Dns.address(a));
                }
            }
            return l;
        }

        public boolean ok() {
            return rcode == Rcode.NOERROR && !addresses().isEmpty();
        }
    }

    /** Receives a lookup's answer. */
    public interface Callback {
        void done(Answer a);
    }

    private final Node node;
    private List<ServerAddress> servers;
    private final long timeoutNs;
    private final int attempts;
    private final Map<Name, Integer> hosts = new LinkedHashMap<>();
    private final DnsCache cache = new DnsCache();
    private final Upstream client;

    public StubResolver(Node node, List<Integer> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts) {
        this(node, nameservers, timeoutNs, attempts, hosts, new DnsClient(node, DnsEvents.STUB));
    }

    /** A stub asking name servers of either family, in order. */
    public static StubResolver of(Node node, List<ServerAddress> servers, long timeoutNs, int attempts,
                                  Map<String, Integer> hosts) {
        StubResolver r = new StubResolver(node, List.of(), timeoutNs, attempts, hosts);
        r.servers = List.copyOf(servers);
        return r;
    }

    /** A stub whose queries go through {@code network} (a script in tests). */
    StubResolver(Node node, List<Integer> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts,
                 Upstream network) {
        this.node = node;
        this.servers = v4(nameservers);
        this.timeoutNs = timeoutNs;
        this.attempts = attempts;
        for (Map.Entry<String, Integer> e : hosts.entrySet()) {
            this.hosts.put(Dns.name(e.getKey().toLowerCase(Locale.ROOT)), e.getValue());
        }
        this.client = network;
    }

    /**
     * getaddrinfo with "hosts: files dns", for applications (ping, nc, curl): a dotted quad as it
     * is, then the world's hosts table (node names), then this node's stub resolver when it has
     * one. {@code done} gets the first IPv4 address, or 0 when the name does not resolve; it may
     * run at once or later in simulated time.
     */
    public static void getaddrinfo(Node node, String host, IntConsumer done) {
        if (Ip4.isAddress(host)) {
            done.accept(Ip4.parse(host));
            return;
        }
        int fromHosts = node.world().resolve(host);
        StubResolver stub = node.service(StubResolver.class);
        if (fromHosts != 0 || stub == null) {
            done.accept(fromHosts);
            return;
        }
        stub.lookup(host, Type.A, a -> done.accept(a.ok() ? a.addresses().get(0) : 0));
    }

    private static List<ServerAddress> v4(List<Integer> addresses) {
        List<ServerAddress> l = new ArrayList<>();
        for (int a : addresses) {
            l.add(ServerAddress.of(a));
        }
        return List.copyOf(l);
    }

    /** Replaces the nameservers, as a DHCP client rewrites resolv.conf with a lease's option 6. */
    public void setNameservers(List<Integer> servers) {
        this.servers = v4(servers);
    }

    /** resolv.conf's {@code options timeout:}, in nanoseconds. */
    public long timeoutNs() {
        return timeoutNs;
    }

    /** resolv.conf's {@code options attempts:}. */
    public int attempts() {
        return attempts;
    }

    /** The node's own hosts entries (its /etc/hosts lines), name to address, in the order given. */
    public Map<String, Integer> hostsEntries() {
        Map<String, Integer> m = new LinkedHashMap<>();
        hosts.forEach((n, a) -> m.put(n.toString(true), a));
        return m;
    }

    /** The node's own /etc/hosts address for {@code name} (any case, with or without the final dot), or null. */
    public Integer hostsAddress(String name) {
        try {
            return hosts.get(Dns.name(name.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The IPv4 name servers, in order (those of other families left out). */
    public List<Integer> nameservers() {
        List<Integer> l = new ArrayList<>();
        for (ServerAddress s : servers) {
            if (!s.isV6()) {
                l.add(s.v4());
            }
        }
        return l;
    }

    /** Every name server, of either family, in resolv.conf's order. */
    public List<ServerAddress> servers() {
        return servers;
    }

    public DnsCache cache() {
        return cache;
    }

    /** Looks up {@code name}'s records of {@code type}; the callback may run at once (hosts, cache). */
    public void lookup(String name, int type, Callback cb) {
        Name n;
        try {
            n = Dns.name(name);
        } catch (IllegalArgumentException e) {
            cb.done(new Answer(Rcode.FORMERR, List.of(), "invalid", 0));
            return;
        }
        Integer h = type == Type.A ? hosts.get(n) : null;
        if (h != null) {
            Answer a = new Answer(Rcode.NOERROR, List.of(Dns.aRecord(n, 0, h)), DnsEvents.FROM_HOSTS, 0);
            traceLookup(n, type, a);
            cb.done(a);
            return;
        }
        DnsCache.Hit hit = cache.lookup(n, type, node.sim().now());
        if (hit != null) {
            Dns.traceCacheHit(node, DnsEvents.STUB, n, type);
            Answer a = new Answer(hit.rcode(), hit.records(), DnsEvents.FROM_CACHE, 0);
            traceLookup(n, type, a);
            cb.done(a);
            return;
        }
        ask(n, type, 0, cb);
    }

    /** Try number {@code k}: nameserver k mod N in attempt k / N (glibc's rotation order). */
    private void ask(Name n, int type, int k, Callback cb) {
        if (servers.isEmpty() || k >= servers.size() * attempts) {
            Answer a = new Answer(Rcode.SERVFAIL, List.of(), servers.isEmpty() ? "no-nameservers" : "timeout", 0);
            traceLookup(n, type, a);
            cb.done(a);
            return;
        }
        ServerAddress server = servers.get(k % servers.size());
        Message q = DnsClient.newQuery(n, type, true, false);
        client.query(q, server, null, timeoutNs, false, (m, rtt, size) -> {
            if (m == null || (m.getRcode() != Rcode.NOERROR && m.getRcode() != Rcode.NXDOMAIN)) {
                ask(n, type, k + 1, cb);
                return;
            }
            cache.putResponse(m, node.sim().now());
            Answer a = new Answer(m.getRcode(), Dns.section(m, Section.ANSWER), DnsEvents.FROM_SERVER, server.v4());
            traceLookup(n, type, a);
            cb.done(a);
        });
    }

    private void traceLookup(Name n, int type, Answer a) {
        Trace t = node.trace();
        if (t.enabled()) {
            StringBuilder addrs = new StringBuilder();
            for (int x : a.addresses()) {
                addrs.append(addrs.length() == 0 ? "" : ",").append(Ip4.str(x));
            }
            for (Record r : a.records()) {
                if (r instanceof AAAARecord q) { // an AAAA lookup hands on IPv6 addresses
                    addrs.append(addrs.length() == 0 ? "" : ",").append(Ip6.read(q.getAddress().getAddress(), 0));
                }
            }
            t.emit(node.name(), DnsEvents.LOOKUP, Dns.show(n), Type.string(type), Rcode.string(a.rcode()), a.source(), addrs.toString());
        }
    }
}
