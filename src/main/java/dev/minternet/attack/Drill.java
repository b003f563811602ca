package dev.minternet.attack;

import dev.minternet.dns.Dns;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Exchange;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.ip.Hook;
import dev.minternet.ip.PacketFilter;
import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpMessage;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.wire.BigEndian;
import java.util.function.Consumer;
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
    public sealed interface Attack permits SynFlood, Reflection, HttpFlood {
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

    /** An http:// URL whose host is a node: {@code GET path} to {@code host:port} with {@code Host: host[:port]}. */
    public record Url(String host, int port, String path) {
        /** The Host header curl sends: the name, with ":port" unless it is 80. */
        public String hostHeader() {
            return port == 80 ? host : host + ":" + port;
        }

        @Override
        public String toString() {
            return "http://" + hostHeader() + path;
        }
    }

    /**
     * An HTTP request flood: each request a new TCP connection from a bot (its own address, since
     * the handshake must complete), one {@code GET} as curl sends it, the response read, then
     * the connection closed; given up after {@code timeoutNs}. Requests are counted by where they
     * ended: refused with 429, answered from a cache ({@code X-Cache: HIT}), answered by the
     * origin, another error status, or no answer at all.
     */
    public record HttpFlood(String name, List<String> bots, int rate, long startNs, long durationNs, Url url,
                            long timeoutNs) implements Attack {
    }

    /**
     * The legitimate client: every {@code everyNs} a TCP connection from {@code from} to {@code
     * target:port}; with a {@code path}, a {@code GET} on it that must answer 2xx or 3xx (then the
     * latency is to the end of the response), else the handshake alone.
     */
    public record Probe(String from, String target, int port, String path, long everyNs, long timeoutNs) {
        public Probe(String from, String target, int port, long everyNs, long timeoutNs) {
            this(from, target, port, null, everyNs, timeoutNs);
        }
    }

    /**
     * Remote-triggered blackholing (RFC 7999): at {@code atNs} the BGP router {@code router} (the
     * victim's AS) starts originating {@code prefix} (the victim's /32) with the BLACKHOLE
     * community; routers that accept it drop every packet to it.
     */
    public record Blackhole(String router, int network, int length, long atNs) {
    }

    /** One second's account. */
    public record Row(long second, long legitOk, long legitFailed, double p50Ms, double p99Ms, long attackSent, long attackBytes,
                      long synDropped, long cookies, long dnsRefused, long rrlLimited, long http429, long cacheHits, long originOk,
                      long httpErrors, long noAnswer, long blackholed, long victimRxBytes, long linkDrops) {
    }

    /** EDNS payload size attack tools announce so that answers are not truncated. */
    public static final int ATTACK_EDNS = 4096;

    private final World world;
    private final List<Attack> attacks;
    private final Probe probe;
    /** The node whose ingress links and listeners are watched. */
    private final String victim;
    private final long endNs;
    private final Blackhole blackhole;
    private final List<Second> seconds = new ArrayList<>();
    private long lastBlackholed;
    /** When the blackhole was announced, and the last packet from a bot (or a spoofed range) the victim received; -1: none. */
    private long announcedNs = -1;
    private long lastAttackAtVictimNs = -1;
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
        long http429;
        long cacheHits;
        long originOk;
        long httpErrors;
        long noAnswer;
        long blackholed;
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
        this(world, attacks, probe, victim, null, endNs);
    }

    public Drill(World world, List<Attack> attacks, Probe probe, String victim, Blackhole blackhole, long endNs) {
        this.world = world;
        this.attacks = List.copyOf(attacks);
        this.probe = probe;
        this.victim = victim;
        this.blackhole = blackhole;
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
        if (blackhole != null) {
            world.sim().scheduleAt(blackhole.atNs(), this::announceBlackhole);
        }
        if (victim != null) {
            watchVictim();
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
                trace.emit(bots.get(0).name(), AttackEvents.START, a.name(), type(a), bots.size(), a.rate());
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
                Second sec = second(world.sim().now() / Durations.S);
                if (a instanceof SynFlood f) {
                    bytes = synFlood(bot, f, r);
                } else if (a instanceof Reflection x) {
                    bytes = reflect(bot, x, r);
                } else if (a instanceof HttpFlood h) {
                    bytes = httpGet(bot, h, sec);
                }
                sent[0]++;
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

    /** The type's name in the scenario and the trace. */
    static String type(Attack a) {
        if (a instanceof SynFlood) {
            return "syn-flood";
        }
        return a instanceof Reflection ? "dns-reflection" : "http-flood";
    }

    /** How one request of an HTTP flood ended. */
    enum Outcome { LIMITED, CACHED, ORIGIN, ERROR, NO_ANSWER }

    static Outcome outcome(Exchange ex) {
        if (!ex.ok()) {
            return Outcome.NO_ANSWER;
        }
        int status = ex.response().status();
        if (status == 429) {
            return Outcome.LIMITED;
        }
        if (status >= 400) {
            return Outcome.ERROR;
        }
        String cache = ex.response().headers().get("X-Cache");
        return cache != null && cache.toUpperCase(Locale.ROOT).startsWith("HIT") ? Outcome.CACHED : Outcome.ORIGIN;
    }

    /**
     * One GET of an HTTP flood from {@code bot} on a new connection; its outcome is counted in
     * {@code sec} (the second it started). Returns the request's size in bytes (HTTP only).
     */
    private int httpGet(Node bot, HttpFlood h, Second sec) {
        fetch(bot, h.url(), h.timeoutNs(), ex -> {
            switch (outcome(ex)) {
                case LIMITED -> sec.http429++;
                case CACHED -> sec.cacheHits++;
                case ORIGIN -> sec.originOk++;
                case ERROR -> sec.httpErrors++;
                case NO_ANSWER -> sec.noAnswer++;
            }
        });
        return requestBytes(h.url());
    }

    /** The size of curl's GET for {@code u} (request line and its three default headers). */
    static int requestBytes(Url u) {
        return ("GET " + u.path() + " HTTP/1.1\r\nHost: " + u.hostHeader() + "\r\nUser-Agent: "
                + HttpClient.Options.CURL_USER_AGENT + "\r\nAccept: */*\r\n\r\n").length();
    }

    /**
     * GETs {@code u} from {@code from} on a new connection (HTTP/1.1, curl's headers, no trace),
     * closes it, and hands the exchange to {@code done}, or a failed one after {@code timeoutNs}.
     */
    private void fetch(Node from, Url u, long timeoutNs, Consumer<Exchange> done) {
        long t0 = world.sim().now();
        boolean[] over = {false};
        Consumer<String> fail = why -> {
            if (!over[0]) {
                over[0] = true;
                done.accept(new Exchange(Request.get(u.path()), null, null, HttpProtocol.HTTP_1_1, t0, -1, world.sim().now(), 0, why));
            }
        };
        Dial d = Dial.http(world.resolve(u.host()), u.port(), HttpClient.Options.curl(u.hostHeader())).untraced()
                .withTimeout(timeoutNs);
        try {
            Endpoints.connect(from, d, new Steps() {
                @Override
                public void ready(HttpClient c) {
                    long left = Math.max(1, t0 + timeoutNs - world.sim().now());
                    c.send(Request.get(u.path()), left, ex -> {
                        c.close();
                        if (!over[0]) {
                            over[0] = true;
                            done.accept(ex);
                        }
                    });
                }

                @Override
                public void failed(Steps.Failure f) {
                    fail.accept(f.error());
                }
            });
        } catch (IllegalStateException e) {
            fail.accept(e.getMessage());
        }
    }

    /** Announces the blackhole route and notes when. */
    private void announceBlackhole() {
        Node r = world.node(blackhole.router());
        BgpSpeaker sp = r.service(BgpSpeaker.class);
        BgpMessage.Prefix p = new BgpMessage.Prefix(blackhole.network(), blackhole.length());
        announcedNs = world.sim().now();
        if (world.trace().enabled()) {
            world.trace().emit(r.name(), AttackEvents.BLACKHOLE, p.toString(), "65535:666");
        }
        sp.originate(new BgpConfig.Network(p, 0, List.of(BgpMessage.BLACKHOLE)));
    }

    /**
     * Notes the last instant a datagram from an attack reached the victim: from a bot's address,
     * or (spoofed floods) from the flood's spoof range. A filter that accepts everything.
     */
    private void watchVictim() {
        List<Integer> from = new ArrayList<>();
        List<Cidr> spoofed = new ArrayList<>();
        for (Attack a : attacks) {
            for (String b : a.bots()) {
                from.add(world.resolve(b));
            }
            if (a instanceof SynFlood f) {
                spoofed.add(f.spoof());
            }
        }
        Node v = world.node(victim);
        v.ip().addFilter(Hook.PREROUTING, (hook, d, in, out) -> {
            int src = BigEndian.u32(d, 12);
            boolean attack = from.contains(src);
            for (Cidr c : spoofed) {
                attack |= c.contains(src);
            }
            if (attack) {
                lastAttackAtVictimNs = world.sim().now();
            }
            return PacketFilter.ACCEPT;
        });
    }

    /** When the blackhole was announced (ns), or -1. */
    public long blackholeAnnouncedNs() {
        return announcedNs;
    }

    /** The last instant an attack datagram reached the victim (ns), or -1. */
    public long lastAttackAtVictimNs() {
        return lastAttackAtVictimNs;
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
        if (probe.path() != null) {
            fetch(from, new Url(probe.target(), probe.port(), probe.path()), probe.timeoutNs(), ex -> {
                if (ex.ok() && ex.response().status() < 400) {
                    s.ok++;
                    s.latencies.add(ex.doneNs() - startedAt);
                } else {
                    s.failed++;
                }
            });
            return;
        }
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
        long blackholed = 0;
        if (blackhole != null) {
            for (Node n : world.nodes()) {
                BgpSpeaker sp = n.service(BgpSpeaker.class);
                if (sp != null) {
                    blackholed += sp.blackholeDrops();
                }
            }
        }
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
        s.blackholed = blackholed - lastBlackholed;
        lastBlackholed = blackholed;
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
            double p50 = percentile(l, 50);
            double p99 = percentile(l, 99);
            out.add(new Row(i, s.ok, s.failed, p50, p99, s.sent, s.bytes, s.synDropped, s.cookies, s.refused, s.rrl, s.http429,
                    s.cacheHits, s.originOk, s.httpErrors, s.noAnswer, s.blackholed, s.rx, s.linkDrops));
        }
        return out;
    }

    /** The nearest-rank percentile of sorted latencies, in ms; -1 when there are none. */
    static double percentile(List<Long> sorted, int pct) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(pct / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    /** Emits each row as an {@link AttackEvents#TICK} event (at the end of the run). */
    public void traceRows() {
        Trace trace = world.trace();
        if (!trace.enabled()) {
            return;
        }
        for (Row r : rows()) {
            trace.emit("*", AttackEvents.TICK, r.second(), r.legitOk(), r.legitFailed(), r.p50Ms(), r.p99Ms(), r.attackSent(),
                    r.attackBytes(), r.synDropped(), r.cookies(), r.dnsRefused(), r.rrlLimited(), r.http429(), r.cacheHits(),
                    r.originOk(), r.httpErrors(), r.noAnswer(), r.blackholed(), r.victimRxBytes(), r.linkDrops());
        }
    }

    public static final String CSV_HEADER = "second,legit_ok,legit_failed,p50_ms,p99_ms,attack_sent,attack_bytes,syn_dropped,cookies,"
            + "dns_refused,rrl_limited,http_429,cache_hits,origin_ok,http_errors,no_answer,blackholed,victim_rx_bytes,link_drops";

    /** The rows as CSV, one line per second, with {@link #CSV_HEADER}. */
    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows()) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%d,%.3f,%.3f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", r.second(),
                    r.legitOk(), r.legitFailed(), r.p50Ms(), r.p99Ms(), r.attackSent(), r.attackBytes(), r.synDropped(), r.cookies(),
                    r.dnsRefused(), r.rrlLimited(), r.http429(), r.cacheHits(), r.originOk(), r.httpErrors(), r.noAnswer(),
                    r.blackholed(), r.victimRxBytes(), r.linkDrops()));
        }
        return sb.toString();
    }

    /** The rows as an aligned table for the terminal. */
    public List<String> table() {
        List<String> out = new ArrayList<>();
        boolean http = attacks.stream().anyMatch(a -> a instanceof HttpFlood) || probe != null && probe.path() != null;
        boolean packets = attacks.stream().anyMatch(a -> !(a instanceof HttpFlood));
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%4s %8s %6s %9s %9s %8s %10s", "sec", "legit_ok", "failed",
                "p50_ms", "p99_ms", "attack", "attack_B"));
        if (packets) {
            h.append(String.format(Locale.ROOT, " %8s %8s %8s %8s", "syn_drop", "cookies", "refused", "rrl"));
        }
        if (http) {
            h.append(String.format(Locale.ROOT, " %6s %6s %6s %6s %6s", "429", "cached", "origin", "errors", "no_ans"));
        }
        if (blackhole != null) {
            h.append(String.format(Locale.ROOT, " %10s", "blackholed"));
        }
        h.append(String.format(Locale.ROOT, " %12s %6s", "victim_rx_B", "qdrop"));
        out.add(h.toString());
        for (Row r : rows()) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%4d %8d %6d %9s %9s %8d %10d", r.second(), r.legitOk(),
                    r.legitFailed(), ms(r.p50Ms()), ms(r.p99Ms()), r.attackSent(), r.attackBytes()));
            if (packets) {
                b.append(String.format(Locale.ROOT, " %8d %8d %8d %8d", r.synDropped(), r.cookies(), r.dnsRefused(), r.rrlLimited()));
            }
            if (http) {
                b.append(String.format(Locale.ROOT, " %6d %6d %6d %6d %6d", r.http429(), r.cacheHits(), r.originOk(), r.httpErrors(),
                        r.noAnswer()));
            }
            if (blackhole != null) {
                b.append(String.format(Locale.ROOT, " %10d", r.blackholed()));
            }
            b.append(String.format(Locale.ROOT, " %12d %6d", r.victimRxBytes(), r.linkDrops()));
            out.add(b.toString());
        }
        if (blackhole != null && announcedNs >= 0) {
            out.add(String.format(Locale.ROOT, "blackhole %s/%d announced by %s at %.3f s; last attack packet at %s: %s",
                    Ip4.str(blackhole.network()), blackhole.length(), blackhole.router(), announcedNs / 1e9, victim,
                    lastAttackAtVictimNs < 0 ? "none" : String.format(Locale.ROOT, "%.3f s (%+.1f ms)", lastAttackAtVictimNs / 1e9,
                            (lastAttackAtVictimNs - announcedNs) / 1e6)));
        }
        return out;
    }

    private static String ms(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** A spoofed-source address range as a flood tool's {@code --rand-source} would pick from. */
    public static Cidr defaultSpoof() {
        return Cidr.parse("198.18.0.0/15");
    }

    static String str(int a) {
        return Ip4.str(a);
    }
}
