package dev.minternet.services.chat;

import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.ws.WsListener;
import dev.minternet.http.ws.WsServer;
import dev.minternet.http.ws.WsSession;
import dev.minternet.node.Node;
import dev.minternet.services.db.StreamConnector;
import dev.minternet.sim.Timer;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.trace.Trace;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat server, the articles' example of a two-way persistent connection: a client opens a
 * WebSocket to {@code /room/NAME} (optionally {@code ?name=WHO}) and becomes a member of that
 * room; the server announces {@code * WHO joined room NAME (N members)} to every member, sends
 * every text message as {@code WHO: TEXT} to every member (the sender too, so everyone sees one
 * order), passes binary messages on unchanged, and announces {@code * WHO left room NAME (N
 * members)} when a member's connection ends. A member without {@code ?name=} is named by its
 * address: the first {@code X-Forwarded-For} entry when a proxy added one, else its IP and port.
 *
 * <p>With a ping interval the server pings every member that often (RFC 6455 section 5.5.2):
 * the pongs keep idle connections alive through proxies that close idle tunnels.
 *
 * <p>Trace events, layer "chat": {@code join} and {@code leave} (room, member, members),
 * {@code message} (room, from, bytes, recipients).
 */
public final class ChatServer {
    /** Where rooms live: {@code /room/NAME}. */
    public static final String PREFIX = "/room/";

    private final Node node;
    private final Trace trace;
    private final Map<String, List<WsSession>> rooms = new LinkedHashMap<>();
    private final long pingIntervalNs;
    private long messages;
    private boolean announce = true;
    private final WsServer ws;
    private ChatCluster cluster;
    private long nextMember;

    /** What the server knows of a member, kept on its session; {@code id} is unique on this server. */
    record Member(String room, String name, long id) {
    }

    /**
     * Listens on {@code port} (over TLS with {@code identities}, accepting ALPN http/1.1 only:
     * the Upgrade is HTTP/1.1's), with permessage-deflate when {@code deflate}, messages up to
     * {@code maxMessage} bytes, and a ping to every member every {@code pingIntervalNs} (0: none).
     */
    public ChatServer(Node node, int port, List<TlsIdentity> identities, boolean deflate, int maxMessage, long pingIntervalNs) {
        this.node = node;
        this.trace = node.trace();
        this.pingIntervalNs = pingIntervalNs;
        this.ws = new WsServer(node.sim(), trace, new Listener()).prefix("/room").deflate(deflate).maxMessage(maxMessage);
        Endpoints.serveStreams(node, port, identities, List.of("http/1.1"), ws::serve);
        node.onCrash(() -> { // the process is gone, and its rooms and subscriptions with it
            rooms.clear();
            if (cluster != null) {
                cluster.reset();
            }
        });
        if (pingIntervalNs > 0) {
            Timer[] t = new Timer[1];
            t[0] = new Timer(node.sim(), () -> {
                pingAll();
                t[0].setAfter(pingIntervalNs);
            });
            t[0].setAfter(pingIntervalNs);
        }
    }

    /**
     * Whether joins and leaves are announced to the room (on by default). Off, only the member who
     * joins hears of it (its welcome), and nobody of a leave: a room of N members then costs N
     * messages per message instead of N more per join, which large rooms (the default world's
     * lobby, {@code bench websocket}) need, as large real chat rooms do.
     */
    public ChatServer announce(boolean on) {
        this.announce = on;
        return this;
    }

    /**
     * Whether permessage-deflate keeps its context from message to message (on by default); off,
     * the server answers {@code server_no_context_takeover} (see {@link WsServer#contextTakeover}).
     */
    public ChatServer contextTakeover(boolean on) {
        ws.contextTakeover(on);
        return this;
    }

    /**
     * Joins this server to a chat cluster whose servers share their rooms over Redis pub/sub at
     * {@code redis} (see {@link ChatCluster}): each message then reaches the room's members on every
     * server of the cluster, in the one order Redis gives them.
     */
    public ChatServer cluster(StreamConnector redis) {
        this.cluster = new ChatCluster(node, redis, this);
        return this;
    }

    /** The members of {@code room} now, in the order they joined. */
    public List<String> members(String room) {
        List<String> out = new ArrayList<>();
        for (WsSession s : rooms.getOrDefault(room, List.of())) {
            out.add(((Member) s.attachment()).name());
        }
        return out;
    }

    /** Text and binary messages relayed so far. */
    public long messages() {
        return messages;
    }

    private void pingAll() {
        if (node.isCrashed()) {
            return;
        }
        for (List<WsSession> members : rooms.values()) {
            for (WsSession s : List.copyOf(members)) {
                s.ping(new byte[0]);
            }
        }
    }

