package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A recursive resolver, the ISP's (RFC 1034 5.3.3, RFC 1035 7): resolves iteratively from the
 * root hints, caches positive and negative answers (RFC 2308), follows CNAMEs across zones,
 * uses glue only from the zone that delegates (in-bailiwick), resolves glueless name servers on
 * the side, moves to another server of the NS set after a timeout, and gives up with SERVFAIL
 * when a limit is hit. It recurses only for clients inside its access list.
 *
 * <p>Name servers are asked over either family: A and AAAA glue, A and AAAA records of NS names
 * and the root hints' IPv4 and IPv6 addresses all become addresses of the server, and each query
 * goes to the untried address with the lowest smoothed RTT over both families, as BIND chooses.
 * BIND gives an address it has never asked a random SRTT of a few microseconds; here, so that the
 * choice is deterministic, an address without history takes the lowest SRTT of the other
 * addresses of the other family of the same server name (the same machine, most likely the same
 * path), or 0 when none has history, and ties go to the earlier address: the NS set's order, each server's IPv4
 * addresses before its IPv6 ones. A timeout penalises the address that did not answer, so the
 * next try (and later queries) go to the other family. A resolver without a preferred global
 * IPv6 address asks over IPv4 only, one without IPv4 over IPv6 only; for a glueless server it
 * looks up A (when it has IPv4), and AAAA when it has IPv6 and the A lookup gave nothing usable
 * (BIND asks both).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>value</th><th>why</th></tr>
 *   <tr><td>timeout per query</td><td>{@value #TIMEOUT_MS} ms</td><td>BIND starts at 800 ms, Unbound lower</td></tr>
 *   <tr><td>referrals per name</td><td>{@value #MAX_REFERRALS}</td><td>a delegation chain deeper than any real one</td></tr>
 *   <tr><td>CNAME chain</td><td>{@value #MAX_CNAME}</td><td>BIND's max-restarts is 11; Unbound's 8</td></tr>
 *   <tr><td>queries per client request</td><td>{@value #MAX_QUERIES}</td><td>BIND's max-recursion-queries is 100</td></tr>
 *   <tr><td>glueless nesting depth</td><td>{@value #MAX_DEPTH}</td><td>BIND's max-recursion-depth is 7</td></tr>
 * </table>
 */
public final class RecursiveResolver implements DnsListener.Handler {
    static final long TIMEOUT_MS = 800;
    static final int MAX_REFERRALS = 16;
    static final int MAX_CNAME = 8;
    static final int MAX_QUERIES = 50;
    static final int MAX_DEPTH = 5;

    /** A root server the resolver starts from (named.root): its IPv4 address (0: none) and IPv6 address (null: none). */
    public record Hint(Name name, int address, dev.minternet.wire.Ip6 address6) {
        public Hint(Name name, int address) {
            this(name, address, null);
        }
    }

    private final Node node;
    private final DnsListener listener;
    private final Upstream client;
    private final DnsCache cache = new DnsCache();
    private final List<Hint> hints;
    private final List<Cidr> allow;
    /** Smoothed RTT per server address in ns; a timeout penalises a server (BIND's SRTT selection). */
    private final Map<ServerAddress, Long> srtt = new HashMap<>();
    long requests;
    long refused;
    long servfails;
    long upstreamQueries;
    long answeredFromCache;
    long coalesced;
    private record InFlight(Name name, int type, int subnet, int prefix) {
    }

    private final Map<InFlight, List<Done>> inFlight = new HashMap<>();
    /** Side lookups (a glueless server's address) in flight, joined by others wanting the same (as BIND's ADB shares a fetch). */
    private final Map<InFlight, SideFetch> sideInFlight = new HashMap<>();

    /** One side lookup in flight: who joined it, and the side lookup its own lookup waits for now. */
    private static final class SideFetch {
        final List<Done> joined = new ArrayList<>();
        SideFetch waitingOn;

        /** Whether this fetch waits, directly or through others, for {@code f}: joining it would wait forever. */
        boolean waitsFor(SideFetch f) {
            for (SideFetch x = this; x != null; x = x.waitingOn) {
                if (x == f) {
                    return true;
                }
            }
            return false;
        }
    }
    /** Zones whose servers get the client's subnet (Unbound's client-subnet-zone); empty: ECS off. */
    private List<Name> subnetZones = List.of();
    /** The longest IPv4 source prefix sent (Unbound's max-client-subnet-ipv4). */
    private int subnetMax = 24;
    private final SubnetCache subnetCache = new SubnetCache();

    public RecursiveResolver(Node node, List<Hint> hints, List<Cidr> allow) {
        // BIND's resolver sends cookies to the servers it asks and remembers theirs
        this(node, hints, allow, new DnsClient(node, DnsEvents.RESOLVER)
                .cookies(DnsCookies.of(node), node.ip().primaryAddress()));
    }

    /** A resolver whose upstream queries go through {@code upstream} (a script in tests). */
    RecursiveResolver(Node node, List<Hint> hints, List<Cidr> allow, Upstream upstream) {
        this.node = node;
        this.hints = List.copyOf(hints);
        this.allow = List.copyOf(allow);
        // BIND answers cookies by default (answer-cookie yes)
        this.listener = new DnsListener(node, DnsEvents.RESOLVER, this).cookies(DnsCookies.of(node));
        this.client = upstream;
    }

    public RecursiveResolver start() {
        listener.start();
        return this;
    }

    public DnsCache cache() {
        return cache;
    }

    public DnsListener listener() {
        return listener;
    }

    public long upstreamQueries() {
        return upstreamQueries;
    }

    /** Client requests that joined an identical resolution already in progress. */
    public long coalesced() {
        return coalesced;
    }

    /** Client requests answered without a single upstream query. */
    public long answeredFromCache() {
        return answeredFromCache;
    }

    public long requests() {
        return requests;
    }

    /**
     * Sends EDNS Client Subnet (RFC 7871) to the servers of {@code zones}, as Unbound's
     * subnetcache module does with {@code client-subnet-zone}: a query for a name in one of them
     * carries the asker's IPv4 address cut to {@code maxIpv4} bits (the asker's own option, cut
     * to that length, when it sent one; none when it sent SOURCE PREFIX-LENGTH 0), and answers
     * scoped to a subnet are cached for that subnet only.
     */
    public RecursiveResolver clientSubnet(List<Name> zones, int maxIpv4) {
        this.subnetZones = List.copyOf(zones);
        this.subnetMax = maxIpv4;
        return this;
    }

    /** Answers served from the subnet cache. */
    public long subnetCacheHits() {
        return subnetCache.hits();
    }

    /** Limits this resolver's UDP responses (BIND's rate-limit); null: none. */
    public RecursiveResolver rateLimit(ResponseRateLimit r) {
        listener.rateLimit(r);
        return this;
    }

    /** UDP responses response rate limiting dropped or slipped. */
    public long rateLimited() {
        return listener.rateLimited();
    }

    /** Queries refused: from a client outside {@code allow}, or without RD and not cached. */
    public long refused() {
        return refused;
    }

    public long servfails() {
        return servfails;
    }

    /**
     * Whether {@code c} may recurse: an IPv4 asker by the allow list; an IPv6 asker when it is
     * on one of the node's IPv6 links or ::1 (BIND's default allow-recursion {@code localnets; localhost}).
     */
    boolean allowed(DnsListener.Client c) {
        if (c.address6 != null) {
            if (c.address6.isLoopback()) {
                return true; // ::1, BIND's localhost
            }
            dev.minternet.ip6.Route6 r = node.ip6().route(c.address6);
            return r != null && r.gateway() == null;
        }
        return allowed(c.address);
    }

    boolean allowed(int addr) {
        for (Cidr c : allow) {
            if (c.contains(addr)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void query(Message q, DnsListener.Client c) {
        requests++;
        long started = now();
        Record question = q.getQuestion();
        if (!allowed(c) || !q.getHeader().getFlag(Flags.RD)) {
            // An open resolver is an amplifier (RFC 5358): outsiders are refused. Without RD we
            // answer from the cache only, as BIND does.
            DnsCache.Hit hit = allowed(c) ? cache.lookup(question.getName(), question.getType(), now()) : null;
            if (hit != null) {
                traceCacheHit(question);
                reply(q, c, hit.rcode(), hit.records(), hit.soa(), true, started, null, 0);
            } else {
                refused++;
                reply(q, c, Rcode.REFUSED, List.of(), null, false, started, null, 0);
            }
            return;
        }
        Task task = new Task();
        org.xbill.DNS.ClientSubnetOption asked = Ecs.option(q);
        if (!subnetZones.isEmpty() && c.address6 == null) {
            if (asked == null) {
                task.subnet(c.address, subnetMax);
            } else if (asked.getFamily() == 1 && asked.getSourcePrefixLength() > 0) {
                task.subnet(Ecs.address(asked), Math.min(asked.getSourcePrefixLength(), subnetMax));
            }
        }
        // Identical questions already being resolved wait for that resolution instead of
        // starting their own (BIND's clients-per-query; it also blunts spoofing birthday attacks).
        // With ECS, only those from the same subnet: the answer may be theirs alone.
        InFlight key = new InFlight(question.getName(), question.getType(), task.subnet, task.prefix);
        List<Done> waiting = inFlight.get(key);
        Done answer = (rcode, records, soa) -> reply(q, c, rcode, records, soa, true, started, asked, task.scope);
        if (waiting != null) {
            waiting.add(answer);
            coalesced++;
            Trace t = node.trace();
            if (t.enabled()) {
                t.emit(node.name(), DnsEvents.COALESCE, DnsEvents.RESOLVER, Dns.show(question.getName()),
                        Type.string(question.getType()), waiting.size());
            }
            return;
        }
        List<Done> joined = new ArrayList<>();
        inFlight.put(key, joined);
        Lookup l = new Lookup(task, question.getName(), question.getType(), 0, new HashSet<>(),
                (rcode, records, soa) -> {
                    inFlight.remove(key);
                    if (task.queries == 0 && rcode != Rcode.SERVFAIL) {
                        answeredFromCache++;
                    }
                    answer.done(rcode, records, soa);
                    for (Done d : joined) {
                        d.done(rcode, records, soa);
                    }
                });
        l.begin();
    }

    private long now() {
        return node.sim().now();
    }

    private void reply(Message q, DnsListener.Client c, int rcode, List<Record> answer, SOARecord soa, boolean ra,
                       long started, org.xbill.DNS.ClientSubnetOption asked, int scope) {
        Message r = Dns.reply(q, rcode, answer, soa, ra);
        if (asked != null && r.getOPT() != null) {
            // RFC 7871 7.2.1: the asker's option back, SCOPE saying whom the answer is good for
            Ecs.put(r, asked.getFamily() == 1
                    ? Ecs.ipv4(Ecs.address(asked), asked.getSourcePrefixLength(), Math.min(scope, asked.getSourcePrefixLength()))
                    : asked);
        }
        if (rcode == Rcode.SERVFAIL) {
            servfails++;
        }
        Dns.serve(node, DnsEvents.RESOLVER, q, c, r, started);
    }

    private void traceCacheHit(Record question) {
        Dns.traceCacheHit(node, DnsEvents.RESOLVER, question.getName(), question.getType());
    }

    /** The end of a lookup. */
    interface Done {
        void done(int rcode, List<Record> records, SOARecord soa);
    }

    /** One client request: the budget its lookups share, and the client subnet it sends (prefix -1: none). */
    private static final class Task {
        int queries;
        int subnet;
        int prefix = -1;
        /** The longest scope an answer of this request was given for (0: for everyone). */
        int scope;

        void subnet(int address, int length) {
            prefix = length;
            subnet = length == 0 ? 0 : address & (int) (0xffffffffL << (32 - length));
        }
    }

    /** One address of a name server of the current zone cut (null until known). */
    private static final class Server {
        final Name name;
        ServerAddress address;
        boolean tried;
        boolean resolving;

        Server(Name name, ServerAddress address) {
            this.name = name;
            this.address = address;
        }
    }

    /** Whether this node can send to {@code a}'s family now. */
    boolean canAsk(ServerAddress a) {
        return a.isV6() ? Dns.canSend6(node) : hasIpv4();
    }

    /** Whether the node asks over IPv4: it has an IPv4 address, or no IPv6 either (a bare node in a unit test). */
    boolean hasIpv4() {
        return node.ip().primaryAddress() != 0 || !node.hasIp6();
    }

    /** The addresses of a root hint, IPv4 first. */
    private static void addHint(List<Server> servers, Name name, int v4, dev.minternet.wire.Ip6 v6) {
        if (v4 != 0) {
            servers.add(new Server(name, ServerAddress.of(v4)));
        }
        if (v6 != null) {
            servers.add(new Server(name, ServerAddress.of(v6)));
        }
    }

    /** Iterative resolution of one name and type (RFC 1034 5.3.3). */
    private final class Lookup {
        final Task task;
        final int type;
        final int depth;
        final Set<Name> resolvingNs;
        final Done done;
        final List<Record> chain = new ArrayList<>();
        /** The side lookup this lookup performs for others to join (null: a client's own question). */
        SideFetch fetch;
        Name name;
        Name zone;
        List<Server> servers;
        int referrals;
        int cnames;
        boolean finished;

        Lookup(Task task, Name name, int type, int depth, Set<Name> resolvingNs, Done done) {
            this.task = task;
            this.name = name;
            this.type = type;
            this.depth = depth;
            this.resolvingNs = resolvingNs;
            this.done = done;
        }

        /** Step 1 of RFC 1034 5.3.3: see if the answer is in the cache. */
        void begin() {
            if (withSubnet()) {
                List<Record> scoped = subnetCache.lookup(name, type, task.subnet, now());
                if (scoped != null) {
                    traceCacheHit(Record.newRecord(name, type, DClass.IN));
                    task.scope = Math.max(task.scope, subnetCache.scope(name, type, task.subnet, now()));
                    chain.addAll(scoped);
                    finish(Rcode.NOERROR, null);
                    return;
                }
            }
            DnsCache.Hit hit = cache.lookup(name, type, now());
            if (hit != null) {
                traceCacheHit(Record.newRecord(name, type, DClass.IN));
                chain.addAll(hit.records());
                finish(hit.rcode(), hit.soa());
                return;
            }
            // The cache may hold part of a CNAME chain: continue from its end.
            List<Record> cn = type == Type.CNAME ? null : cache.rrset(name, Type.CNAME, now());
            if (cn != null) {
                follow((CNAMERecord) cn.get(0));
                return;
            }
            findCut();
        }

        /** Step 2: the closest enclosing zone whose name servers we know (else the root hints). */
        void findCut() {
            for (Name n = name; ; n = Zone.parent(n)) {
                List<Record> ns = cache.rrset(n, Type.NS, now());
                if (ns != null) {
                    useCut(n, ns);
                    return;
                }
                if (n.labels() <= 1) {
                    break;
                }
            }
            zone = Name.root;
            servers = new ArrayList<>();
            for (Hint h : hints) {
                addHint(servers, h.name(), h.address(), h.address6());
            }
            next();
        }

        void useCut(Name cut, List<Record> ns) {
            zone = cut;
            servers = new ArrayList<>();
            for (Record r : ns) {
                Name host = ((NSRecord) r).getTarget();
                List<Record> a = cache.rrset(host, Type.A, now());
                List<Record> aaaa = cache.rrset(host, Type.AAAA, now());
                Hint hint = cut.equals(Name.root) ? hint(host) : null;
                if (a == null && aaaa == null && hint != null) {
                    // The root's servers are always reachable through the hints (RFC 1034 5.3.2 SBELT).
                    addHint(servers, host, hint.address(), hint.address6());
                } else if (a == null && aaaa == null) {
                    servers.add(new Server(host, null));
                } else {
                    for (Record x : a == null ? List.<Record>of() : a) {
                        servers.add(new Server(host, ServerAddress.of(Dns.address((ARecord) x))));
                    }
                    for (Record x : aaaa == null ? List.<Record>of() : aaaa) {
                        servers.add(new Server(host, ServerAddress.of(Dns.address((org.xbill.DNS.AAAARecord) x))));
                    }
                }
            }
            next();
        }

        /** Step 3: send to the best untried server, resolving a glueless one's address if need be. */
        void next() {
            if (finished) {
                return;
            }
            if (task.queries >= MAX_QUERIES) {
                fail("query-limit");
                return;
            }
            Server best = null;
            for (Server s : servers) {
                if (!s.tried && s.address != null && canAsk(s.address) && (best == null || rtt(s) < rtt(best))) {
                    best = s;
                }
            }
            if (best != null) {
                send(best);
                return;
            }
            for (Server s : servers) {
                if (!s.tried && s.address == null && !s.resolving) {
                    resolveServer(s);
                    return;
                }
            }
            for (Server s : servers) {
                if (s.resolving) {
                    return; // wait for the side lookup
                }
            }
            fail("no-servers-left");
        }

        /** Whether this lookup's queries carry the client's subnet: ECS is on for the name's zone and the client has one. */
        boolean withSubnet() {
            if (task.prefix < 0) {
                return false;
            }
            for (Name z : subnetZones) {
                if (name.subdomain(z)) {
                    return true;
                }
            }
            return false;
        }

        long rtt(ServerAddress addr) {
            return srtt.getOrDefault(addr, 0L);
        }

        /**
         * The SRTT the choice uses: the address's own, else the lowest of its server's addresses
         * of the other family (class comment); within one family an unasked address counts 0, as before IPv6.
         */
        long rtt(Server s) {
            Long own = srtt.get(s.address);
            if (own != null) {
                return own;
            }
            long best = -1;
            for (Server o : servers) {
                Long r = o.address == null || !o.name.equals(s.name) || o.address.isV6() == s.address.isV6()
                        ? null : srtt.get(o.address);
                if (r != null && (best < 0 || r < best)) {
                    best = r;
                }
            }
            return Math.max(best, 0);
        }

        /** A glueless delegation: look the server's address up first (RFC 1034 5.3.3 step 3). */
        void resolveServer(Server s) {
            if (depth + 1 > MAX_DEPTH || resolvingNs.contains(s.name)) {
                s.tried = true;
                traceLimit(resolvingNs.contains(s.name) ? "ns-loop" : "depth-limit", s.name);
                next();
                return;
            }
            s.resolving = true;
            Set<Name> inner = new HashSet<>(resolvingNs);
            inner.add(s.name);
            boolean v4 = hasIpv4();
            sideLookup(s, inner, v4 ? Type.A : Type.AAAA, v4 && Dns.canSend6(node));
        }

        /** Looks {@code s}'s addresses of {@code qtype} up; then AAAA when {@code thenAaaa} and nothing usable came. */
        void sideLookup(Server s, Set<Name> inner, int qtype, boolean thenAaaa) {
            Done found = (rcode, records, soa) -> {
                waitFor(null);
                sideDone(s, inner, qtype, thenAaaa, records);
            };
            InFlight key = new InFlight(s.name, qtype, task.subnet, task.prefix);
            SideFetch running = sideInFlight.get(key);
            if (running != null && (fetch == null || !running.waitsFor(fetch))) {
                running.joined.add(found);
                waitFor(running);
                Trace t = node.trace();
                if (t.enabled()) {
                    t.emit(node.name(), DnsEvents.COALESCE, DnsEvents.RESOLVER, Dns.show(s.name), Type.string(qtype),
                            running.joined.size());
                }
                return;
            }
            SideFetch mine = new SideFetch();
            sideInFlight.putIfAbsent(key, mine); // one that would wait for itself asks on its own
            waitFor(mine);
            Lookup side = new Lookup(task, s.name, qtype, depth + 1, inner, (rcode, records, soa) -> {
                sideInFlight.remove(key, mine);
                found.done(rcode, records, soa);
                for (Done d : mine.joined) {
                    d.done(rcode, records, soa);
                }
            });
            side.fetch = mine;
            side.begin();
        }

        private void waitFor(SideFetch f) {
            if (fetch != null) {
                fetch.waitingOn = f;
            }
        }

        /** A side lookup's answer: the server's addresses join the list (else AAAA next, when asked), and the lookup goes on. */
        void sideDone(Server s, Set<Name> inner, int qtype, boolean thenAaaa, List<Record> records) {
            boolean found = false;
            for (Record r : records) {
                if (!r.getName().equals(lastName(records, s.name))) {
                    continue;
                }
                if (r instanceof ARecord a) {
                    servers.add(new Server(s.name, ServerAddress.of(Dns.address(a))));
                    found = true;
                } else if (r instanceof org.xbill.DNS.AAAARecord a) {
                    servers.add(new Server(s.name, ServerAddress.of(Dns.address(a))));
                    found = true;
                }
            }
            if (!found && thenAaaa && !finished) {
                sideLookup(s, inner, Type.AAAA, false);
                return;
            }
            s.resolving = false;
            s.tried = true;
            next();
        }

        void send(Server s) {
            s.tried = true;
            task.queries++;
            upstreamQueries++;
            Message q = DnsClient.newQuery(name, type, false, true);
            if (withSubnet()) {
                Ecs.put(q, Ecs.ipv4(task.subnet, task.prefix, 0));
            }
            String sname = Dns.show(s.name);
            client.query(q, s.address, sname, TIMEOUT_MS * Durations.MS, false, (m, rttNs, size) -> {
                if (finished) {
                    return;
                }
                if (m == null) {
                    // Back off this server, as BIND's SRTT does after a timeout.
                    srtt.put(s.address, rtt(s.address) + 2 * TIMEOUT_MS * Durations.MS);
                    next();
                    return;
                }
                long old = rtt(s.address);
                srtt.put(s.address, old == 0 ? rttNs : (7 * old + 3 * rttNs) / 10);
                onResponse(m);
            });
        }

        /** Step 4: analyse the response. */
        void onResponse(Message m) {
            int rcode = m.getRcode();
            if (m.getHeader().getFlag(Flags.TC)) {
                // Still truncated: TCP was not available (DnsClient retries over TCP when it is).
                // A partial answer must not be cached as the truth; another server may fit in UDP.
                traceLimit("truncated-without-tcp", name);
                next();
                return;
            }
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                next(); // SERVFAIL, REFUSED (lame), FORMERR: try another server.
                return;
            }
            long now = now();
            // Only data inside the zone we asked about is believed (bailiwick rule, RFC 2181 5.4.1).
            List<Record> answer = new ArrayList<>();
            for (Record r : Dns.section(m, Section.ANSWER)) {
                if (r.getName().subdomain(zone)) {
                    answer.add(r);
                }
            }
            org.xbill.DNS.ClientSubnetOption ecs = withSubnet() ? Ecs.option(m) : null;
            int scope = ecs != null && ecs.getFamily() == 1 && rcode == Rcode.NOERROR
                    ? Math.min(ecs.getScopePrefixLength(), task.prefix) : 0;
            if (scope > 0) {
                // RFC 7871 7.3.1: an answer scoped to a subnet is for that subnet's clients only
                subnetCache.put(name, type, task.subnet, scope, answer, now);
                task.scope = Math.max(task.scope, scope);
            } else {
                cache.putAll(answer, now);
            }
            if (type == Type.NS) {
                // Addresses of the name servers an NS answer names, when the zone holds them.
                List<Record> extra = new ArrayList<>();
                for (Record r : Dns.section(m, Section.ADDITIONAL)) {
                    if ((r.getType() == Type.A || r.getType() == Type.AAAA) && r.getName().subdomain(zone)) {
                        extra.add(r);
                    }
                }
                cache.putGlue(extra, now);
            }
            Name cur = name;
            boolean progressed = true;
            while (progressed) {
                progressed = false;
                List<Record> set = new ArrayList<>();
                CNAMERecord cname = null;
                for (Record r : answer) {
                    if (r.getName().equals(cur)) {
                        if (r.getType() == type || type == Type.ANY) {
                            set.add(r);
                        } else if (r instanceof CNAMERecord c) {
                            cname = c;
                        }
                    }
                }
                if (!set.isEmpty()) {
                    chain.addAll(set);
                    finish(Rcode.NOERROR, null);
                    return;
                }
                if (cname != null) {
                    if (++cnames > MAX_CNAME) {
                        fail("cname-limit");
                        return;
                    }
                    chain.add(cname);
                    cur = cname.getTarget();
                    progressed = true;
                }
            }
            SOARecord soa = Dns.soaOf(m);
            if (soa != null && !soa.getName().subdomain(zone)) {
                soa = null;
            }
            if (rcode == Rcode.NXDOMAIN) {
                cache.putNegative(cur, type, true, soa, now);
                finish(Rcode.NXDOMAIN, soa);
                return;
            }
            if (!cur.equals(name)) {
                // The chain left this answer: resolve its target from the top (it may be another zone).
                name = cur;
                referrals = 0;
                begin();
                return;
            }
            List<Record> ns = new ArrayList<>();
            Name cut = null;
            for (Record r : Dns.section(m, Section.AUTHORITY)) {
                if (r instanceof NSRecord && (cut == null || r.getName().equals(cut))) {
                    cut = r.getName();
                    ns.add(r);
                }
            }
            if (cut != null && soa == null && !cut.equals(zone) && cut.subdomain(zone) && name.subdomain(cut)) {
                // A referral: cache the delegation and its in-bailiwick glue, then go down.
                if (++referrals > MAX_REFERRALS) {
                    fail("referral-limit");
                    return;
                }
                cache.putGlue(ns, now);
                List<Record> glue = new ArrayList<>();
                for (Record r : Dns.section(m, Section.ADDITIONAL)) {
                    if ((r.getType() == Type.A || r.getType() == Type.AAAA) && r.getName().subdomain(zone)) {
                        glue.add(r);
                    }
                }
                cache.putGlue(glue, now);
                useCut(cut, ns);
                return;
            }
            if (cut != null && soa == null) {
                // An upward or sideways referral is lame (RFC 1034 4.3.2): ask someone else.
                next();
                return;
            }
            cache.putNegative(name, type, false, soa, now);
            finish(Rcode.NOERROR, soa);
        }

        void follow(CNAMERecord c) {
            if (++cnames > MAX_CNAME) {
                fail("cname-limit");
                return;
            }
            chain.add(c);
            name = c.getTarget();
            begin();
        }

        void fail(String why) {
            traceLimit(why, name);
            finish(Rcode.SERVFAIL, null);
        }

        void traceLimit(String why, Name about) {
            Trace t = node.trace();
            if (t.enabled()) {
                t.emit(node.name(), DnsEvents.GIVE_UP, DnsEvents.RESOLVER, why, Dns.show(about), task.queries);
            }
        }

        void finish(int rcode, SOARecord soa) {
            if (finished) {
                return;
            }
            finished = true;
            done.done(rcode, rcode == Rcode.SERVFAIL ? List.of() : chain, soa);
        }
    }

    private Hint hint(Name host) {
        for (Hint h : hints) {
            if (h.name().equals(host)) {
                return h;
            }
        }
        return null;
    }

    /** The last name of a CNAME chain starting at {@code start}. */
    static Name lastName(List<Record> records, Name start) {
        Name cur = start;
        for (Record r : records) {
            if (r instanceof CNAMERecord c && c.getName().equals(cur)) {
                cur = c.getTarget();
            }
        }
        return cur;
    }
}
