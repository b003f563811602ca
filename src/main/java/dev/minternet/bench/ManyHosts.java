package dev.minternet.bench;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.Partitioning;
import dev.minternet.node.World;
import dev.minternet.ip.Route;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Event;
import dev.minternet.sim.SplitMix;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;

/**
 * The many-hosts UDP echo workload that the reference C++ simulator also runs: H hosts on
 * R = ceil(sqrt(H)) edge routers under one core router; host i on edge router i / ceil(H/R) over
 * 1 Gbit/s, 1 ms; edge to core over 10 Gbit/s, 5 ms; every link its own /30; global routing;
 * 100-packet DropTail queues. Every host runs a UDP echo server on port 9 (RFC 862) and sends K
 * 64-byte requests, 1 s apart, the first at 1 s + U[0,1) s, each to a uniformly random other host.
 *
 * <p>With {@code lans}, each edge router's hosts sit behind an Ethernet switch instead of on
 * point-to-point links (issue 13's variant): one subnet per edge router (10.128.0.0/9 carved in
 * blocks just large enough), the router on its first address, every frame through the learning
 * bridge, and ARP before the first datagram to each neighbour, as on a real LAN.
 */
public final class ManyHosts {
    /** What a run measured. */
    public record Result(int hosts, int routers, double setupSeconds, double runSeconds, long requestsSent,
                         long repliesReceived, long events, double simulatedSeconds) {
    }

    public static final int ECHO_PORT = 9;
    /** The edge regions' weight over the core's (see {@link #build}). */
    static final double CORE_SHARE = 7;
    public static final int PAYLOAD = 64;

    private final World world;
    private final int hosts;
    private final int routers;
    private final int requests;
    private final boolean lans;
    private final Node[] hostNodes;
    private final int[] hostAddress;
    /** One per host when it sends; each counts its own requests and replies (threads never share a counter). */
    private final Client[] clients;
    private Partitioning regions;

    private ManyHosts(int hosts, int requests, long seed, boolean lans) {
        this.hosts = hosts;
        this.requests = requests;
        this.lans = lans;
        this.routers = (int) Math.ceil(Math.sqrt(hosts));
        this.world = new World(seed, Instant.parse("2026-01-01T00:00:00Z"));
        this.hostNodes = new Node[hosts];
        this.hostAddress = new int[hosts];
        this.clients = new Client[hosts];
    }

    public World world() {
        return world;
    }

    /** Builds the topology, runs it to completion and reports. */
    public static Result run(int hosts, int requests, long seed) {
        return run(hosts, requests, seed, false);
    }

    /** The same, with each edge router's hosts behind an Ethernet switch when {@code lans}. */
    public static Result run(int hosts, int requests, long seed, boolean lans) {
        return run(hosts, requests, seed, lans, 1);
    }

    /** The same on {@code threads} threads (docs/partitioning.md): the same bytes, sooner. */
    public static Result run(int hosts, int requests, long seed, boolean lans, int threads) {
        long t0 = System.nanoTime();
        ManyHosts m = new ManyHosts(hosts, requests, seed, lans);
        m.build();
        long t1 = System.nanoTime();
        m.execute(threads);
        long t2 = System.nanoTime();
        return new Result(hosts, m.routers + 1, (t1 - t0) / 1e9, (t2 - t1) / 1e9, m.sent(), m.replies(),
                m.world.sim().eventsExecuted(), m.world.sim().now() / 1e9);
    }

    /**
     * Runs the built world to the end on {@code threads} threads. The world is always split into
     * regions (the core router; each edge router with its hosts), on one thread as on several, so
     * that every thread count gives the same bytes.
     */
    public void execute(int threads) {
        if (threads > 1) {
            regions.run(threads, Long.MAX_VALUE);
        } else {
            world.sim().run();
        }
    }

    /** The lookahead of a run on {@code threads} threads: the edge-to-core delay. */
    public long lookahead(int threads) {
        return regions.lookahead(threads);
    }

