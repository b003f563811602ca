package dev.minternet.attack;

import dev.minternet.dns.Dns;
import dev.minternet.dns.RecursiveResolver;
import dev.minternet.ip.IpStack;
import dev.minternet.link.Link;
import dev.minternet.link.LinkCounters;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.trace.Trace;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpError;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.transport.tcp.TcpStack;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import dev.minternet.wire.UdpRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A DDoS drill: attacks from botnets, a legitimate client probing the target, and one row per
 * second of simulated time of what happened ({@link AttackEvents#TICK}), printed as a table and
 * CSV at the end. Deterministic: spoofed addresses, ports, sequence numbers and query IDs come
 * from the stream {@code attack:<name>}, and every packet is scheduled at an exact time.
 */
public final class Drill {
    /** What every attack has: its name, bots, rate (packets per second, all bots) and time span. */
    public sealed interface Attack permits SynFlood, Reflection {
        String name();

        List<String> bots();

        int rate();

        long startNs();

        long durationNs();
    }

    /**
     * SYNs to {@code target:port} with source addresses drawn from {@code spoof} (hping3
     * {@code -S --rand-source}), each offering Linux's SYN options.
     */
    public record SynFlood(String name, List<String> bots, int rate, long startNs, long durationNs, String target,
                           int port, Cidr spoof) implements Attack {
    }

    /**
     * DNS reflection: queries with the victim's address as source, sent to open resolvers for a
     * large answer ({@code qtype} such as TXT or ANY, with EDNS 4096 as attack tools ask), so the
     * answers go to the victim, amplified.
     */
    public record Reflection(String name, List<String> bots, int rate, long startNs, long durationNs, String victim,
                             List<String> resolvers, String qname, int qtype) implements Attack {
    }

    /** The legitimate client: a TCP connection from {@code from} to {@code target:port} every {@code everyNs}. */
    public record Probe(String from, String target, int port, long everyNs, long timeoutNs) {
    }

    /** One second's account. */
    public record Row(long second, long legitOk, long legitFailed, double p50Ms, long attackSent, long attackBytes, long synDropped,
                      long cookies, long dnsRefused, long rrlLimited, long victimRxBytes, long linkDrops) {
    }

    /** EDNS payload size attack tools announce so that answers are not truncated. */
    public static final int ATTACK_EDNS = 4096;

    private final World world;
    private final List<Attack> attacks;
    private final Probe probe;
    /** The node whose ingress links and listeners are watched. */
    private final String victim;
    private final long endNs;
    private final List<Second> seconds = new ArrayList<>();
    private long lastSynDropped;
    private long lastCookies;
    private long lastRefused;
    private long lastRrl;
    private long lastRx;
    private long lastLinkDrops;

    private static final class Second {
        long ok;
        long failed;
        final List<Long> latencies = new ArrayList<>();
        long sent;
        long bytes;
        long synDropped;
        long cookies;
        long refused;
        long rrl;
        long rx;
        long linkDrops;
    }

    public Drill(World world, List<Attack> attacks, Probe probe, String victim, long endNs) {
        this.world = world;
        this.attacks = List.copyOf(attacks);
        this.probe = probe;
        this.victim = victim;
        this.endNs = endNs;
    }

    /** Schedules the attacks, the probe and the per-second accounting. */
    public void start() {
        for (Attack a : attacks) {
            schedule(a);
        }
        if (probe != null) {
            for (long t = 0; t < endNs; t += probe.everyNs()) {
                long at = t;
                world.sim().scheduleAt(at, () -> probeOnce(at));
            }
        }
        for (long s = 1; s * Durations.S <= endNs; s++) {
            long sec = s - 1;
            world.sim().scheduleAt(s * Durations.S, () -> account(sec));
        }
    }

    private Second second(long s) {
        while (seconds.size() <= s) {
            seconds.add(new Second());
        }
        return seconds.get((int) s);
    }

    private void schedule(Attack a) {
        List<Node> bots = new ArrayList<>();
        for (String b : a.bots()) {
            bots.add(world.node(b));
        }
        SplittableRandom r = world.sim().randoms().stream("attack:" + a.name());
        long end = Math.min(endNs, a.startNs() + a.durationNs());
        // Exactly rate x duration packets, the k-th at start + k/rate s (no drift from rounding).
        long count = (end - a.startNs()) * a.rate() / Durations.S;
        long[] sent = {0};
        Trace trace = world.trace();
        world.sim().scheduleAt(a.startNs(), () -> {
            if (trace.enabled()) {
                trace.emit(bots.get(0).name(), AttackEvents.START, a.name(), a instanceof SynFlood ? "syn-flood" : "dns-reflection",
                        bots.size(), a.rate());
            }
        });
        for (long k = 0; k < count; k++) {
            long t = a.startNs() + k * Durations.S / a.rate();
            Node bot = bots.get((int) (k % bots.size()));
            world.sim().scheduleAt(t, () -> {
                if (bot.isCrashed()) {
                    return;
                }
                int bytes = 0;
                if (a instanceof SynFlood f) {
                    bytes = synFlood(bot, f, r);
                } else if (a instanceof Reflection x) {
                    bytes = reflect(bot, x, r);
                }
                sent[0]++;
                Second sec = second(world.sim().now() / Durations.S);
                sec.sent++;
                sec.bytes += bytes;
            });
        }
        world.sim().scheduleAt(end, () -> {
            if (trace.enabled()) {
                trace.emit(bots.get(0).name(), AttackEvents.STOP, a.name(), sent[0]);
            }
        });
    }

    /** Linux's SYN options, as a flood tool copying a real client would send them. */
    static final TcpOptions SYN_OPTIONS = new TcpOptions(1460, 7, true, null, true, 0, 0);

    /** Sends one spoofed SYN; returns the datagram's length. */
    private int synFlood(Node bot, SynFlood f, SplittableRandom r) {
        int size = 1 << (32 - f.spoof().length());
        int src = f.spoof().network() + (size <= 2 ? 0 : 1 + r.nextInt(size - 2));
        int dst = world.resolve(f.target());
        int sport = TcpStack.EPHEMERAL_LOW + r.nextInt(TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1);
        TcpOptions o = new TcpOptions(1460, 7, true, null, true, r.nextInt(), 0);
        TcpRepr syn = TcpRepr.control(sport, f.port(), r.nextInt(), 0, TcpPacket.SYN, 64240, o);
        byte[] d = IpStack.allocate(syn.length());
        syn.emit(d, IpStack.HEADER_ROOM, src, dst);
        bot.ip().output(d, src, dst, Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
        return d.length;
    }

    /** The query a reflection bot sends: RD set, EDNS {@value #ATTACK_EDNS}, a random ID. */
    public static byte[] reflectionQuery(String qname, int qtype, int id) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(qname, Name.root), qtype, DClass.IN));
            q.getHeader().setID(id);
            q.getHeader().setFlag(Flags.RD);
            q.addRecord(new OPTRecord(ATTACK_EDNS, 0, 0), Section.ADDITIONAL);
            return q.toWire();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad name " + qname, e);
        }
    }

    /** Sends one query spoofed from the victim; returns the datagram's length. */
    private int reflect(Node bot, Reflection x, SplittableRandom r) {
        int src = world.resolve(x.victim());
        int dst = world.resolve(x.resolvers().get(r.nextInt(x.resolvers().size())));
        byte[] query = reflectionQuery(x.qname(), x.qtype(), r.nextInt(0x10000));
        int sport = 1024 + r.nextInt(65535 - 1024);
        UdpRepr u = new UdpRepr(sport, Dns.PORT, query);
        byte[] d = IpStack.allocate(u.length());
        u.emit(d, IpStack.HEADER_ROOM, src, dst);
        bot.ip().output(d, src, dst, Ipv4Packet.PROTO_UDP, IpStack.DEFAULT_TTL, false);
        return d.length;
    }

    private void probeOnce(long startedAt) {
        Node from = world.node(probe.from());
        if (from.isCrashed()) {
            return;
        }
        Second s = second(startedAt / Durations.S);
        boolean[] done = {false};
        TcpConnection c;
        try {
            c = from.tcp().connect(world.resolve(probe.target()), probe.port(), new TcpHandler() {
                @Override
                public void onConnected(TcpConnection conn) {
                    if (!done[0]) {
                        done[0] = true;
                        s.ok++;
                        s.latencies.add(world.sim().now() - startedAt);
                        conn.close();
                    }
                }

                @Override
                public void onClosed(TcpConnection conn, TcpError e) {
                    if (!done[0]) {
                        done[0] = true;
                        s.failed++;
                    }
                }
            });
        } catch (IllegalStateException e) {
            s.failed++;
            return;
        }
        world.sim().scheduleAt(startedAt + probe.timeoutNs(), () -> {
            if (!done[0]) {
                done[0] = true;
                s.failed++;
                c.abort();
            }
        });
    }

    /** Samples the victim's counters at the end of second {@code sec}. */
    private void account(long sec) {
        Second s = second(sec);
        long synDropped = 0;
        long cookies = 0;
        long refused = 0;
        long rrl = 0;
        long rx = 0;
        long linkDrops = 0;
        for (Attack a : attacks) {
            if (a instanceof SynFlood f) {
                TcpStack t = world.node(f.target()).tcp();
                synDropped += t.listenDrops();
                cookies += t.syncookiesSent();
            } else if (a instanceof Reflection x) {
                for (String res : x.resolvers()) {
                    RecursiveResolver rr = world.node(res).service(RecursiveResolver.class);
                    if (rr != null) {
                        refused += rr.refused();
                        rrl += rr.rateLimited();
                    }
                }
            }
        }
        if (victim != null) {
            for (Link l : world.links()) {
                LinkCounters in = null;
                if (l.endB().nodeName().equals(victim)) {
                    in = l.channelFromA().counters();
                } else if (l.endA().nodeName().equals(victim)) {
                    in = l.channelFromB().counters();
                }
                if (in != null) {
                    rx += in.receivedBytes();
                    linkDrops += in.droppedQueue();
                }
            }
        }
        s.synDropped = synDropped - lastSynDropped;
        s.cookies = cookies - lastCookies;
        s.refused = refused - lastRefused;
        s.rrl = rrl - lastRrl;
        s.rx = rx - lastRx;
        s.linkDrops = linkDrops - lastLinkDrops;
        lastSynDropped = synDropped;
        lastCookies = cookies;
        lastRefused = refused;
        lastRrl = rrl;
        lastRx = rx;
        lastLinkDrops = linkDrops;
    }

    /** The rows so far (a probe's outcome lands in the second it started). */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        long full = Math.min(seconds.size(), endNs / Durations.S);
        for (int i = 0; i < full; i++) {
            Second s = seconds.get(i);
            List<Long> l = new ArrayList<>(s.latencies);
            l.sort(null);
            double p50 = l.isEmpty() ? -1 : l.get((l.size() - 1) / 2) / 1e6;
            out.add(new Row(i, s.ok, s.failed, p50, s.sent, s.bytes, s.synDropped, s.cookies, s.refused, s.rrl, s.rx, s.linkDrops));
        }
        return out;
    }

    /** Emits each row as an {@link AttackEvents#TICK} event (at the end of the run). */
    public void traceRows() {
        Trace trace = world.trace();
        if (!trace.enabled()) {
            return;
        }
        for (Row r : rows()) {
            trace.emit("*", AttackEvents.TICK, r.second(), r.legitOk(), r.legitFailed(), r.p50Ms(), r.attackSent(),
                    r.attackBytes(), r.synDropped(), r.cookies(), r.dnsRefused(), r.rrlLimited(), r.victimRxBytes(), r.linkDrops());
        }
    }

    public static final String CSV_HEADER =
            "second,legit_ok,legit_failed,p50_ms,attack_sent,attack_bytes,syn_dropped,cookies,dns_refused,rrl_limited,victim_rx_bytes,link_drops";

    /** The rows as CSV, one line per second, with {@link #CSV_HEADER}. */
    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows()) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%d,%.3f,%d,%d,%d,%d,%d,%d,%d,%d%n", r.second(), r.legitOk(),
                    r.legitFailed(), r.p50Ms(), r.attackSent(), r.attackBytes(), r.synDropped(), r.cookies(), r.dnsRefused(),
                    r.rrlLimited(), r.victimRxBytes(), r.linkDrops()));
        }
        return sb.toString();
    }

    /** The rows as an aligned table for the terminal. */
    public List<String> table() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%4s %8s %6s %9s %8s %10s %8s %8s %8s %8s %12s %6s", "sec", "legit_ok", "failed",
                "p50_ms", "attack", "attack_B", "syn_drop", "cookies", "refused", "rrl", "victim_rx_B", "qdrop"));
        for (Row r : rows()) {
            out.add(String.format(Locale.ROOT, "%4d %8d %6d %9s %8d %10d %8d %8d %8d %8d %12d %6d", r.second(), r.legitOk(),
                    r.legitFailed(), r.p50Ms() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.p50Ms()), r.attackSent(),
                    r.attackBytes(), r.synDropped(), r.cookies(), r.dnsRefused(), r.rrlLimited(), r.victimRxBytes(), r.linkDrops()));
        }
        return out;
    }

    /** A spoofed-source address range as a flood tool's {@code --rand-source} would pick from. */
    public static Cidr defaultSpoof() {
        return Cidr.parse("198.18.0.0/15");
    }

    static String str(int a) {
        return Ip4.str(a);
    }
}
