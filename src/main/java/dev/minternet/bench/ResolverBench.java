package dev.minternet.bench;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.dns.DnsSetup;
import dev.minternet.dns.RecursiveResolver;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Event;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A recursive resolver under load, from a cold start: C clients (on sqrt(C) edge routers under a
 * core, as in {@link ManyHosts}) each send L / C lookups, exponentially spaced with a mean of
 * 1 s, of names drawn with Zipf(1) popularity from N names spread evenly over Z zones under com.
 * The zones sit on 10 authoritative servers; a root server and a com server complete the
 * hierarchy. Every name's A record has a TTL of 3600 s.
 */
public final class ResolverBench {
    /** What a run measured. */
    public record Result(int clients, long lookups, long answered, long failed, long upstreamQueries,
                         long answeredFromCache, long coalesced, double setupSeconds, double runSeconds, double runCpuSeconds,
                         long events, double simulatedSeconds) {
        public double cacheHitRatio() {
            return lookups == 0 ? 0 : (double) answeredFromCache / lookups;
        }
    }

    static final int SERVERS = 10;
    static final long TTL = 3600;

    private final World world;
    private final int clients;
    private final long lookups;
    private final int names;
    private final int zones;
    private final double[] zipfCdf;
    private RecursiveResolver resolver;
    private int resolverAddress;
    private long answered;
    private long failed;

    private ResolverBench(int clients, long lookups, int names, int zones, long seed) {
        this.world = new World(seed, Instant.parse("2026-01-01T00:00:00Z"));
        this.clients = clients;
        this.lookups = lookups;
        this.names = names;
        this.zones = zones;
        this.zipfCdf = new double[names];
        double sum = 0;
        for (int k = 0; k < names; k++) {
            sum += 1.0 / (k + 1);
            zipfCdf[k] = sum;
        }
        for (int k = 0; k < names; k++) {
            zipfCdf[k] /= sum;
        }
    }