    /**
     * Heap bytes the world holds per host once built (routers, links and sockets included),
     * measured as the live heap after the build minus the live heap before, over the hosts.
     */
    public static double heapPerHost(int hosts, long seed, boolean lans) {
        long before = ResourceUsage.liveHeapBytes();
        ManyHosts m = build(hosts, 1, seed, lans);
        long after = ResourceUsage.liveHeapBytes();
        double perHost = (double) (after - before) / hosts;
        if (m.world.sim().eventsExecuted() != 0) {
            throw new IllegalStateException("the world ran while being measured");
        }
        return perHost;
    }

    /**
     * Heap bytes one of this workload's echo requests holds while it crosses a link: {@code n}
     * requests are sent 1 us apart onto a 1 Gbit/s link with a 10 s delay, so that all of them are
     * in flight at once, and the live heap then, minus the live heap before they were sent, is
     * divided by {@code n}.
     */
    public static double heapPerPacketInFlight(int n, long seed) {
        World w = new World(seed, Instant.parse("2026-01-01T00:00:00Z"));
        Node a = w.addHost("a");
        Node b = w.addHost("b");
        w.connect("a--b", a, "eth0", new Cidr((10 << 24) | 1, 30), b, "eth0", new Cidr((10 << 24) | 2, 30),
                LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelay(10 * Durations.S).withQueuePackets(100));
        GlobalRouting.install(w);
        UdpSocket s = a.udp().open(0);
        b.udp().open(ECHO_PORT);
        byte[] payload = new byte[PAYLOAD];
        int dst = (10 << 24) | 2;
        Event send = new Event() {
            int left = n;

            @Override
            protected void fire() {
                s.send(dst, ECHO_PORT, payload);
                if (--left > 0) {
                    w.sim().schedule(Durations.US, this);
                }
            }
        };
        w.sim().scheduleAt(0, send);
        long before = ResourceUsage.liveHeapBytes();
        w.sim().runUntil((long) n * Durations.US + Durations.MS);
        long after = ResourceUsage.liveHeapBytes();
        long delivered = b.ip().counters().inDelivers;
        if (delivered != 0) {
            throw new IllegalStateException(delivered + " requests arrived while being measured");
        }
        return (double) (after - before) / n;
    }

    /** Builds without running (for tests that want to look inside). */
    public static ManyHosts build(int hosts, int requests, long seed) {
        return build(hosts, requests, seed, false);
    }

    /** Builds without running, with hosts behind switches when {@code lans}. */
    public static ManyHosts build(int hosts, int requests, long seed, boolean lans) {
        ManyHosts m = new ManyHosts(hosts, requests, seed, lans);
        m.build();
        return m;
    }

    public long sent() {
        long n = 0;
        for (Client c : clients) {
            n += c == null ? 0 : c.sent;
        }
        return n;
    }

    public long replies() {
        long n = 0;
        for (Client c : clients) {
            n += c == null ? 0 : c.replies;
        }
        return n;
    }

    /** The host nodes, in order (for tests that capture some of them). */
    public Node host(int i) {
        return hostNodes[i];
    }

    private void build() {
        LinkParams access = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelay(Durations.MS).withQueuePackets(100);
        LinkParams uplink = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(5 * Durations.MS).withQueuePackets(100);
        int base = 10 << 24; // 10.0.0.0/8, one /30 per link
        int nextNet = base;
        // Region 0 is the core router, region r + 1 edge router r with its hosts (and switch). The
        // core forwards every packet twice where an edge region handles each of its packets about
        // six times (host, edge, back), but its objects stay in the caches while each host's are
        // fetched from memory. Weighed a third of the edge regions, two threads' lanes did 1.6 and
        // 1.7 times each other's work (CPU samples per lane, 100,000 and 300,000 hosts); weighed a
        // seventh, they are within 7% (docs/partitioning.md, "Measured").
        world.expect(hosts + routers + 1, hosts + routers, 2 * (hosts + routers)); // one link and two addresses a host and an edge router
        regions = Partitioning.split(world, routers + 1);
        regions.weigh(0, routers / CORE_SHARE);
        Node core = world.addRouter("core");
        Node[] edges = new Node[routers];
        for (int r = 0; r < routers; r++) {
            edges[r] = world.addRouter("e" + r);
            regions.place(edges[r], r + 1);
            world.connect("e" + r + "--core", edges[r], "eth0", new Cidr(nextNet + 1, 30), core, "eth" + r,
                    new Cidr(nextNet + 2, 30), uplink);
            nextNet += 4;
        }
        int perRouter = (int) Math.ceil((double) hosts / routers);
        if (lans) {
            buildLans(edges, perRouter, access);
        } else {
            for (int i = 0; i < hosts; i++) {
                Node h = world.addHost("h" + i);
                regions.place(h, i / perRouter + 1);
                Node e = edges[i / perRouter];
                world.connect("h" + i + "--" + e.name(), h, "eth0", new Cidr(nextNet + 2, 30), e,
                        "eth" + e.ip().interfaces().size(), new Cidr(nextNet + 1, 30), access);
                hostNodes[i] = h;
                hostAddress[i] = nextNet + 2;
                nextNet += 4;
            }
        }
        regions.seal();
        regions.checkRegions();
        GlobalRouting.install(world);
        startClients();
    }

