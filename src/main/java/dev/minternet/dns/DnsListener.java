package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.trace.Trace;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Ip4;
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
        public final int address;
        public final int port;
        public final Transport transport;
        /** Largest reply that fits: 512 or the client's EDNS size over UDP, 65535 over TCP. */
        public final int limit;
        private final Replier replier;
        /** The client cookie the query carried when this server answers cookies, else null. */
        private byte[] clientCookie;
        private boolean answered;

        Client(int address, int port, Transport transport, int limit, Replier replier) {
            this.address = address;
            this.port = port;
            this.transport = transport;
            this.limit = limit;
            this.replier = replier;
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
                switch (rrl.check(address, Dns.show(question.getName()) + "/" + Type.string(question.getType()),
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
                DnsCookies.put(m, cookies.reply(clientCookie, address, nowSeconds()));
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
        if (Dns.isResponse(wire)) {
            // RFC 1035 7.3: a response on the server port is not ours to answer; answering could loop.
            malformed(src, "response-on-server-port", "dropped", wire);
            return;
        }
        Message q = Dns.parse(wire);
        CookieOption cookie = q == null || cookies == null ? null : DnsCookies.option(q);
        if (cookie != null && q.getHeader().getCount(0) == 0 && q.getHeader().getOpcode() == Opcode.QUERY) {
            // RFC 7873 5.4: a query with only a cookie gets the server cookie back, NOERROR.
            queries++;
            Client c = new Client(src, sport, transport, transport == Transport.TCP ? Dns.TCP_LIMIT : Dns.clientUdpLimit(q),
                    replier);
            c.clientCookie = cookie.getClientCookie();
            Message r = Dns.replyTo(q);
            Dns.echoEdns(q, r);
            c.reply(r);
            return;
        }
        if (q == null || q.getQuestion() == null || q.getHeader().getCount(0) != 1) {
            if (wire.length < 12) {
                malformed(src, "short-header", "dropped", wire);
                return;
            }
            malformed(src, q == null ? "unparseable" : "question-count", "formerr", wire);
            formErrs++;
            replier.send(Dns.formErr(wire));
            return;
        }
        queries++;
        int limit = transport == Transport.TCP ? Dns.TCP_LIMIT : Dns.clientUdpLimit(q);
        Client c = new Client(src, sport, transport, limit, replier);
        if (cookie != null) {
            c.clientCookie = cookie.getClientCookie();
            if (cookies.requireServerCookie() && transport == Transport.UDP && !cookies.valid(cookie, src, nowSeconds())) {
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
        handler.query(q, c);
    }

    private void malformed(int src, String reason, String action, byte[] wire) {
        malformed++;
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.MALFORMED, role, Ip4.str(src), reason, action, wire.length);
        }
    }
}
