package dev.minternet.services.redis;

import dev.minternet.node.Node;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.Outbox;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A Redis server on any {@link StreamSocket} (a TCP connection to port 6379, or a test pipe),
 * speaking RESP2 and, after {@code HELLO 3}, RESP3, and answering as Redis 7.0.15 does: the
 * commands of {@link Commands}, publish/subscribe with push messages, INFO, and {@code maxmemory}
 * eviction (see {@link Keyspace}).
 *
 * <p><b>Service time.</b> Redis runs commands one at a time on one thread; here each command
 * occupies that thread for {@link Config#commandTimeNs} (10 µs by default), in arrival order
 * across all connections, and its reply is sent when it ends. A PUBLISH delivers its messages
 * when it runs.
 *
 * <p><b>Modelled.</b> Sixteen databases (SELECT 0 to 15, per connection; FLUSHDB, DBSIZE and KEYS
 * on the selected one, FLUSHALL on all, INFO keyspace a line for each with keys; no MOVE or SWAPDB), no persistence, no replication, no ACLs
 * (HELLO's AUTH accepts the {@code default} user with any password, as a server without
 * {@code requirepass} does), no pattern subscriptions, memory per {@link Keyspace}.
 *
 * <p>Trace events (layer "redis"): {@code connect}, {@code command} (client id, command, key,
 * reply type), {@code evict} (key, policy, used memory), {@code publish} (channel, receivers),
 * {@code protocol-error}, {@code disconnect}.
 */
public final class RedisServer {
    /** The Redis release whose replies and wordings this server follows. */
    public static final String VERSION = "7.0.15";

    /**
     * @param name the node's name (traces, the seeded stream)
     * @param port the port INFO reports
     * @param maxMemory bytes (0: no limit)
     * @param policy maxmemory-policy
     * @param samples maxmemory-samples (Redis's default 5)
     * @param commandTimeNs the time each command takes on the server's one thread
     */
    public record Config(String name, int port, long maxMemory, Keyspace.Policy policy, int samples, long commandTimeNs) {
        public Config {
            if (maxMemory < 0 || samples < 1 || samples > 64 || commandTimeNs < 0) {
                throw new IllegalArgumentException("bad redis config");
            }
        }

        /** Port 6379, no memory limit, noeviction, 5 samples, 10 µs per command. */
        public static Config of(String name) {
            return new Config(name, 6379, 0, Keyspace.Policy.NOEVICTION, 5, 10_000);
        }

        public Config withMaxMemory(long bytes, Keyspace.Policy p) {
            return new Config(name, port, bytes, p, samples, commandTimeNs);
        }

        public Config withPort(int p) {
            return new Config(name, p, maxMemory, policy, samples, commandTimeNs);
        }
    }

    private final Simulator sim;
    private final Trace trace;
    private final Config config;
    private final Instant epoch;
    private final Keyspace keyspace;
    private final DataCommands data;
    private final Map<String, LinkedHashSet<Conn>> channels = new LinkedHashMap<>();
    private final ArrayDeque<Conn> queue = new ArrayDeque<>();
    private final List<Conn> clients = new ArrayList<>();
    private final Event done = new Event() {
        @Override
        protected void fire() {
            finish();
        }
    };
    private final String runId;
    private Conn serving;
    private long nextClientId = 3; // Redis 7.0's first client id after its internal clients
    private long connections;
    private long commands;
    private long peakMemory;

    /** @param epoch the simulated date at t = 0 (INFO's server_time_usec, EXPIREAT clocks) */
    public RedisServer(Simulator sim, Trace trace, Config config, Instant epoch) {
        this.sim = sim;
        this.trace = trace;
        this.config = config;
        this.epoch = epoch;
        this.keyspace = new Keyspace(this::nowMs, sim.randoms().stream("redis:" + config.name() + ":evict"));
        this.keyspace.maxMemory(config.maxMemory(), config.policy(), config.samples());
        this.data = new DataCommands(keyspace);
        SplittableRandom r = sim.randoms().stream("redis:" + config.name() + ":run-id");
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            id.append(Character.forDigit(r.nextInt(16), 16));
        }
        this.runId = id.toString();
        this.peakMemory = keyspace.usedMemory();
    }

    /** A Redis server listening on {@code node}'s TCP port {@link Config#port} (TCP_NODELAY, as Redis sets it). */
    public static RedisServer listen(Node node, Config config) {
        RedisServer s = new RedisServer(node.sim(), node.trace(), config, node.world().epoch());
        TcpStreamSocket.listen(node.tcp(), config.port(),
                TcpStreamSocket.noDelay(node.tcp()), s::accept);
        return s;
    }

    public Config config() {
        return config;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** Commands run so far. */
    public long commands() {
        return commands;
    }

    private long nowMs() {
        return epoch.toEpochMilli() + sim.now() / 1_000_000L;
    }

    private boolean tracing() {
        return trace != null && trace.enabled();
    }

    /** Serves a newly accepted connection. */
    public void accept(StreamSocket socket) {
        Conn c = new Conn(socket, nextClientId++);
        clients.add(c);
        connections++;
        socket.setHandler(c);
        if (tracing()) {
            trace.emit(socket.nodeName(), RedisEvents.CONNECT, c.id,
                    Ip4.str(socket.remoteAddress()) + ":" + socket.remotePort());
        }
    }

    // ---------------------------------------------------------------- the one thread

    private void ready(Conn c) {
        if (!c.queued && !c.pending.isEmpty()) {
            c.queued = true;
            queue.add(c);
        }
        if (serving == null) {
            next();
        }
    }

    private void next() {
        while (serving == null && !queue.isEmpty()) {
            Conn c = queue.poll();
            c.queued = false;
            if (c.closed || c.pending.isEmpty()) {
                continue;
            }
            serving = c;
            sim.schedule(config.commandTimeNs(), done);
        }
    }

    private void finish() {
        Conn c = serving;
        serving = null;
        if (!c.closed && !c.quitting && !c.pending.isEmpty()) {
            List<byte[]> args = c.pending.poll();
            execute(c, args);
            if (!c.pending.isEmpty()) {
                c.queued = true;
                queue.add(c); // round-robin between clients, one command each
            }
        }
        next();
    }

    private void execute(Conn c, List<byte[]> args) {
        if (args.get(0) == PROTOCOL_ERROR) {
            c.send(new Resp.Error("ERR " + Keyspace.key(args.get(1))));
            c.pending.clear();
            c.quitting = true;
            c.outbox.closeAfterFlush();
            return;
        }
        commands++;
        String word = Keyspace.key(args.get(0));
        Commands.Spec spec = Commands.lookup(word);
        List<Resp> out = new ArrayList<>(1);
        if (spec == null) {
            out.add(Commands.unknown(args));
        } else if (!spec.arityOk(args.size())) {
            out.add(Commands.wrongArity(spec));
        } else if (!c.subscriptions.isEmpty() && c.proto == 2 && !spec.pubsubContext()) {
            out.add(new Resp.Error("ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE"
                    + " / PING / QUIT / RESET are allowed in this context"));
        } else if (!keyspace.evict(this::evicted) && spec.denyOom()) {
            out.add(Commands.OOM);
        } else {
            keyspace.select(c.db);
            Resp r = data.run(spec.name(), args);
            if (r != null) {
                out.add(r);
            } else {
                server(c, spec.name(), args, out);
            }
        }
        peakMemory = Math.max(peakMemory, keyspace.usedMemory());
        if (tracing()) {
            Resp first = out.isEmpty() ? null : out.get(0);
            trace.emit(c.socket.nodeName(), RedisEvents.COMMAND, c.id,
                    spec == null ? word : spec.name().toUpperCase(Locale.ROOT),
                    args.size() > 1 ? clip(Keyspace.key(args.get(1))) : "", replyKind(first));
        }
        for (Resp r : out) {
            c.send(r);
        }
        if (c.quitting) {
            c.outbox.closeAfterFlush();
        }
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** What a reply was, for the trace: "nil", "error ERR", "integer", "bulk" (and its length), "array"... */
    static String replyKind(Resp r) {
        if (r == null) {
            return "none";
        }
        if (r instanceof Resp.Error e) {
            int sp = e.text().indexOf(' ');
            return "error " + (sp < 0 ? e.text() : e.text().substring(0, sp));
        }
        if (r instanceof Resp.Null) {
            return "nil";
        }
        if (r instanceof Resp.Bulk b) {
            return "bulk " + b.bytes().length;
        }
        if (r instanceof Resp.Int i) {
            return "integer " + i.value();
        }
        if (r instanceof Resp.Simple s) {
            return "status " + s.text();
        }
        if (r instanceof Resp.Agg a) {
            return a.kind().name().toLowerCase(Locale.ROOT) + " " + a.elements().size();
        }
        return r.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private void evicted(String key) {
        if (tracing()) {
            trace.emit(config.name(), RedisEvents.EVICT, clip(key), keyspace.policy().text,
                    keyspace.usedMemory(), keyspace.maxMemory());
        }
    }

    // ---------------------------------------------------------------- connection and server commands

    private void server(Conn c, String name, List<byte[]> a, List<Resp> out) {
        switch (name) {
            case "ping" -> {
                if (a.size() > 2) {
                    out.add(Commands.wrongArity(Commands.lookup("ping")));
                } else if (!c.subscriptions.isEmpty() && c.proto == 2) {
                    out.add(Resp.array(List.of(Resp.Bulk.of("pong"), new Resp.Bulk(a.size() == 2 ? a.get(1) : new byte[0]))));
                } else {
                    out.add(a.size() == 2 ? new Resp.Bulk(a.get(1)) : new Resp.Simple("PONG"));
                }
            }
            case "echo" -> out.add(new Resp.Bulk(a.get(1)));
            case "select" -> {
                Long db = DataCommands.parseLong(a.get(1));
                boolean in = db != null && db >= 0 && db < Keyspace.DATABASES;
                if (in) {
                    c.db = db.intValue();
                }
                out.add(db == null || db != (int) (long) db ? Commands.NOT_INTEGER
                        : in ? Resp.OK : new Resp.Error("ERR DB index is out of range"));
            }
            case "auth" -> out.add(auth(a));
            case "quit" -> {
                out.add(Resp.OK);
                c.quitting = true;
            }
            case "reset" -> {
                unsubscribeAll(c, null);
                c.proto = 2;
                c.db = 0;
                out.add(new Resp.Simple("RESET"));
            }
            case "hello" -> out.add(hello(c, a));
            case "info" -> out.add(info(a));
            case "publish" -> out.add(new Resp.Int(publish(c, Keyspace.key(a.get(1)), a.get(2))));
            case "subscribe" -> {
                for (int i = 1; i < a.size(); i++) {
                    String ch = Keyspace.key(a.get(i));
                    if (c.subscriptions.add(ch)) {
                        channels.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(c);
                    }
                    out.add(pubsub("subscribe", Resp.Bulk.of(ch), c.subscriptions.size()));
                }
            }
            case "unsubscribe" -> {
                if (a.size() == 1) {
                    unsubscribeAll(c, out);
                } else {
                    for (int i = 1; i < a.size(); i++) {
                        String ch = Keyspace.key(a.get(i));
                        unsubscribe(c, ch);
                        out.add(pubsub("unsubscribe", new Resp.Bulk(a.get(i)), c.subscriptions.size()));
                    }
                }
            }
            default -> out.add(new Resp.Error("ERR unknown command '" + name + "'"));
        }
    }

    private static Resp pubsub(String kind, Resp channel, int count) {
        return new Resp.Agg(Resp.Kind.PUSH, List.of(Resp.Bulk.of(kind), channel, new Resp.Int(count)));
    }

    private void unsubscribe(Conn c, String ch) {
        if (c.subscriptions.remove(ch)) {
            Set<Conn> subs = channels.get(ch);
            subs.remove(c);
            if (subs.isEmpty()) {
                channels.remove(ch);
            }
        }
    }

    /** UNSUBSCRIBE without channels: every channel in subscription order, or one reply with a nil channel. */
    private void unsubscribeAll(Conn c, List<Resp> out) {
        if (c.subscriptions.isEmpty()) {
            if (out != null) {
                out.add(pubsub("unsubscribe", new Resp.Null(false), 0));
            }
            return;
        }
        for (String ch : new ArrayList<>(c.subscriptions)) {
            unsubscribe(c, ch);
            if (out != null) {
                out.add(pubsub("unsubscribe", Resp.Bulk.of(ch), c.subscriptions.size()));
            }
        }
    }

    private int publish(Conn from, String channel, byte[] message) {
        Set<Conn> subs = channels.get(channel);
        int n = 0;
        if (subs != null) {
            for (Conn s : new ArrayList<>(subs)) {
                if (!s.closed) {
                    s.send(new Resp.Agg(Resp.Kind.PUSH, List.of(Resp.Bulk.of("message"), Resp.Bulk.of(channel),
                            new Resp.Bulk(message))));
                    n++;
                }
            }
        }
        if (tracing()) {
            trace.emit(from.socket.nodeName(), RedisEvents.PUBLISH, clip(channel), (long) n);
        }
        return n;
    }

    /**
     * AUTH [username] password, as Redis 7.0 answers it without {@code requirepass}: the default
     * user takes any password, the one-argument form is refused as a likely configuration mistake.
     */
    private static Resp auth(List<byte[]> a) {
        if (a.size() > 3) {
            return Commands.SYNTAX;
        }
        if (a.size() == 2) {
            return new Resp.Error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        return Keyspace.key(a.get(1)).equals("default") ? Resp.OK
                : new Resp.Error("WRONGPASS invalid username-password pair or user is disabled.");
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]]. */
    private Resp hello(Conn c, List<byte[]> a) {
        int proto = c.proto;
        if (a.size() >= 2) {
            Long v = DataCommands.parseLong(a.get(1));
            if (v == null) {
                return new Resp.Error("ERR Protocol version is not an integer or out of range");
            }
            if (v < 2 || v > 3) {
                return new Resp.Error("NOPROTO unsupported protocol version");
            }
            proto = v.intValue();
        }
        String name = null;
        for (int j = 2; j < a.size(); j++) {
            String o = Keyspace.key(a.get(j)).toLowerCase(Locale.ROOT);
            int more = a.size() - j - 1;
            if (o.equals("auth") && more >= 2) {
                if (!Keyspace.key(a.get(j + 1)).equals("default")) {
                    return new Resp.Error("WRONGPASS invalid username-password pair or user is disabled.");
                }
                j += 2;
            } else if (o.equals("setname") && more >= 1) {
                name = Keyspace.key(a.get(++j));
            } else {
                return new Resp.Error("ERR Syntax error in HELLO option '" + Keyspace.key(a.get(j)) + "'");
            }
        }
        if (name != null) {
            c.name = name;
        }
        c.proto = proto;
        return new Resp.Agg(Resp.Kind.MAP, List.of(
                Resp.Bulk.of("server"), Resp.Bulk.of("redis"),
                Resp.Bulk.of("version"), Resp.Bulk.of(VERSION),
                Resp.Bulk.of("proto"), new Resp.Int(proto),
                Resp.Bulk.of("id"), new Resp.Int(c.id),
                Resp.Bulk.of("mode"), Resp.Bulk.of("standalone"),
                Resp.Bulk.of("role"), Resp.Bulk.of("master"),
                Resp.Bulk.of("modules"), Resp.array(List.of())));
    }

    private Resp info(List<byte[]> a) {
        Set<String> want = new LinkedHashSet<>();
        for (int i = 1; i < a.size(); i++) {
            want.add(Keyspace.key(a.get(i)).toLowerCase(Locale.ROOT));
        }
        boolean all = want.isEmpty() || want.contains("all") || want.contains("default") || want.contains("everything");
        keyspace.sweep();
        List<String> sections = new ArrayList<>();
        long uptime = sim.now() / 1_000_000_000L;
        if (all || want.contains("server")) {
            sections.add("# Server\r\nredis_version:" + VERSION + "\r\nredis_mode:standalone\r\nos:Linux (Minternet simulation)\r\n"
                    + "arch_bits:64\r\nrun_id:" + runId + "\r\ntcp_port:" + config.port() + "\r\nserver_time_usec:"
                    + (epoch.toEpochMilli() * 1000 + sim.now() / 1000) + "\r\nuptime_in_seconds:" + uptime
                    + "\r\nuptime_in_days:" + uptime / 86400 + "\r\nhz:10\r\n");
        }
        if (all || want.contains("clients")) {
            sections.add("# Clients\r\nconnected_clients:" + clients.size() + "\r\nmaxclients:10000\r\n");
        }
        if (all || want.contains("memory")) {
            long used = keyspace.usedMemory();
            sections.add("# Memory\r\nused_memory:" + used + "\r\nused_memory_human:" + human(used)
                    + "\r\nused_memory_peak:" + peakMemory + "\r\nused_memory_peak_human:" + human(peakMemory)
                    + "\r\nused_memory_startup:" + Keyspace.BASE_BYTES + "\r\nmaxmemory:" + keyspace.maxMemory()
                    + "\r\nmaxmemory_human:" + human(keyspace.maxMemory()) + "\r\nmaxmemory_policy:" + keyspace.policy().text + "\r\n");
        }
        if (all || want.contains("stats")) {
            sections.add("# Stats\r\ntotal_connections_received:" + connections + "\r\ntotal_commands_processed:" + commands
                    + "\r\nexpired_keys:" + keyspace.expiredKeys() + "\r\nevicted_keys:" + keyspace.evictedKeys()
                    + "\r\nkeyspace_hits:" + data.hits + "\r\nkeyspace_misses:" + data.misses
                    + "\r\npubsub_channels:" + channels.size() + "\r\npubsub_patterns:0\r\n");
        }
        if (all || want.contains("keyspace")) {
            StringBuilder dbs = new StringBuilder();
            for (int i = 0; i < Keyspace.DATABASES; i++) {
                if (keyspace.size(i) > 0) {
                    dbs.append("db").append(i).append(":keys=").append(keyspace.size(i)).append(",expires=")
                            .append(keyspace.volatileSize(i)).append(",avg_ttl=").append(keyspace.averageTtlMs(i)).append("\r\n");
                }
            }
            sections.add("# Keyspace\r\n" + dbs);
        }
        return new Resp.Verbatim("txt", String.join("\r\n", sections).getBytes(StandardCharsets.UTF_8));
    }

    /** bytesToHuman: 1023B, 1.50K, 2.00M, 1.00G. */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n / 1024.0;
        int u = 0;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }

    // ---------------------------------------------------------------- one client connection

    private final class Conn implements StreamSocket.Handler {
        final StreamSocket socket;
        final long id;
        final Outbox outbox;
        final RespReader reader = new RespReader();
        final ArrayDeque<List<byte[]>> pending = new ArrayDeque<>();
        final LinkedHashSet<String> subscriptions = new LinkedHashSet<>();
        int proto = 2;
        /** The database SELECT chose (0 to 15). */
        int db;
        String name;
        boolean queued;
        boolean closed;
        boolean quitting;
        boolean unreadable;

        Conn(StreamSocket socket, long id) {
            this.socket = socket;
            this.id = id;
            this.outbox = new Outbox(socket);
        }

        void send(Resp r) {
            if (!closed) {
                outbox.write(Resp.encode(r, proto));
            }
        }

        @Override
        public void onData(StreamSocket s, byte[] bytes) {
            if (closed || quitting || unreadable) {
                return;
            }
            reader.feed(bytes);
            try {
                List<byte[]> cmd;
                while ((cmd = reader.nextCommand()) != null) {
                    pending.add(cmd);
                }
            } catch (RespReader.ProtocolError e) {
                // Redis answers the commands before the bad bytes, then the error, then closes
                if (tracing()) {
                    trace.emit(socket.nodeName(), RedisEvents.PROTOCOL_ERROR, id, e.getMessage());
                }
                pending.add(List.of(PROTOCOL_ERROR, Keyspace.bytes(e.getMessage())));
                unreadable = true;
            }
            ready(this);
        }

        @Override
        public void onWritable(StreamSocket s) {
            outbox.flush();
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            outbox.closeAfterFlush();
            gone();
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            gone();
        }

        void gone() {
            if (closed) {
                return;
            }
            closed = true;
            unsubscribeAll(this, null);
            clients.remove(this);
            if (tracing()) {
                trace.emit(socket.nodeName(), RedisEvents.DISCONNECT, id);
            }
        }
    }

    /** A marker command the reader queues after a protocol error (no client can send an empty first word). */
    private static final byte[] PROTOCOL_ERROR = new byte[0];
}