    /** One switch per edge router, the router and its hosts on it, one subnet each. */
    private void buildLans(Node[] edges, int perRouter, LinkParams access) {
        int length = 32 - (32 - Integer.numberOfLeadingZeros(perRouter + 2 - 1));
        int block = 1 << (32 - length);
        int net = (10 << 24) | (128 << 16); // 10.128.0.0/9
        Switch[] sw = new Switch[routers];
        for (int r = 0; r < routers; r++) {
            sw[r] = world.addSwitch("sw" + r, false);
            regions.place(sw[r], r + 1);
            // what attaching schedules (the interface's gratuitous ARP) runs in the region of the
            // router and its hosts, as every later event of theirs
            world.sim().enterRegion(r + 1);
            world.attachToSwitch(edges[r], "eth" + edges[r].ip().interfaces().size(), new Cidr(net + r * block + 1, length),
                    0, sw[r], 1, access);
        }
        for (int i = 0; i < hosts; i++) {
            int r = i / perRouter;
            int address = net + r * block + 2 + i % perRouter;
            Node h = world.addHost("h" + i);
            regions.place(h, r + 1);
            world.sim().enterRegion(r + 1);
            world.attachToSwitch(h, "eth0", new Cidr(address, length), 0, sw[r], 1, access);
            h.ip().table().add(new Route(0, 0, h.ip().iface("eth0"), net + r * block + 1, 0, "static"));
            hostNodes[i] = h;
            hostAddress[i] = address;
        }
        world.sim().enterRegion(0);
    }

    private void startClients() {
        for (int i = 0; i < hosts; i++) {
            Node h = hostNodes[i];
            world.sim().enterRegion(h.region());
            UdpSocket echo = h.udp().open(ECHO_PORT);
            echo.onRead((src, sport, buf, off, len) -> echo.send(src, sport, buf, off, len));
            if (requests > 0) {
                clients[i] = new Client(i, h);
                clients[i].start();
            }
        }
        world.sim().enterRegion(0);
    }

    /** Every request's payload: 64 zero bytes, copied into each datagram, so one array serves every client. */
    private static final byte[] REQUEST = new byte[PAYLOAD];

    /** One host's request loop: a reusable event, no closure per request; it also counts the replies its socket gets. */
    private final class Client extends Event implements UdpSocket.PayloadReader {
        final int self;
        /** Its stream ("echo-client"): a {@link SplitMix} state, not an object (two million of them at a million hosts). */
        long seed;
        final UdpSocket socket;
        int remaining = requests;
        int sent;
        int replies;

        Client(int self, Node h) {
            this.self = self;
            this.seed = h.randomSeed("echo-client");
            this.socket = h.udp().open(0);
            this.socket.onRead(this);
        }

        @Override
        public void read(int src, int srcPort, byte[] buf, int off, int len) {
            replies++;
        }

        void start() {
            seed += SplitMix.GAMMA;
            long first = Durations.S + (long) (SplitMix.unit(seed) * Durations.S);
            world.sim().scheduleAt(first, this);
        }

        @Override
        protected void fire() {
            seed = SplitMix.afterBounded(seed, hosts - 1);
            int peer = SplitMix.bounded(seed, hosts - 1);
            if (peer >= self) {
                peer++;
            }
            socket.send(hostAddress[peer], ECHO_PORT, REQUEST);
            sent++;
            if (--remaining > 0) {
                world.sim().schedule(Durations.S, this);
            }
        }
    }
}
