package dev.minternet.endpoint;

import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.Objects;

/**
 * Where {@link Endpoints#connect} goes and how: an address and port; for HTTPS the server name
 * (sent as SNI and checked against the certificate) and the TLS choices (ALPN offer, {@code -k});
 * in clear text the protocol spoken without negotiation (HTTP/1.1, or h2 with prior knowledge,
 * RFC 9113 section 3.3); the HTTP client's options; a connect timeout over TCP and TLS together
 * (0: none); and whether the HTTP and TLS layers report to the node's trace.
 *
 * @param tlsName   null for clear text
 * @param tls       the client's TLS choices (used only with a {@code tlsName})
 * @param cleartext the protocol in clear text (ignored over TLS, where ALPN decides)
 * @param address6  an IPv6 address to connect to instead of {@code address} (TCP over IPv6), or null
 */
public record Dial(int address, int port, String tlsName, ConnectOptions tls, HttpProtocol cleartext,
        HttpClient.Options http, long timeoutNs, boolean traced, Ip6 address6) {

    /** ALPN offer of a browser and of curl: h2 first, then http/1.1 (RFC 7301, RFC 9113 section 3.2). */
    public static final ConnectOptions BROWSER_TLS = ConnectOptions.DEFAULT.withAlpn("h2", "http/1.1");

    public Dial {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(tlsName == null ? cleartext : tls, tlsName == null ? "cleartext" : "tls");
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("negative timeout");
        }
    }

    public Dial(int address, int port, String tlsName, ConnectOptions tls, HttpProtocol cleartext,
            HttpClient.Options http, long timeoutNs, boolean traced) {
        this(address, port, tlsName, tls, cleartext, http, timeoutNs, traced, null);
    }

    /** The same dial to IPv6 address {@code a} (over IPv6). */
    public Dial to6(Ip6 a) {
        return new Dial(0, port, tlsName, tls, cleartext, http, timeoutNs, traced, a);
    }

    /** The address dialled as text: a dotted quad, or RFC 5952. */
    public String host() {
        return address6 != null ? address6.toString() : Ip4.str(address);
    }

    /** HTTP/1.1 in clear text to {@code address:port}, traced, no connect timeout. */
    public static Dial http(int address, int port, HttpClient.Options http) {
        return new Dial(address, port, null, null, HttpProtocol.HTTP_1_1, http, 0, true);
    }

    /** HTTPS to {@code address:port} for {@code serverName}, offering h2 and http/1.1, traced, no connect timeout. */
    public static Dial https(int address, int port, String serverName, HttpClient.Options http) {
        return new Dial(address, port, Objects.requireNonNull(serverName, "serverName"), BROWSER_TLS, null, http, 0, true);
    }

    /** True when the connection runs TLS. */
    public boolean secure() {
        return tlsName != null;
    }

    /** Other TLS choices (curl's {@code -k}, {@code --http1.1}'s ALPN offer). */
    public Dial withTls(ConnectOptions o) {
        return new Dial(address, port, tlsName, o, cleartext, http, timeoutNs, traced, address6);
    }

    /** Another protocol in clear text (curl's {@code --http2-prior-knowledge}). */
    public Dial withCleartext(HttpProtocol p) {
        return new Dial(address, port, tlsName, tls, p, http, timeoutNs, traced, address6);
    }

    /** Gives up when TCP and TLS have not both completed {@code ns} after the connect call. */
    public Dial withTimeout(long ns) {
        return new Dial(address, port, tlsName, tls, cleartext, http, ns, traced, address6);
    }

    /** No "http" or "tls" trace events (a load balancer's health checks). */
    public Dial untraced() {
        return new Dial(address, port, tlsName, tls, cleartext, http, timeoutNs, false, address6);
    }
}
