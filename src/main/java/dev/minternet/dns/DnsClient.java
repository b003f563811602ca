package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends one DNS query at a time per call and waits for its answer, as every DNS client on a node
 * does (stub, forwarder, resolver, dig). Each query gets a fresh UDP socket on a random
 * ephemeral port and a random ID from the node's seeded streams (RFC 5452 9.2); a reply counts
 * only if it comes from the server asked, to that port, with that ID and the same question
 * (RFC 5452 9.1). A reply with TC set is asked again over TCP when a {@link StreamTransport} is
 * installed (RFC 7766 5). An ICMP error for the query fails it at once.
 *
 * <p>With {@link DnsCookies} (a resolver's, as BIND's) every EDNS query carries a
 * COOKIE option, a reply whose client cookie is not ours is discarded (RFC 7873 5.3), the
 * server's cookie is remembered, and a BADCOOKIE answer is asked again once over UDP with the new
 * cookie, then over TCP (RFC 7873 5.3).
 */
public final class DnsClient implements Upstream {

    /** The result of one exchange. */
    public interface Callback {
        /**
         * @param response the validated reply, or null after a timeout or an ICMP error
         * @param rttNs simulated time from send to reply (or to the failure)
         * @param size reply size in bytes (0 when none)
         */
        void done(Message response, long rttNs, int size);
    }

    /** The result of one exchange, saying whether the reply came over TCP (after TC, or asked so). */
    public interface DetailedCallback {
        void done(Message response, long rttNs, int size, boolean overTcp);
    }

    /**
     * DNS over TCP (RFC 7766): sends a framed query on a new connection to {@code server}:53 and
     * delivers the framed reply's message bytes, or null on failure. Installed once TCP exists.
     */
    public interface StreamTransport {
        void exchange(Node node, int server, int port, byte[] query, long timeoutNs, Consumer<byte[]> reply);

        /** The same to {@code [server]:port} over TCP on IPv6; a transport that has no IPv6 fails (null). */
        default void exchange6(Node node, Ip6 server, int port, byte[] query, long timeoutNs, Consumer<byte[]> reply) {
            reply.accept(null);
        }
    }

    /** DNS over simulated TCP, on either family: connect to the server's port 53, one framed exchange, abort at the timeout. */
    public static final StreamTransport TCP = new StreamTransport() {
        @Override
        public void exchange(Node node, int server, int port, byte[] query, long timeoutNs, Consumer<byte[]> reply) {
            overTcp(node, server, null, port, query, timeoutNs, reply);
        }

        @Override
        public void exchange6(Node node, Ip6 server, int port, byte[] query, long timeoutNs, Consumer<byte[]> reply) {
            overTcp(node, 0, server, port, query, timeoutNs, reply);
        }
    };

    private static void overTcp(Node node, int server, Ip6 server6, int port, byte[] query, long timeoutNs, Consumer<byte[]> reply) {
        boolean[] done = {false};
        StreamSocket[] socket = {null};
        Timer timer = new Timer(node.sim(), () -> {
            if (!done[0]) {
                done[0] = true;
                if (socket[0] != null) {
                    socket[0].abort();
                }
                reply.accept(null);
            }
        });
        timer.setAfter(timeoutNs);
        Consumer<StreamSocket> connected = s -> {
            socket[0] = s;
            if (done[0]) {
                s.abort();
                return;
            }
            DnsStream.exchange(s, query, bytes -> {
                if (!done[0]) {
                    done[0] = true;
                    timer.cancel();
                    reply.accept(bytes);
                }
            });
        };
        Consumer<String> failed = error -> {
            if (!done[0]) {
                done[0] = true;
                timer.cancel();
                reply.accept(null);
            }
        };
        if (server6 != null) {
            TcpStreamSocket.connect(node.tcp(), server6, port, null, connected, failed);
        } else {
            TcpStreamSocket.connect(node.tcp(), server, port, connected, failed);
        }
    }

    private static StreamTransport tcp = TCP;

    /** Replaces the TCP transport for every client (null: no TCP, TC answers are used as they are). */
    public static void setStreamTransport(StreamTransport t) {
        tcp = t;
    }

    public static boolean tcpAvailable() {
        return tcp != null;
    }

    /** Asks servers on {@code port} instead of 53 (dig's {@code -p}), over UDP and TCP alike. */
    public DnsClient port(int port) {
        this.port = port;
        return this;
    }

    /** The port servers are asked on. */
    public int port() {
        return port;
    }

    private final Node node;
    private final String role;
    private final SplittableRandom ids;
    private DnsCookies cookies;
    private int self;
    private String lastFailure = "";
    /** The servers' port: 53, or dig's {@code -p}. */
    private int port = Dns.PORT;
    long sent;
    long timeouts;
    long tcpRetries;

