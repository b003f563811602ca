package dev.minternet.tools.curl;

import dev.minternet.http.Exchange;
import dev.minternet.tools.Terminal;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text curl prints, shaped like curl 8.5: the {@code -v} trace ({@code *} information,
 * {@code >} request and {@code <} response header lines) and the {@code -w} write-out variables.
 * These are pure formatting: the curl tool feeds them what its connection saw.
 *
 * <p>The curl tool itself is {@link dev.minternet.tools.curl.Curl}.
 */
final class CurlOutput {
    private CurlOutput() {
    }

    /**
     * What a transfer measured, for {@code -w}. Times are ns since the transfer started (curl's
     * t=0), in curl's cumulative sense: time_connect includes time_namelookup, and so on.
     */
    public record Info(long namelookupNs, long connectNs, long appconnectNs, long pretransferNs,
            long starttransferNs, long totalNs, int httpCode, long sizeDownload, long sizeHeader, long sizeRequest,
            HttpProtocol protocol, String scheme, String urlEffective, String remoteIp, int remotePort,
            String localIp, int localPort, int numConnects, int exitCode, String errorMsg, Headers responseHeaders,
            int numRedirects, long redirectNs, String redirectUrl) {

        /** The figures of one exchange on an already open connection (connect times given). */
        public static Info of(Exchange e, long startNs, long namelookupNs, long connectNs, long appconnectNs,
                String scheme, String url, String remoteIp, int remotePort, String localIp, int localPort) {
            Response r = e.response();
            return new Info(namelookupNs - startNs, connectNs - startNs, appconnectNs == 0 ? 0 : appconnectNs - startNs,
                    e.sentNs() - startNs, e.firstByteNs() < 0 ? 0 : e.firstByteNs() - startNs, e.doneNs() - startNs,
                    r == null ? 0 : r.status(), e.wireBodyBytes(),
                    r == null ? 0 : headerSize(e.protocol(), new Response(r.status(), e.wireHeaders(), null)),
                    requestSize(e.request()), e.protocol(), scheme, url, remoteIp, remotePort, localIp, localPort, 1,
                    e.ok() ? 0 : 56, e.error() == null ? "" : e.error(), r == null ? Headers.EMPTY : e.wireHeaders(), 0, 0, "");
        }

        /**
         * This last request's figures after {@code redirects} followed ones, as curl keeps them:
         * each phase's time adds up what it took in every request from that request's start (so
         * after a redirect time_connect is the sum of the connects made); time_total and
         * time_redirect run from the first request's start; {@code connects} connections made in all.
         */
        /** These figures for a transfer that ended in error {@code code} after the headers (curl -f): no body read. */
        public Info failed(int code, String message) {
            return failed(code, message, 0);
        }

        /** The same with {@code body} bytes read (--fail-with-body reads and writes the body first). */
        public Info failed(int code, String message, long body) {
            return new Info(namelookupNs, connectNs, appconnectNs, pretransferNs, starttransferNs, totalNs, httpCode, body, sizeHeader,
                    sizeRequest, protocol, scheme, urlEffective, remoteIp, remotePort, localIp, localPort, numConnects, code, message,
                    responseHeaders, numRedirects, redirectNs, redirectUrl);
        }

        public Info after(Totals before, int redirects, long redirectNs, int connects, String redirectUrl) {
            return new Info(namelookupNs + before.namelookupNs(), connectNs + before.connectNs(),
                    appconnectNs + before.appconnectNs(), pretransferNs + before.pretransferNs(),
                    starttransferNs + before.starttransferNs(), totalNs + before.totalNs(), httpCode, sizeDownload, sizeHeader,
                    sizeRequest, protocol, scheme, urlEffective, remoteIp, remotePort, localIp, localPort, connects, exitCode,
                    errorMsg, responseHeaders, redirects, redirectNs, redirectUrl);
        }
    }

    /** What the requests before this one added to each timer (curl's cumulative progress times), and their wall time. */
    public record Totals(long namelookupNs, long connectNs, long appconnectNs, long pretransferNs, long starttransferNs,
            long totalNs) {
        static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0);

