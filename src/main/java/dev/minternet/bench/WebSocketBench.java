package dev.minternet.bench;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.ws.WsClient;
import dev.minternet.http.ws.WsListener;
import dev.minternet.http.ws.WsSession;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.services.chat.ChatServer;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.redis.RedisServer;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4.Cidr;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.URI;
import java.time.Instant;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The WebSocket fan-out of the communication-patterns issue: N subscribers, each on its own
 * access link behind one of sqrt(N) edge routers, open a WebSocket (HTTP/1.1 Upgrade, RFC 6455)
 * to {@code ws://chat.example.com/room/1} through a load balancer (which keeps each one as a
 * tunnel to a chat server) at random instants in the first {@code rampNs}; once all are in
 * the room, the first one sends one text message and it reaches every member.
 *
 * <p>The room lives on a chat cluster: K chat servers behind the balancer (round robin) share it
 * over Redis pub/sub ({@link ChatServer#cluster}), as real deployments scale WebSockets out. One
 * server could not hold 100,000 members behind one balancer anyway: the balancer's connections to
 * one backend address and port all come from its one address, and Linux picks their source ports
 * from 32768-60999, 28,232 of them. Joins are not announced to the room (that would make the
 * set-up N squared messages); each member gets its welcome. Measured: the time the message took to
 * reach the last member (simulated), copies per member, and the wall time, CPU time and memory.
 */
public final class WebSocketBench {
    private WebSocketBench() {
    }

    /** What the first member says to the room. */
    static final String MESSAGE = "hello, room 1";

    /**
     * What a run measured: how many joined and how many got the message; {@code fanOutMs} is the
     * simulated time from the message's send to its last delivery.
     */
    public record Result(int subscribers, int chatServers, int joined, int delivered, int exactlyOnce, double fanOutMs,
            double setupSeconds, double joinWallSeconds, double fanOutWallSeconds, double cpuSeconds, long events,
            double simulatedSeconds, long digest) {
    }

    /** The LB's source ports towards one backend (Linux's ip_local_port_range 32768-60999) with room to spare. */
    static final int MEMBERS_PER_SERVER = 25_000;

    /** Chat servers for {@code subscribers}: at least two (a cluster), more so each has at most 25,000 members. */
    public static int chatServersFor(int subscribers) {
        return Math.max(2, (subscribers + MEMBERS_PER_SERVER - 1) / MEMBERS_PER_SERVER);
    }

    public static Result run(int subscribers, long seed) {
        return run(subscribers, chatServersFor(subscribers), seed);
    }

    public static Result run(int subscribers, int chatServers, long seed) {
        long cpu0 = Cpu.now();
        long t0 = System.nanoTime();
        World w = new World(seed, Instant.parse("2026-11-21T09:00:00Z"));
        Node core = w.addRouter("core");
        LinkParams access = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(5 * Durations.MS);
        // the message leaves the chat server as one segment per member at once: the data-centre and
        // backbone ports buffer a whole fan-out (deep-buffered switches), so the bench measures the
        // fan-out and not drop recovery
        int burst = 2 * subscribers + 1000;
        LinkParams backbone = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(2 * Durations.MS).withQueuePackets(burst);
        LinkParams dc = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(50 * Durations.US).withQueuePackets(burst);
        List<Node> clients = EdgeStar.clients(w, core, "sub", subscribers, access, backbone);
        Node lb = w.addHost("lb");
        w.connect(lb, Cidr.parse("10.200.0.2/24"), core, Cidr.parse("10.200.0.1/24"), dc);
        Node redis = w.addHost("redis");
        w.connect(redis, Cidr.parse("10.202.0.2/24"), core, Cidr.parse("10.202.0.1/24"), dc);
        List<Node> chats = new ArrayList<>();
        for (int i = 0; i < chatServers; i++) {
            Node chat = w.addHost("chat-" + (i + 1));
            w.connect(chat, Cidr.parse("10.201." + i + ".2/24"), core, Cidr.parse("10.201." + i + ".1/24"), dc);
            chats.add(chat);
        }
        GlobalRouting.install(w);
        RedisServer.listen(redis, RedisServer.Config.of(redis.name()));
        int redisAddress = redis.ip().primaryAddress();
        List<LoadBalancer.Target> targets = new ArrayList<>();
        for (Node chat : chats) {
            new ChatServer(chat, 80, List.of(), false, 64 * 1024, 0).announce(false)
                    .cluster(cb -> TcpStreamSocket.connect(chat.tcp(), redisAddress, 6379, TcpStreamSocket.noDelay(chat.tcp()),
                            cb::connected, cb::failed));
            targets.add(new LoadBalancer.Target(chat.name(), chat.ip().primaryAddress(), 80));
        }
        new LoadBalancer(lb, 80, List.of(), LoadBalancer.Algorithm.ROUND_ROBIN, LoadBalancer.Health.DEFAULT, targets)
                .tunnelIdleTimeout(3600 * Durations.S);

        Fanout f = new Fanout(w);
        URI room = URI.create("ws://chat.example.com/room/1");
        Dial dial = Dial.http(lb.ip().primaryAddress(), 80, HttpClient.Options.curl("chat.example.com")).untraced();
        long rampNs = Math.max(Durations.S, subscribers * 20 * Durations.US);
        SplittableRandom rnd = w.sim().randoms().stream("bench:start");
        for (Node c : clients) {
            w.sim().scheduleAt(rnd.nextLong(rampNs), () -> Endpoints.connect(c, dial, Steps.takingStream(s -> {
                WsClient.Options o = new WsClient.Options(room, false, 64 * 1024, new DefaultHttpHeaders(), c.random("websocket"));
                WsSession ws = WsClient.open(c.sim(), s, o, c.trace(), f);
                if (f.first == null) {
                    f.first = ws;
                }
            }, fail -> f.failed++)));
        }
        long t1 = System.nanoTime();
        long limit = 0;
        while (f.joined + f.failed < subscribers && limit < 600 * Durations.S) {
            limit += 100 * Durations.MS;
            w.sim().runUntil(limit);
        }
        long t2 = System.nanoTime();
        // one more round trip's worth so the server has every member in the room before the message
        w.sim().runUntil(limit + 100 * Durations.MS);
        f.sentNs = w.sim().now();
        if (f.first != null) {
            f.first.sendText(MESSAGE);
        }
        while (f.delivered < f.joined && w.sim().now() < f.sentNs + 600 * Durations.S) {
            w.sim().runUntil(w.sim().now() + 100 * Durations.MS);
        }
        // a little longer, so a second copy would arrive and be counted
        w.sim().runUntil(w.sim().now() + 100 * Durations.MS);
        long t3 = System.nanoTime();
        return new Result(subscribers, chatServers, f.joined, f.delivered, f.exactlyOnce(), (f.lastNs - f.sentNs) / 1e6,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (Cpu.now() - cpu0) / 1e9, w.sim().eventsExecuted(),
                f.lastNs / 1e9, f.digest);
    }

    /** The CPU time of the simulation thread (the bench's own thread). */
    private static final class Cpu {
        static long now() {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0;
        }
    }

    /** The subscribers' shared listener: counts joins and deliveries. */
    private static final class Fanout implements WsListener {
        private final World world;
        WsSession first;
        int joined;
        int failed;
        int delivered;
        long sentNs;
        long lastNs;
        /** Copies of the message each member got, by join order. */
        int[] copies = new int[16];
        /** A running hash of who joined and got the message when: equal digests, equal runs. */
        long digest = 17;

        Fanout(World world) {
            this.world = world;
        }

        @Override
        public void onOpen(WsSession s) {
            s.attach(joined);
            joined++;
            digest = digest * 31 + world.sim().now();
            if (joined > copies.length) {
                copies = Arrays.copyOf(copies, copies.length * 2);
            }
        }

        int exactlyOnce() {
            int n = 0;
            for (int i = 0; i < joined; i++) {
                n += copies[i] == 1 ? 1 : 0;
            }
            return n;
        }

        @Override
        public void onText(WsSession s, String text) {
            if (text.endsWith(MESSAGE)) { // not the welcome each member gets when it joins
                int member = (Integer) s.attachment();
                if (copies[member]++ == 0) {
                    delivered++;
                }
                lastNs = world.sim().now();
                digest = digest * 31 + member;
                digest = digest * 31 + lastNs;
            }
        }

        @Override
        public void onFail(WsSession s, String error) {
            failed++;
        }
    }
}