    public DnsClient(Node node, String role) {
        this.node = node;
        this.role = role;
        this.ids = stream(node, "dns-id:" + role);
    }

    /**
     * Sends and checks DNS cookies (RFC 7873 5.1, 5.3) with the node's cookie state, its client
     * cookies made for source address {@code self}; null: none.
     */
    public DnsClient cookies(DnsCookies c, int self) {
        this.cookies = c;
        this.self = self;
        return this;
    }

    /** Per-node random streams that outlive one tool run, so two digs do not repeat each other's IDs. */
    private static final class Streams {
        final Map<String, SplittableRandom> byPurpose = new HashMap<>();
    }

    /** The node's persistent stream for {@code purpose} (created on first use from the node's seed). */
    public static SplittableRandom stream(Node node, String purpose) {
        Streams s = node.service(Streams.class);
        if (s == null) {
            s = new Streams();
            node.attach(Streams.class, s);
        }
        return s.byPurpose.computeIfAbsent(purpose, node::random);
    }

    public long sent() {
        return sent;
    }

    public long timeouts() {
        return timeouts;
    }

    /**
     * Why the last exchange that failed did ("timeout", "icmp-3/3" for a port unreachable,
     * "tcp-failed", ...): a callback that got no response may read it at once.
     */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * The words BIND's tools use for a failure ({@code ;; communications error to S#53: ...}):
     * "timed out", "connection refused" (ICMP port unreachable), "host unreachable", "network
     * unreachable" (other ICMP destination unreachable codes), "failure" otherwise.
     */
    public static String bindReason(String failure) {
        return switch (failure) {
            case "timeout" -> "timed out";
            case "icmp-3/3", "tcp-failed" -> "connection refused";
            case "icmp-3/0", "icmp-3/6", "no-route" -> "network unreachable";
            default -> failure.startsWith("icmp-3/") ? "host unreachable" : failure.startsWith("icmp-11") ? "timed out"
                    : "failure";
        };
    }

    /**
     * Sends {@code query} (its ID is replaced by a random one) to {@code server}:53.
     *
     * @param serverName the server's name for the trace (e.g. "a.root-servers.net"), or null
     * @param overTcp start over TCP directly (dig +tcp)
     */
    @Override
    public void query(Message query, int server, String serverName, long timeoutNs, boolean overTcp, Callback cb) {
        query(query, server, serverName, timeoutNs, overTcp, (DetailedCallback) (m, rtt, size, tcp) -> cb.done(m, rtt, size));
    }

    /** As {@link #query(Message, int, String, long, boolean, Callback)}, telling whether the reply came over TCP. */
    public void query(Message query, int server, String serverName, long timeoutNs, boolean overTcp,
                      DetailedCallback cb) {
        query.getHeader().setID(drawId());
        new Exchange(query, server, null, serverName, timeoutNs, cb).start(overTcp);
    }

    /** Sends {@code query} to a server of either family (IPv6: {@link #query6}). */
    @Override
    public void query(Message query, ServerAddress server, String serverName, long timeoutNs, boolean overTcp, Callback cb) {
        query(query, server, serverName, timeoutNs, overTcp, (DetailedCallback) (m, rtt, size, tcp) -> cb.done(m, rtt, size));
    }

    /** As {@link #query(Message, ServerAddress, String, long, boolean, Callback)}, telling whether the reply came over TCP. */
    public void query(Message query, ServerAddress server, String serverName, long timeoutNs, boolean overTcp,
                      DetailedCallback cb) {
        if (server.isV6()) {
            query6(query, server.v6(), serverName, timeoutNs, overTcp, cb);
        } else {
            query(query, server.v4(), serverName, timeoutNs, overTcp, cb);
        }
    }

    /**
     * Sends {@code query} to {@code [server]:53} over UDP on IPv6 (a truncated reply is asked
     * again over TCP on IPv6, as over IPv4). With no route to the server (no IPv6 address, no
     * default route) the exchange fails at once, as sendto's ENETUNREACH does ("no-route").
     * DNS cookies are not sent to IPv6 servers.
     */
    public void query6(Message query, Ip6 server, String serverName, long timeoutNs, boolean overTcp, DetailedCallback cb) {
        query.getHeader().setID(drawId());
        new Exchange(query, 0, server, serverName, timeoutNs, cb).start(overTcp);
    }

    /** dig +ignore: a truncated UDP answer is the answer (no retry over TCP). */
    private boolean ignoreTruncation;

    /** Takes truncated UDP answers as they are (dig's {@code +ignore}) instead of asking again over TCP. */
    public void ignoreTruncation(boolean on) {
        ignoreTruncation = on;
    }