    public static Result run(int clients, long lookups, int names, int zones, long seed) {
        long t0 = System.nanoTime();
        ResolverBench b = new ResolverBench(clients, lookups, names, zones, seed);
        b.build();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c1 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        b.world.sim().run();
        long t2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        return new Result(clients, lookups, b.answered, b.failed, b.resolver.upstreamQueries(),
                b.resolver.answeredFromCache(), b.resolver.coalesced(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9, b.world.sim().eventsExecuted(),
                b.world.sim().now() / 1e9);
    }

    /** The name of rank {@code k} (0 = most popular): ranks are dealt round-robin over the zones. */
    Name name(int k) {
        return Name.fromConstantString("n" + k / zones + ".zone" + k % zones + ".com.");
    }

    private void build() {
        LinkParams access = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelay(Durations.MS);
        LinkParams uplink = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(5 * Durations.MS)
                .withQueuePackets(1000);
        Node core = world.addRouter("core");
        int port = 0;
        Node res = world.addHost("resolver");
        world.connect("resolver--core", res, "eth0", Cidr.parse("100.64.1.53/24"), core, "eth" + port++,
                Cidr.parse("100.64.1.1/24"), uplink);
        resolverAddress = Ip4.parse("100.64.1.53");
        Node root = world.addHost("a-root");
        world.connect("root--core", root, "eth0", Cidr.parse("198.41.0.4/24"), core, "eth" + port++,
                Cidr.parse("198.41.0.1/24"), uplink.withDelay(10 * Durations.MS));
        Node gtld = world.addHost("gtld");
        world.connect("gtld--core", gtld, "eth0", Cidr.parse("192.5.6.30/24"), core, "eth" + port++,
                Cidr.parse("192.5.6.1/24"), uplink.withDelay(15 * Durations.MS));
        Node[] auth = new Node[SERVERS];
        for (int s = 0; s < SERVERS; s++) {
            auth[s] = world.addHost("ns" + s);
            world.connect("ns" + s + "--core", auth[s], "eth0", new Cidr(Ip4.parse("172.16." + s + ".53"), 24), core,
                    "eth" + port++, new Cidr(Ip4.parse("172.16." + s + ".1"), 24),
                    uplink.withDelay((5 + 3L * s) * Durations.MS));
        }
        int routers = (int) Math.ceil(Math.sqrt(clients));
        int perRouter = (int) Math.ceil((double) clients / routers);
        int nextNet = 10 << 24;
        Node[] edges = new Node[routers];
        for (int r = 0; r < routers; r++) {
            edges[r] = world.addRouter("e" + r);
            world.connect("e" + r + "--core", edges[r], "eth0", new Cidr(nextNet + 1, 30), core, "eth" + port++,
                    new Cidr(nextNet + 2, 30), uplink);
            nextNet += 4;
        }
        List<Node> hosts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Node h = world.addHost("h" + i);
            Node e = edges[i / perRouter];
            world.connect("h" + i + "--" + e.name(), h, "eth0", new Cidr(nextNet + 2, 30), e,
                    "eth" + e.ip().interfaces().size(), new Cidr(nextNet + 1, 30), access);
            hosts.add(h);
            nextNet += 4;
        }
        GlobalRouting.install(world);

        DnsSetup dns = new DnsSetup(world);
        dns.zone(Name.root, null, List.of(root));
        dns.zone(Name.fromConstantString("com."), null, List.of(gtld));
        int perZone = (names + zones - 1) / zones;
        for (int z = 0; z < zones; z++) {
            Name origin = Name.fromConstantString("zone" + z + ".com.");
            Name ns = Name.fromConstantString("ns.zone" + z + ".com.");
            Node server = auth[z % SERVERS];
            List<Record> recs = new ArrayList<>();
            recs.add(new SOARecord(origin, DClass.IN, TTL, ns, Name.fromConstantString("h." + origin), 1, 7200, 3600,
                    1209600, 300));
            recs.add(new NSRecord(origin, DClass.IN, TTL, ns));
            recs.add(Dns.aRecord(ns, TTL, server.ip().primaryAddress()));
            for (int i = 0; i < perZone; i++) {
                recs.add(Dns.aRecord(Name.fromConstantString("n" + i + "." + origin), TTL, 0x0a000000 + i));
            }
            dns.zone(origin, recs, List.of(server));
        }
        dns.recursive(res, List.of(Cidr.parse("10.0.0.0/8")));
        resolver = dns.install().resolvers().get("resolver");

        long perClient = lookups / clients;
        long extra = lookups % clients;
        for (int i = 0; i < clients; i++) {
            long n = perClient + (i < extra ? 1 : 0);
            if (n > 0) {
                new Client(hosts.get(i), n).start();
            }
        }
    }

    int drawRank(SplittableRandom r) {
        double u = r.nextDouble();
        int lo = 0;
        int hi = names - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipfCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** One client: a lookup, then an exponential pause, until its share is done. */
    private final class Client extends Event {
        final SplittableRandom random;
        final DnsClient client;
        long remaining;

        Client(Node h, long n) {
            this.random = h.random("bench-lookups");
            this.client = new DnsClient(h, "bench");
            this.remaining = n;
        }

        void start() {
            world.sim().scheduleAt(Durations.S + (long) (random.nextDouble() * Durations.S), this);
        }

        @Override
        protected void fire() {
            Message q = DnsClient.newQuery(name(drawRank(random)), Type.A, true, false);
            client.query(q, resolverAddress, null, 5 * Durations.S, false, (m, rtt, size) -> {
                if (m != null && m.getRcode() == Rcode.NOERROR && !m.getSection(1).isEmpty()) {
                    answered++;
                } else {
                    failed++;
                }
            });
            if (--remaining > 0) {
                world.sim().schedule((long) (-Math.log(1 - random.nextDouble()) * Durations.S), this);
            }
        }
    }
}