    /** The room a target names ({@code /room/1?name=alice} is room 1), or null. */
    static String room(String target) {
        String path = target;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length() || path.indexOf('/', PREFIX.length()) >= 0) {
            return null;
        }
        return URLDecoder.decode(path.substring(PREFIX.length()), StandardCharsets.UTF_8);
    }

    /** The {@code name} query parameter of a target, or null. */
    static String nameParam(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String kv : target.substring(q + 1).split("&")) {
            if (kv.startsWith("name=") && kv.length() > 5) {
                String n = URLDecoder.decode(kv.substring(5), StandardCharsets.UTF_8).strip();
                return n.isEmpty() ? null : n.length() > 32 ? n.substring(0, 32) : n;
            }
        }
        return null;
    }

    private static String who(WsSession s) {
        String n = nameParam(s.target());
        if (n != null) {
            return n;
        }
        String xff = s.requestHeader("X-Forwarded-For");
        if (xff != null && !xff.isBlank()) {
            return xff.split(",")[0].strip();
        }
        return s.remote();
    }

    private static String members(int n) {
        return n + (n == 1 ? " member" : " members");
    }

    private final class Listener implements WsListener {
        @Override
        public void onOpen(WsSession s) {
            String room = room(s.target());
            if (room == null) {
                s.close(1008, "no such room (use /room/NAME)"); // policy violation, section 7.4.1
                return;
            }
            Member m = new Member(room, who(s), nextMember++);
            s.attach(m);
            List<WsSession> members = rooms.computeIfAbsent(room, r -> new ArrayList<>());
            members.add(s);
            if (trace.enabled()) {
                trace.emit(node.name(), ChatEvents.JOIN, room, m.name(), members.size());
            }
            if (cluster != null) {
                if (members.size() == 1) {
                    cluster.subscribe(room);
                }
                // no server knows the whole room's size: the line tells none
                String joined = "* " + m.name() + " joined room " + room;
                s.sendText(joined);
                if (announce) {
                    cluster.publishJoin(room, m.id(), joined);
                }
                return;
            }
            String joined = "* " + m.name() + " joined room " + room + " (" + members(members.size()) + ")";
            if (announce) {
                broadcast(members, joined);
            } else {
                broadcast(List.of(s), joined);
            }
        }

        @Override
        public void onText(WsSession s, String text) {
            if (s.attachment() instanceof Member m) {
                List<WsSession> members = rooms.get(m.room());
                messages++;
                if (trace.enabled()) {
                    trace.emit(node.name(), ChatEvents.MESSAGE, m.room(), m.name(), text.getBytes(StandardCharsets.UTF_8).length,
                            members.size());
                }
                if (cluster != null) {
                    cluster.publishText(m.room(), m.name() + ": " + text);
                } else {
                    broadcast(members, m.name() + ": " + text);
                }
            }
        }

        @Override
        public void onBinary(WsSession s, byte[] data) {
            if (s.attachment() instanceof Member m) {
                List<WsSession> members = rooms.get(m.room());
                messages++;
                if (trace.enabled()) {
                    trace.emit(node.name(), ChatEvents.MESSAGE, m.room(), m.name(), data.length, members.size());
                }
                if (cluster != null) {
                    cluster.publishBinary(m.room(), data);
                } else {
                    for (WsSession to : List.copyOf(members)) {
                        to.sendBinary(data);
                    }
                }
            }
        }

        @Override
        public void onClose(WsSession s, int code, String reason, boolean clean) {
            if (!(s.attachment() instanceof Member m)) {
                return;
            }
            List<WsSession> members = rooms.get(m.room());
            if (members == null || !members.remove(s)) {
                return;
            }
            if (trace.enabled()) {
                trace.emit(node.name(), ChatEvents.LEAVE, m.room(), m.name(), members.size(), code);
            }
            if (members.isEmpty()) {
                rooms.remove(m.room());
                if (cluster != null) {
                    cluster.unsubscribe(m.room());
                }
            }
            if (cluster != null) {
                if (announce) {
                    cluster.publishText(m.room(), "* " + m.name() + " left room " + m.room());
                }
            } else if (!members.isEmpty() && announce) {
                broadcast(members, "* " + m.name() + " left room " + m.room() + " (" + members(members.size()) + ")");
            }
        }
    }

    /**
     * A message of {@code room} from the cluster's channel: sent to this server's members of the
     * room, except the member {@code skip} (-1: none), who heard its own join line already.
     */
    void deliver(String room, String text, byte[] binary, long skip) {
        List<WsSession> members = rooms.get(room);
        if (members == null || node.isCrashed()) {
            return;
        }
        if (trace.enabled()) {
            trace.emit(node.name(), ChatEvents.RELAY, room, binary != null ? binary.length : text.getBytes(StandardCharsets.UTF_8).length,
                    members.size());
        }
        for (WsSession to : List.copyOf(members)) {
            if (skip >= 0 && to.attachment() instanceof Member m && m.id() == skip) {
                continue;
            }
            if (binary != null) {
                to.sendBinary(binary);
            } else {
                to.sendText(text);
            }
        }
    }

    private static void broadcast(List<WsSession> members, String text) {
        for (WsSession to : List.copyOf(members)) {
            to.sendText(text);
        }
    }
}