    /** The ID the next query will carry, fixed by {@link #presetId} or drawn ahead of time by {@link #reserveId}; -1: none yet. */
    private int nextId = -1;

    /**
     * The ID the next query will carry, drawn now from the client's stream (the same draw the
     * query would make), so that a tool can print the query before it goes (dig +qr).
     */
    public int reserveId() {
        if (nextId < 0) {
            nextId = ids.nextInt(65536);
        }
        return nextId;
    }

    /** The next query carries {@code id} (dig +qid=N) instead of a drawn one. */
    public void presetId(int id) {
        nextId = id;
    }

    private int drawId() {
        int id = nextId >= 0 ? nextId : ids.nextInt(65536);
        nextId = -1;
        return id;
    }

    /** Builds a query for {@code name}/{@code type} with RD as given and EDNS (RFC 6891) at our buffer size. */
    public static Message newQuery(Name name, int type, boolean rd, boolean edns) {
        // Not Message.newQuery: its Header draws an ID from a SecureRandom; ours comes from the node's stream.
        Message m = new Message(0);
        m.getHeader().setOpcode(Opcode.QUERY);
        if (rd) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
        if (edns) {
            m.addRecord(new OPTRecord(Dns.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return m;
    }

    /** The zone a referral points to ("com" for the root's referral to the .com servers), or "". */
    static String referralZone(Message m) {
        if (!Dns.kindOf(m).equals(DnsEvents.KIND_REFERRAL)) {
            return "";
        }
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r.getType() == Type.NS) {
                return Dns.show(r.getName());
            }
        }
        return "";
    }

    private final class Exchange {
        final Message query;
        final int server;
        /** The server's IPv6 address when asked over IPv6, else null. */
        final Ip6 server6;
        final String serverName;
        final long timeoutNs;
        final DetailedCallback cb;
        final long started;
        boolean usedTcp;
        int badCookieRetries;
        UdpSocket socket;
        Udp6Socket socket6;
        Timer timer;
        boolean done;

        Exchange(Message query, int server, Ip6 server6, String serverName, long timeoutNs, DetailedCallback cb) {
            this.query = query;
            this.server = server;
            this.server6 = server6;
            this.serverName = serverName;
            this.timeoutNs = timeoutNs;
            this.cb = cb;
            this.started = node.sim().now();
        }

        void start(boolean overTcp) {
            if (cookies != null && query.getOPT() != null && server6 == null) {
                DnsCookies.put(query, cookies.forServer(self, server));
            }
            byte[] wire = query.toWire();
            sent++;
            if (overTcp) {
                if (tcp == null) {
                    traceQuery(wire.length, "tcp");
                    finish(null, 0, "tcp-unavailable");
                    return;
                }
                viaTcp(wire);
                return;
            }
            if (server6 != null) {
                socket6 = node.udp().open6(0);
                socket6.onReceive((src, sport, payload, d) -> {
                    if (src.equals(server6)) {
                        receive(0, sport, payload, d);
                    }
                });
                // ICMPv6 destination unreachable is type 1 (port unreachable code 4): reported in
                // ICMPv4's words, so bindReason reads them alike.
                socket6.onError((from, type, code, word, d, quoted) -> finish(null, 0,
                        type == 1 ? "icmp-3/" + (code == 4 ? 3 : code == 0 ? 0 : 1) : "icmp6-" + type + "/" + code));
            } else {
                socket = node.udp().open(0);
                socket.onReceive(this::receive);
                socket.onError((from, type, code, mtu, quoted) -> finish(null, 0, "icmp-" + type + "/" + code));
            }
            timer = new Timer(node.sim(), () -> {
                timeouts++;
                finish(null, 0, "timeout");
            });
            timer.setAfter(timeoutNs);
            traceQuery(wire.length, "udp");
            if (socket6 != null) {
                if (socket6.send(server6, port, wire) == dev.minternet.ip6.Ip6Stack.ERR_NO_ROUTE) {
                    finish(null, 0, "no-route"); // sendto: ENETUNREACH
                }
            } else {
                socket.send(server, port, wire);
            }
        }

        void viaTcp(byte[] wire) {
            tcpRetries++;
            usedTcp = true;
            traceQuery(wire.length, "tcp");
            Consumer<byte[]> onReply = bytes -> {
                Message m = bytes == null ? null : Dns.parse(bytes);
                if (m == null || !matches(m) || (cookies != null && server6 == null && !cookies.accept(self, server, DnsCookies.option(m)))) {
                    finish(null, 0, bytes == null ? "tcp-failed" : "tcp-bad-reply");
                } else {
                    finish(m, bytes.length, null);
                }
            };
            if (server6 != null) {
                tcp.exchange6(node, server6, port, wire, timeoutNs, onReply);
            } else {
                tcp.exchange(node, server, port, wire, timeoutNs, onReply);
            }
        }

        void receive(int src, int sport, byte[] payload, byte[] datagram) {
            if (done || server6 == null && src != server || sport != port) {
                return;
            }
            Message m = Dns.parse(payload);
            if (m == null || !matches(m)) {
                Trace t = node.trace();
                if (t.enabled()) {
                    t.emit(node.name(), DnsEvents.MALFORMED, role, serverText(),
                            m == null ? "unparseable-reply" : "mismatched-reply", "dropped", payload.length);
                }
                return; // RFC 5452 9.1: keep waiting for the real answer.
            }
            if (cookies != null && server6 == null && !cookies.accept(self, server, DnsCookies.option(m))) {
                Trace t = node.trace();
                if (t.enabled()) {
                    t.emit(node.name(), DnsEvents.MALFORMED, role, serverText(), "client-cookie-mismatch", "dropped",
                            payload.length);
                }
                return; // RFC 7873 5.3: not our cookie, not our answer.
            }
            if (cookies != null && server6 == null && m.getRcode() == DnsCookies.BADCOOKIE && (badCookieRetries == 0 || tcp != null)) {
                // RFC 7873 5.3: the server sent a fresh cookie with BADCOOKIE; ask once more with
                // it over UDP, and over TCP (where cookies are not required) if that fails too.
                closeUdp();
                traceResponse(m, payload.length);
                query.getHeader().setID(ids.nextInt(65536));
                if (badCookieRetries++ == 0) {
                    start(false);
                } else {
                    viaTcp(query.toWire());
                }
                return;
            }
            if (m.getHeader().getFlag(Flags.TC) && tcp != null && !ignoreTruncation) {
                closeUdp();
                traceResponse(m, payload.length);
                viaTcp(query.toWire());
                return;
            }
            finish(m, payload.length, null);
        }

        String serverText() {
            return server6 != null ? server6.toString() : Ip4.str(server);
        }

        boolean matches(Message m) {
            if (m.getHeader().getID() != query.getHeader().getID() || !m.getHeader().getFlag(Flags.QR)) {
                return false;
            }
            Record q = query.getQuestion();
            Record a = m.getQuestion();
            // A FORMERR may come without a question (RFC 1035 4.1.1).
            return a == null ? m.getRcode() != 0 : a.getName().equals(q.getName()) && a.getType() == q.getType()
                    && a.getDClass() == q.getDClass();
        }

        void closeUdp() {
            if (timer != null) {
                timer.cancel();
            }
            if (socket != null) {
                socket.close();
                socket = null;
            }
            if (socket6 != null) {
                socket6.close();
                socket6 = null;
            }
        }

        void finish(Message m, int size, String failure) {
            if (done) {
                return;
            }
            done = true;
            closeUdp();
            if (failure != null) {
                lastFailure = failure;
            }
            long rtt = node.sim().now() - started;
            if (m != null) {
                traceResponse(m, size);
            } else {
                Trace t = node.trace();
                if (t.enabled()) {
                    t.emit(node.name(), "timeout".equals(failure) ? DnsEvents.TIMEOUT : DnsEvents.FAILURE, role,
                            serverText(), serverName == null ? "" : serverName,
                            Dns.show(query.getQuestion().getName()), Type.string(query.getQuestion().getType()),
                            query.getHeader().getID(), failure, rtt);
                }
            }
            cb.done(m, rtt, size, usedTcp);
        }

        void traceQuery(int len, String transport) {
            Trace t = node.trace();
            if (t.enabled()) {
                Record q = query.getQuestion();
                t.emit(node.name(), DnsEvents.QUERY, role, serverText(), serverName == null ? "" : serverName,
                        Dns.show(q.getName()), Type.string(q.getType()), query.getHeader().getID(),
                        query.getHeader().getFlag(Flags.RD), transport, len);
            }
        }

        void traceResponse(Message m, int len) {
            Trace t = node.trace();
            if (t.enabled()) {
                t.emit(node.name(), DnsEvents.RESPONSE, role, serverText(), serverName == null ? "" : serverName,
                        Dns.show(query.getQuestion().getName()), Type.string(query.getQuestion().getType()),
                        m.getHeader().getID(), Rcode.string(m.getRcode()), Dns.kindOf(m),
                        m.getHeader().printFlags(), Dns.section(m, 1).size(), Dns.section(m, 2).size(),
                        Dns.section(m, 3).size(), node.sim().now() - started, len, referralZone(m), usedTcp ? "tcp" : "udp", Dns.negativeTtl(m));
            }
        }
    }
}
