package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.trace.Trace;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The front door of a DNS server on port 53: reads each query, drops or answers FORMERR what
 * cannot be read (RFC 1035 4.1.1), and hands good queries to the server's {@link Handler} with a
 * {@link Client} to reply through. Replies over UDP are truncated to the client's limit with TC
 * set (RFC 1035 4.2.1, RFC 6891 6.2.5); queries over TCP (RFC 7766, framed by {@link TcpFraming},
 * served by {@link DnsStream}) come through {@link #accept} the same way, with a 65535-byte limit.
 *
 * <p>A listener given {@link DnsCookies} answers DNS cookies as BIND does (RFC 7873 5.2): every
 * reply to a query that carried a COOKIE option carries the client's cookie and a fresh server
 * cookie; a query with a cookie and no question is answered NOERROR with the cookie (5.4); with
 * {@code require-server-cookie} a UDP query without a valid server cookie gets BADCOOKIE (5.2.3).
 * A COOKIE option of a bad length makes the query unreadable, hence FORMERR (5.2.2).
 */
final class DnsListener {
    /** How a query arrived. */
    public enum Transport { UDP, TCP }

    /** A server's logic: answer {@code query} now or later through {@code client}. */
    public interface Handler {
        void query(Message query, Client client);
    }

    /** Where a reply goes. */
    public interface Replier {
        void send(byte[] wire);
    }

    /** The asker of one query and the way back to it. */
    public final class Client {
        /** The IPv4 address of the asker; 0 when it asked over IPv6 ({@link #address6}). */
        public final int address;
        /** The IPv6 address of the asker, or null when it asked over IPv4. */
        public final Ip6 address6;
        public final int port;
        public final Transport transport;
        /** Largest reply that fits: 512 or the client's EDNS size over UDP, 65535 over TCP. */
        public final int limit;
        private final Replier replier;
        /** The client cookie the query carried when this server answers cookies, else null. */
        private byte[] clientCookie;
        private boolean answered;

        Client(int address, int port, Transport transport, int limit, Replier replier) {
            this(address, null, port, transport, limit, replier);
        }

        Client(int address, Ip6 address6, int port, Transport transport, int limit, Replier replier) {
            this.address = address;
            this.address6 = address6;
            this.port = port;
            this.transport = transport;
            this.limit = limit;
            this.replier = replier;
        }

        /** The asker's address as text (dotted quad, or RFC 5952 for IPv6). */
        public String addressText() {
            return address6 != null ? address6.toString() : Ip4.str(address);
        }

        /**
         * The key that rate limiting and server cookies use for the asker: its IPv4 address, or
         * its IPv6 /56 folded to 32 bits (BIND's rate-limit ipv6-prefix-length default is 56).
         */
        int key() {
            return address6 != null ? fold56(address6) : address;
        }

        /**
         * Sends the reply, truncated with TC set when it does not fit; with the client's cookie
         * and a fresh server cookie when the query carried a cookie. Later calls are ignored.
         */
        public void reply(Message m) {
            if (answered) {
                return;
            }
            answered = true;
            if (rrl != null && transport == Transport.UDP && m.getQuestion() != null) {
                Record question = m.getQuestion();
                switch (rrl.check(key(), Dns.show(question.getName()) + "/" + Type.string(question.getType()),
                        node.sim().now())) {
                    case DROP -> {
                        rateLimited++;
                        return;
                    }
                    case SLIP -> {
                        // BIND's slip: an empty truncated answer; a real client retries over TCP.
                        rateLimited++;
                        m.removeAllRecords(Section.ANSWER);
                        m.removeAllRecords(Section.AUTHORITY);
                        m.getHeader().setFlag(Flags.TC);
                    }
                    default -> {
                    }
                }
            }
            if (clientCookie != null) {
                DnsCookies.put(m, cookies.reply(clientCookie, key(), nowSeconds()));
            }
            byte[] wire = m.toWire(limit);
            if (wire.length >= 3 && (wire[2] & 0x02) != 0) {
                truncated++;
            }
            replies++;
            replier.send(wire);
        }
    }

    private final Node node;
    private final String role;
    private final Handler handler;
    private DnsCookies cookies;
    private ResponseRateLimit rrl;
    long rateLimited;
    private UdpSocket socket;
    private Udp6Socket socket6;
    private TcpListener tcpListener;
    long queries;
    long malformed;
    long formErrs;
    long replies;
    long truncated;
    long tcpConnections;
    long badCookies;

    public DnsListener(Node node, String role, Handler handler) {
        this.node = node;
        this.role = role;
        this.handler = handler;
    }

    /** Answers DNS cookies with {@code c} (BIND's {@code answer-cookie yes}); null: ignore them. */
    public DnsListener cookies(DnsCookies c) {
        this.cookies = c;
        return this;
    }

    public DnsCookies cookies() {
        return cookies;
    }

    /** Rate-limits UDP responses (BIND's {@code rate-limit}); null: no limit. */
    public DnsListener rateLimit(ResponseRateLimit r) {
        this.rrl = r;
        return this;
    }

    public ResponseRateLimit rateLimit() {
        return rrl;
    }

    /** UDP responses response rate limiting dropped or slipped (sent truncated). */
    public long rateLimited() {
        return rateLimited;
    }

    /** UDP queries answered BADCOOKIE ({@code require-server-cookie}). */
    public long badCookies() {
        return badCookies;
    }

    private long nowSeconds() {
        return node.world().date().getEpochSecond();
    }

    /** Binds UDP port 53 and listens on TCP port 53 (RFC 7766 5: TCP is not optional). */
    public DnsListener start() {
        socket = node.udp().open(Dns.PORT);
        socket.onReceive((src, sport, payload, d) -> accept(payload, src, sport, Transport.UDP,
                wire -> socket.send(src, sport, wire)));
        if (node.ip6().enabled()) {
            // BIND's listen-on-v6 { any; }: on a node with IPv6, UDP port 53 over IPv6 too.
            socket6 = node.udp().open6(Dns.PORT);
            socket6.onReceive((src, sport, payload, d) -> accept(payload, 0, src, sport, Transport.UDP,
                    wire -> socket6.send(dev.minternet.wire.Ipv6Packet.dst(d, 0), src, sport, wire)));
        }
        tcpListener = TcpStreamSocket.listen(node.tcp(), Dns.PORT, s -> {
            tcpConnections++;
            DnsStream.serve(this, s);
        });
        return this;
    }

    /** TCP connections accepted on port 53. */
    public long tcpConnections() {
        return tcpConnections;
    }

    public void stop() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
        if (socket6 != null) {
            socket6.close();
            socket6 = null;
        }
        if (tcpListener != null) {
            tcpListener.close();
            tcpListener = null;
        }
    }

    public long queries() {
        return queries;
    }

    /** Datagrams that could not be read as a DNS query (dropped or answered FORMERR). */
    public long malformed() {
        return malformed;
    }

    public long formErrs() {
        return formErrs;
    }

    public long truncated() {
        return truncated;
    }

    /** Reads one query from {@code wire} and dispatches it; never throws on bad input. */
    public void accept(byte[] wire, int src, int sport, Transport transport, Replier replier) {
        accept(wire, src, null, sport, transport, replier);
    }

    /** As {@link #accept(byte[], int, int, Transport, Replier)}; {@code src6} is the asker's IPv6 address, or null. */
    public void accept(byte[] wire, int src, Ip6 src6, int sport, Transport transport, Replier replier) {
        if (Dns.isResponse(wire)) {
            // RFC 1035 7.3: a response on the server port is not ours to answer; answering could loop.
            malformed(src6 != null ? src6.toString() : Ip4.str(src), "response-on-server-port", "dropped", wire);
            return;
        }
        Message q = Dns.parse(wire);
        CookieOption cookie = q == null || cookies == null ? null : DnsCookies.option(q);
        if (cookie != null && q.getHeader().getCount(0) == 0 && q.getHeader().getOpcode() == Opcode.QUERY) {
            // RFC 7873 5.4: a query with only a cookie gets the server cookie back, NOERROR.
            queries++;
            Client c = new Client(src, src6, sport, transport, transport == Transport.TCP ? Dns.TCP_LIMIT : Dns.clientUdpLimit(q),
                    replier);
            c.clientCookie = cookie.getClientCookie();
            Message r = Dns.replyTo(q);
            Dns.echoEdns(q, r);
            c.reply(r);
            return;
        }
        if (q == null || q.getQuestion() == null || q.getHeader().getCount(0) != 1) {
            if (wire.length < 12) {
                malformed(src6 != null ? src6.toString() : Ip4.str(src), "short-header", "dropped", wire);
                return;
            }
            malformed(src6 != null ? src6.toString() : Ip4.str(src), q == null ? "unparseable" : "question-count", "formerr", wire);
            formErrs++;
            replier.send(Dns.formErr(wire));
            return;
        }
        queries++;
        int limit = transport == Transport.TCP ? Dns.TCP_LIMIT : Dns.clientUdpLimit(q);
        Client c = new Client(src, src6, sport, transport, limit, replier);
        if (cookie != null) {
            c.clientCookie = cookie.getClientCookie();
            if (cookies.requireServerCookie() && transport == Transport.UDP && !cookies.valid(cookie, c.key(), nowSeconds())) {
                // RFC 7873 5.2.3: BADCOOKIE with a fresh cookie, so the client can retry with it.
                badCookies++;
                Message r = Dns.replyTo(q);
                r.getHeader().setRcode(DnsCookies.BADCOOKIE & 0xf);
                r.addRecord(new OPTRecord(Dns.EDNS_PAYLOAD, DnsCookies.BADCOOKIE >> 4, 0),
                        Section.ADDITIONAL);
                c.reply(r);
                return;
            }
        }
        if (q.getHeader().getOpcode() != Opcode.QUERY) {
            Message r = Dns.replyTo(q);
            r.getHeader().setRcode(Rcode.NOTIMP);
            c.reply(r);
            return;
        }
        OPTRecord qopt = q.getOPT();
        if (qopt != null && qopt.getVersion() > 0) {
            // RFC 6891 6.1.3: an EDNS version above ours gets BADVERS (16: 1 in the OPT's
            // extended RCODE, 0 in the header) with the version we speak, 0, and no answer
            Message r = Dns.replyTo(q);
            r.addRecord(new OPTRecord(Dns.EDNS_PAYLOAD, 1, 0), Section.ADDITIONAL);
            c.reply(r);
            return;
        }
        if (q.getQuestion().getDClass() != org.xbill.DNS.DClass.IN) {
            c.reply(Chaos.reply(q, Chaos.softwareOf(handler), node));
            return;
        }
        handler.query(q, c);
    }

    private void malformed(String src, String reason, String action, byte[] wire) {
        malformed++;
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.MALFORMED, role, src, reason, action, wire.length);
        }
    }

    /** An IPv6 address's first 56 bits folded to 32 (a key for rate limiting and cookies). */
    static int fold56(Ip6 a) {
        long p = a.hi() & 0xffff_ffff_ffff_ff00L;
        return (int) (p >>> 32) ^ (int) p;
    }
}
