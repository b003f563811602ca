package dev.minternet.bench;

import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceSink;
import dev.minternet.transport.tcp.CongestionAlgorithm;
import dev.minternet.transport.tcp.TcpConfig;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.wire.Ip4.Cidr;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * The TCP dumbbell the reference C++ simulator also runs: N sender hosts on router A, a
 * 100 Mbit/s, 20 ms bottleneck from A to router B, N receiver hosts on B; access links 1 Gbit/s,
 * 1 ms; 100-packet DropTail queues everywhere; MSS 1448 (MTU 1500 with timestamps); SACK on;
 * send and receive buffers of 128 KiB. All N bulk senders start at t = 0 and send for T
 * simulated seconds; goodput counts bytes the receiving applications read.
 */
public final class Dumbbell {
    /** What a run measured. */
    public record Result(int flows, double simSeconds, String congestionControl, double goodputMbps,
                         long[] perFlowBytes, long bottleneckForwarded, long bottleneckDropped, long events,
                         double setupSeconds, double runSeconds, double runCpuSeconds, long retransmissions,
                         long timeouts) {

        /** Jain's fairness index over per-flow goodput: (sum x)^2 / (n * sum x^2). */
        public double jain() {
            double s = 0;
            double s2 = 0;
            for (long x : perFlowBytes) {
                s += x;
                s2 += (double) x * x;
            }
            return s2 == 0 ? 0 : s * s / (perFlowBytes.length * s2);
        }
    }

    public static final LinkParams ACCESS = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelay(Durations.MS)
            .withQueuePackets(100);
    public static final LinkParams BOTTLENECK = LinkParams.DEFAULT.withBandwidth(100_000_000L)
            .withDelay(20 * Durations.MS).withQueuePackets(100);
    public static final int PORT = 5001;
    public static final int BUFFER = 128 * 1024;

    private final World world;
    private final int flows;
    private final long simNs;
    private final TcpConfig config;
    private final long[] received;
    private final TcpConnection[] senders;
    private Link bottleneck;
    private double senderLoss;

    private Dumbbell(int flows, long simNs, TcpConfig config, long seed) {
        this.flows = flows;
        this.simNs = simNs;
        this.config = config;
        // 2026-01-01T00:00:00Z, without Instant.parse's date-time formatter (its classes: 18 ms of a loaded start)
        this.world = new World(seed, Instant.ofEpochSecond(1_767_225_600L));
        this.received = new long[flows];
        this.senders = new TcpConnection[flows];
    }

    /** The benchmark's socket settings for {@code cc}. */
    public static TcpConfig benchConfig(CongestionAlgorithm cc) {
        return new TcpConfig().congestionControl(cc).sack(true).sendBuffer(BUFFER).receiveBuffer(BUFFER);
    }

    public static Result run(int flows, double simSeconds, CongestionAlgorithm cc, long seed) {
        return run(flows, simSeconds, benchConfig(cc), seed);
    }

    public static Result run(int flows, double simSeconds, TcpConfig config, long seed) {
        return runTraced(flows, simSeconds, config, seed, null);
    }

    /** As {@link #run}, with {@code sink} subscribed to the trace (null: none). */
    public static Result runTraced(int flows, double simSeconds, TcpConfig config, long seed, TraceSink sink) {
        return runTraced(flows, simSeconds, config, seed, 0, sink);
    }

    /**
     * As {@link #run}, each sender's access link dropping {@code senderLoss} of what the sender
     * sends (netem loss on the sender's egress; the ACKs coming back are not dropped).
     */
    public static Result runWithSenderLoss(int flows, double simSeconds, TcpConfig config, long seed, double senderLoss) {
        return runTraced(flows, simSeconds, config, seed, senderLoss, null);
    }

    private static Result runTraced(int flows, double simSeconds, TcpConfig config, long seed, double senderLoss,
                                    TraceSink sink) {
        long t0 = System.nanoTime();
        Dumbbell d = new Dumbbell(flows, Math.round(simSeconds * Durations.S), config, seed);
        d.senderLoss = senderLoss;
        if (sink != null) {
            d.world.trace().subscribe(sink);
        }
        d.build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long c1 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        d.world.sim().runUntil(d.simNs);
        long t2 = System.nanoTime();
        long c2 = threads.getCurrentThreadCpuTime();
        long total = 0;
        for (long r : d.received) {
            total += r;
        }
        long rtx = 0;
        long rto = 0;
        for (TcpConnection c : d.senders) {
            rtx += c.retransmittedSegments();
            rto += c.timeouts();
        }
        Channel ab = d.bottleneck.channelFromA();
        return new Result(flows, simSeconds, config.congestionControl().lower(), total * 8 / simSeconds / 1e6,
                d.received.clone(), ab.counters().sentPackets(), ab.counters().droppedQueue(),
                d.world.sim().eventsExecuted(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9, rtx, rto);
    }

    public World world() {
        return world;
    }

    private static Cidr addr(int net, int i, int host) {
        return new Cidr((10 << 24) | ((net + (i >> 8)) << 16) | ((i & 0xff) << 8) | host, 24);
    }

    private void build() {
        Node a = world.addRouter("A");
        Node b = world.addRouter("B");
        bottleneck = world.connect("bottleneck", a, "eth0", Cidr.parse("10.0.0.1/24"), b, "eth0",
                Cidr.parse("10.0.0.2/24"), BOTTLENECK);
        Node[] src = new Node[flows];
        Node[] dst = new Node[flows];
        for (int i = 0; i < flows; i++) {
            src[i] = world.addHost("s" + i);
            dst[i] = world.addHost("r" + i);
            Link access = world.connect("s" + i + "-A", src[i], "eth0", addr(1, i, 1), a, "s" + i, addr(1, i, 2), ACCESS);
            if (senderLoss > 0) {
                access.channelFromA().setEgressLoss(senderLoss);
            }
            world.connect("B-r" + i, b, "r" + i, addr(101, i, 2), dst[i], "eth0", addr(101, i, 1), ACCESS);
        }
        GlobalRouting.install(world);
        for (int i = 0; i < flows; i++) {
            final int flow = i;
            dst[i].tcp().listen(0, PORT, 16, config.copy(), c -> c.setHandler(new Sink(flow)));
            senders[i] = src[i].tcp().connect(addr(101, i, 1).address(), PORT, config.copy(), new BulkSource());
        }
    }

    /** Reads (discards) everything, counting bytes. */
    private final class Sink implements TcpHandler {
        final int flow;

        Sink(int flow) {
            this.flow = flow;
        }

        @Override
        public void onReadable(TcpConnection c) {
            received[flow] += c.skip(c.available());
        }
    }

    /** Keeps the send buffer full, forever (ns-3 BulkSendApplication with MaxBytes 0). */
    private static final class BulkSource implements TcpHandler {
        @Override
        public void onConnected(TcpConnection c) {
            c.sendZeros(c.sendBufferFree());
        }

        @Override
        public void onWritable(TcpConnection c) {
            c.sendZeros(c.sendBufferFree());
        }
    }
}
