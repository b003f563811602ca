package dev.minternet.services.web;

import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.tls.TlsIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A server that answers every request with a redirect, as nginx's {@code return 301
 * https://$host$request_uri;} in a {@code listen 80} server block: the site's plain-HTTP port
 * sending browsers and {@code curl -L} to HTTPS, or an old name sending them to the canonical one
 * ({@code return 301 https://www.example.com$request_uri;}).
 *
 * <p>The Location is {@code to}'s scheme and host (for a scheme alone, the request's host as nginx's
 * {@code $host} is: the Host field lower-cased, without its port; with no Host field the server's
 * first name), then the request target as it came (path and query). The body is nginx's error page
 * for the status, {@code text/html}.
 */
public final class Redirects {
    private Redirects() {
    }

    /**
     * Where the redirects go: {@code scheme} ({@code http} or {@code https}) and, when not null,
     * {@code authority} (host or host:port); null keeps the request's host.
     */
    public record Target(String scheme, String authority) {
        /** The Location for {@code r}, whose host is {@code fallbackHost} when it names none. */
        public String location(Request r, String fallbackHost) {
            String a = authority;
            if (a == null) {
                a = host(r.host());
                if (a == null) {
                    a = fallbackHost;
                }
            }
            String target = r.target().startsWith("/") ? r.target() : "/";
            return scheme + "://" + a + target;
        }

        /** How {@code world show} says it: {@code https://$host} or the base URL. */
        public String display() {
            return scheme + "://" + (authority == null ? "$host" : authority);
        }
    }

    /** nginx's {@code $host} from a Host field: lower case, without the port; null when absent or empty. */
    static String host(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        String h = field.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /**
     * Starts the redirecting server on {@code port} of {@code node} (over TLS when {@code identity}
     * is not empty): every method and path gets {@code status} with its Location.
     */
    public static HttpServer start(Node node, int port, List<TlsIdentity> identity, int status, Target to, String fallbackHost) {
        HttpServer s = new HttpServer(node.sim(), node.world().epoch()).trace(node.trace()).nginxTimeouts().serverName("minternet (" + node.name() + ")")
                .gzip(false); // nginx's gzip filter leaves a redirect alone (it compresses 200, 403 and 404 only)
        s.fallback((req, reply) -> reply.accept(response(status, to.location(req, fallbackHost))));
        Endpoints.serve(node, port, s, identity);
        return s;
    }

    /** The redirect with nginx's page for {@code status} as its body. */
    static Response response(int status, String location) {
        return new Response(status, Headers.of("Content-Type", "text/html").with("Location", location), page(status));
    }

    /** nginx's error page for {@code status} (ngx_http_special_response.c), naming this server. */
    static byte[] page(int status) {
        String title = status + " " + Response.reasonPhrase(status);
        return ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>minternet</center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