        /** These totals with one more request's figures added. */
        Totals plus(Info i) {
            return new Totals(namelookupNs + i.namelookupNs(), connectNs + i.connectNs(), appconnectNs + i.appconnectNs(),
                    pretransferNs + i.pretransferNs(), starttransferNs + i.starttransferNs(), totalNs + i.totalNs());
        }
    }

    // ----- -v

    /**
     * What curl 8.5 says once a name is resolved (not for an address typed as one):
     * {@code * Host example.com:443 was resolved.}, then the addresses of each family,
     * {@code * IPv6: (none)} and {@code * IPv4: 93.184.216.34}, comma-separated.
     */
    public static List<String> resolvedLines(String host, int port, List<String> ipv6, List<String> ipv4) {
        return List.of("* Host " + host + ":" + port + " was resolved.",
                "* IPv6: " + (ipv6.isEmpty() ? "(none)" : String.join(", ", ipv6)),
                "* IPv4: " + (ipv4.isEmpty() ? "(none)" : String.join(", ", ipv4)));
    }

    /** {@code *   Trying 93.184.216.34:80...}, {@code *   Trying [2001:db8::1]:443...} */
    public static String trying(String ip, int port) {
        return "*   Trying " + Ip6.hostPort(ip, port) + "...";
    }

    /** {@code * Connected to example.com (93.184.216.34) port 80} */
    public static String connected(String host, String ip, int port) {
        return "* Connected to " + host + " (" + ip + ") port " + port;
    }

    /**
     * Whether curl closes the connection after this response instead of leaving it intact: the
     * server said {@code Connection: close} (or answered an HTTP/1.0 request without keep-alive),
     * so curl 8.5 prints "* Closing connection".
     */
    static boolean closes(Exchange e) {
        String c = e.wireHeaders().get("Connection");
        return e.protocol() == HttpProtocol.HTTP_1_1 && c != null && c.toLowerCase(Locale.ROOT).contains("close");
    }

    /** {@code * Connection #0 to host example.com left intact} */
    public static String leftIntact(int connection, String host) {
        return "* Connection #" + connection + " to host " + host + " left intact";
    }

    /**
     * The request as curl -v shows it: the request line, the headers as sent, and a line with
     * "> " alone. For HTTP/2 curl prints the same HTTP/1-style block with "HTTP/2".
     */
    public static List<String> requestLines(Request r, HttpProtocol p) {
        return requestLines(r, p.display());
    }

    /** {@link #requestLines(Request, HttpProtocol)} with the version as the request line says it ("HTTP/1.0" for -0). */
    public static List<String> requestLines(Request r, String version) {
        List<String> l = new ArrayList<>();
        l.add("> " + r.method() + " " + r.target() + " " + version);
        for (Headers.Field f : r.headers().fields()) {
            l.add("> " + f.name() + ": " + f.value());
        }
        l.add("> ");
        return l;
    }

    /**
     * curl 8's HTTP/2 stream lines, printed before {@link #requestLines}: {@code * [HTTP/2] [1]
     * OPENED stream for URL} and one {@code [name: value]} per header field, pseudo-headers first.
     */
    public static List<String> http2StreamLines(int streamId, String url, Request r, String scheme) {
        String p = "* [HTTP/2] [" + streamId + "] ";
        List<String> l = new ArrayList<>();
        l.add(p + "OPENED stream for " + url);
        l.add(p + "[:method: " + r.method() + "]");
        l.add(p + "[:scheme: " + scheme + "]");
        l.add(p + "[:authority: " + r.host() + "]");
        l.add(p + "[:path: " + r.target() + "]");
        for (Headers.Field f : r.headers().fields()) {
            if (!f.name().equalsIgnoreCase("Host")) {
                l.add(p + "[" + f.name().toLowerCase(Locale.ROOT) + ": " + f.value() + "]");
            }
        }
        return l;
    }

    /**
     * The response as curl -v shows it: the status line ({@code HTTP/1.1 200 OK}, or curl's
     * {@code HTTP/2 200 } with its trailing space), the headers as received, and "< ".
     */
    public static List<String> responseLines(Response r, HttpProtocol p) {
        List<String> l = new ArrayList<>();
        l.add("< " + statusLine(r, p));
        for (Headers.Field f : r.headers().fields()) {
            l.add("< " + f.name() + ": " + f.value());
        }
        l.add("< ");
        return l;
    }

    /** {@link #responseLines(Response, HttpProtocol)} with the headers as they came off the wire. */
    public static List<String> responseLines(Exchange e) {
        return responseLines(new Response(e.response().status(), e.wireHeaders(), null), e.protocol());
    }

    /**
     * -D: a response's header block to standard output ({@code -}) or to a file of the node's
     * file area ({@code save}, where -c writes its jar and cat reads), which holds every response
     * of the transfer (redirects too) with CRLF line ends, as curl writes them; false when the
     * name is no file (curl's exit 23).
     */
    static boolean dumpHeader(String file, List<String> lines, StringBuilder dump, Terminal term,
                              java.util.function.BiPredicate<String, String> save) {
        if (file.equals("-")) {
            lines.forEach(l -> term.println(l.substring(2)));
            return true;
        }
        lines.forEach(l -> dump.append(l, 2, l.length()).append("\r\n"));
        if (save.test(file, dump.toString())) {
            return true;
        }
        term.println("Warning: Failed to open " + file);
        return false;
    }

    static String statusLine(Response r, HttpProtocol p) {
        if (p == HttpProtocol.H2) {
            return "HTTP/2 " + r.status() + " ";
        }
        return "HTTP/1.1 " + r.status() + " " + r.reason();
    }

    /** Bytes of the response header block as curl counts them (size_header). */
    static long headerSize(HttpProtocol p, Response r) {
        long n = statusLine(r, p).length() + 2;
        for (Headers.Field f : r.headers().fields()) {
            n += f.name().length() + 2 + f.value().length() + 2;
        }
        return n + 2;
    }

    /** Bytes of the request as sent over HTTP/1.1 (size_request). */
    static long requestSize(Request r) {
        long n = r.method().length() + 1 + r.target().length() + 1 + "HTTP/1.1".length() + 2;
        for (Headers.Field f : r.headers().fields()) {
            n += f.name().length() + 2 + f.value().length() + 2;
        }
        return n + 2 + r.body().length;
    }

    // ----- -w

    /**
     * Expands a {@code -w} format: {@code %{variable}}, {@code %{header{name}}}, {@code %%}, and
     * the escapes {@code \n \r \t \\}. Times print as seconds with six decimals, truncated to the
     * microsecond as curl does ({@code 0.020000}); http_code with three digits. An unknown
     * variable prints nothing (curl warns on stderr).
     */
    public static String writeOut(String format, Info info) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < n && format.charAt(i + 1) == '%') {
                sb.append('%');
                i += 2;
            } else if (c == '%' && i + 1 < n && format.charAt(i + 1) == '{') {
                int end = closing(format, i + 2);
                if (end < 0) {
                    sb.append(format, i, n);
                    break;
                }
                sb.append(variable(format.substring(i + 2, end), info));
                i = end + 1;
            } else if (c == '\\' && i + 1 < n) {
                char e = format.charAt(i + 1);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case '\\' -> sb.append('\\');
                    default -> sb.append(c).append(e);
                }
                i += 2;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** The index of the '}' closing a variable that starts at {@code from} ({@code header{x}} nests once). */
    private static int closing(String f, int from) {
        int depth = 0;
        for (int i = from; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    private static String variable(String name, Info in) {
        if (name.startsWith("header{") && name.endsWith("}")) {
            String v = in.responseHeaders().get(name.substring(7, name.length() - 1));
            return v == null ? "" : v;
        }
        return switch (name) {
            case "time_namelookup" -> seconds(in.namelookupNs());
            case "time_connect" -> seconds(in.connectNs());
            case "time_appconnect" -> seconds(in.appconnectNs());
            case "time_pretransfer" -> seconds(in.pretransferNs());
            case "time_starttransfer" -> seconds(in.starttransferNs());
            case "time_total" -> seconds(in.totalNs());
            case "time_redirect" -> seconds(in.redirectNs());
            case "num_redirects" -> Integer.toString(in.numRedirects());
            case "redirect_url" -> in.redirectUrl();
            case "http_code", "response_code" -> String.format(Locale.ROOT, "%03d", in.httpCode());
            case "size_download" -> Long.toString(in.sizeDownload());
            case "size_header" -> Long.toString(in.sizeHeader());
            case "size_request" -> Long.toString(in.sizeRequest());
            case "size_upload" -> "0";
            case "speed_download" -> Long.toString(in.totalNs() <= 0 ? 0 : in.sizeDownload() * 1_000_000_000L / in.totalNs());
            case "http_version" -> in.protocol() == HttpProtocol.H2 ? "2" : "1.1";
            case "scheme" -> in.scheme() == null ? "" : in.scheme().toUpperCase(Locale.ROOT);
            case "url_effective" -> in.urlEffective();
            case "remote_ip" -> in.remoteIp();
            case "remote_port" -> Integer.toString(in.remotePort());
            case "local_ip" -> in.localIp();
            case "local_port" -> Integer.toString(in.localPort());
            case "num_connects" -> Integer.toString(in.numConnects());
            case "content_type" -> {
                String v = in.responseHeaders().get("Content-Type");
                yield v == null ? "" : v;
            }
            case "exitcode" -> Integer.toString(in.exitCode());
            case "errormsg" -> in.errorMsg();
            default -> "";
        };
    }

    /** curl's time format: whole seconds, '.', six digits of microseconds (truncated). */
    public static String seconds(long ns) {
        long us = ns / 1000;
        return (us / 1_000_000) + "." + String.format(Locale.ROOT, "%06d", us % 1_000_000);
    }

    /**
     * curl's message for a fatal alert read after the handshake (ossl_recv's failf with OpenSSL's
     * error string), e.g. "OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13
     * alert certificate required, errno 0"; {@code alert} is the alert's name (certificate_required).
     */
    static String sslReadError(String alert) {
        String[] codeAndText = switch (alert) {
            case "certificate_required" -> new String[] {"0A00045C", "tlsv13 alert certificate required"};
            case "unknown_ca" -> new String[] {"0A000418", "tlsv1 alert unknown ca"};
            case "bad_certificate" -> new String[] {"0A000412", "sslv3 alert bad certificate"};
            case "certificate_expired" -> new String[] {"0A000415", "sslv3 alert certificate expired"};
            case "access_denied" -> new String[] {"0A000419", "tlsv1 alert access denied"};
            default -> new String[] {"0A000410", "sslv3 alert handshake failure"};
        };
        return "OpenSSL SSL_read: OpenSSL/3.0.19: error:" + codeAndText[0] + ":SSL routines::" + codeAndText[1] + ", errno 0";
    }

    /**
     * Why an exchange that did not complete fails, in curl's exit code and message, with the
     * {@code -v} lines before it added to {@code lines}.
     */
    static CurlArgs.CurlException exchangeFailure(dev.minternet.http.Exchange e, dev.minternet.transport.StreamSocket socket,
                                                  List<String> lines) {
        if (dev.minternet.http.HttpClient.HTTP_0_9.equals(e.error())) {
            // e.g. plain HTTP to a TLS port: the server's TLS alert is no HTTP/1.x status line
            lines.add("* " + dev.minternet.http.HttpClient.HTTP_0_9);
            lines.add("* Closing connection");
            return new CurlArgs.CurlException(1, dev.minternet.http.HttpClient.HTTP_0_9);
        } else if (e.firstByteNs() < 0 && e.error().startsWith("connection closed")) {
            lines.add("* Empty reply from server");
            lines.add("* Closing connection");
            return new CurlArgs.CurlException(52, "Empty reply from server");
        } else if (socket instanceof dev.minternet.tls.TlsStreamSocket t && t.failure() != null
                && t.failure().reason() == dev.minternet.tls.TlsFailure.Reason.PEER_ALERT) {
            // an alert after the handshake: in TLS 1.3 a server that refuses the client's
            // certificate (or the lack of one) says so after the client's Finished
            String why = sslReadError(t.failure().detail());
            lines.add("* TLSv1.3 (IN), TLS alert, unknown (628):");
            lines.add("* " + why);
            lines.add("* Closing connection");
            return new CurlArgs.CurlException(56, why);
        } else if (e.error() != null && e.error().contains("reset")) {
            // a RST on the connection (ECONNRESET), as curl's Curl_recv_plain says it
            return new CurlArgs.CurlException(56, "Recv failure: Connection reset by peer");
        }
        return new CurlArgs.CurlException(56, "Failure when receiving data from the peer");
    }
}
