package dev.minternet.tools.curl;

import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.Request;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * A curl command line, parsed as curl 8 does for the options Minternet supports, and the HTTP
 * request it makes. Pure: the curl tool (see {@link CurlOutput} for what it still needs) turns it
 * into DNS, TCP, TLS and an {@link HttpClient} exchange.
 *
 * <p>Errors are {@link CurlException}s carrying curl's exit code and message: 2 for a bad
 * command line ("option -X: requires parameter", "no URL specified"), 3 for a malformed URL, 1
 * for an unsupported scheme.
 */
record CurlArgs(CurlUrl url, boolean verbose, boolean silent, boolean showError, boolean include,
        boolean head, boolean insecure, boolean compressed, boolean failOnError, HttpVersionChoice version,
        String method, List<Headers.Field> extraHeaders, byte[] data, String writeOut, String output,
        List<Resolve> resolves, long maxTimeNs, long connectTimeoutNs, String userAgent, List<DataPart> dataParts,
        boolean noBuffer, Cookies cookies, int ipVersion, boolean location, int maxRedirs, String hstsFile,
        String dumpHeader, String user, CurlExtras x) {

    /** curl's --max-redirs when none is given (the tool's default, 50; -1 is no limit). */
    static final int DEFAULT_MAX_REDIRS = 50;

    /**
     * The cookie options: {@code -b} arguments (with '=' a literal "name=value" string, else a
     * file to read), {@code -c} the jar to write, {@code -j} dropping session cookies read from files.
     */
    public record Cookies(List<String> send, String jar, boolean junkSession) {
        static final Cookies NONE = new Cookies(List.of(), null, false);

        /** Whether the cookie engine is on (a cookie file to read or a jar to write; a literal alone does not start it). */
        public boolean engine() {
            return jar != null || files().size() > 0;
        }

        /** The files {@code -b} names. */
        public List<String> files() {
            List<String> out = new ArrayList<>();
            for (String s : send) {
                if (!s.contains("=")) {
                    out.add(s);
                }
            }
            return out;
        }

        /** The literal cookies of {@code -b name=value}, joined as curl joins them; null for none. */
        public String literal() {
            List<String> out = new ArrayList<>();
            for (String s : send) {
                if (s.contains("=")) {
                    out.add(s);
                }
            }
            return out.isEmpty() ? null : String.join("; ", out);
        }
    }

    /**
     * One {@code -d} argument: literal text, or {@code @file} to read ({@code --data-raw} never
     * reads). {@code -d}/{@code --data} drop carriage returns and newlines from the file as curl
     * does; {@code --data-binary} sends it as it is. {@code @-} (standard input) is empty: a
     * timeline has no stdin.
     */
    public record DataPart(String text, String file, boolean binary, DataKind kind, String name) {
        /** A {@code -d}/{@code --data-binary} part. */
        public DataPart(String text, String file, boolean binary) {
            this(text, file, binary, DataKind.DATA, null);
        }
    }

    /**
     * What made a data part: {@code -d} and its kin, {@code --data-urlencode} (with its name,
     * null or empty for none; encoded when the body is assembled), {@code --json} (joined to the
     * part before without '&amp;').
     */
    public enum DataKind { DATA, URLENCODE, JSON }

    /** Reads a file a {@code @file} argument names (the curl tool applies the file policy). */
    @FunctionalInterface
    public interface FileReader {
        byte[] read(String name) throws IOException;
    }

    /** The files {@code -d @file}, {@code --data-urlencode name@file}, {@code --json @file} and {@code --url-query name@file} name, in order. */
    public List<String> dataFiles() {
        List<String> out = new ArrayList<>();
        for (DataPart p : dataParts) {
            if (p.file() != null && !p.file().equals("-")) {
                out.add(p.file());
            }
        }
        for (String q : x.urlQueries()) {
            String f = CurlData.urlQueryFile(q);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * These arguments with the request body assembled: the parts joined with '&amp;' as curl joins
     * several {@code -d}, each {@code @file} read through {@code reader}. A file that cannot be
     * read makes that part empty, and {@code warn} gets its name and the reason, as curl warns
     * "Couldn't read data from file" and goes on.
     */
    public CurlArgs withData(FileReader reader, BiConsumer<String, IOException> warn) {
        if (dataParts.isEmpty() && x.urlQueries().isEmpty()) {
            return this;
        }
        byte[] body = dataParts.isEmpty() ? null : CurlData.body(dataParts, reader, warn);
        CurlUrl u = url;
        List<DataPart> parts = dataParts;
        if (x.get() && body != null) {
            // -G: the data is the query (tool_operate.c: then --url-query is not used), the request a GET
            u = CurlData.withQuery(url, new String(body, StandardCharsets.UTF_8));
            body = null;
            parts = List.of();
        } else if (!x.urlQueries().isEmpty()) {
            List<String> q = new ArrayList<>();
            for (String v : x.urlQueries()) {
                q.add(CurlData.urlQuery(v, reader, warn));
            }
            u = CurlData.withQuery(url, String.join("&", q));
        }
        return new CurlArgs(u, verbose, silent, showError, include, head, insecure, compressed, failOnError, version,
                method, extraHeaders, body, writeOut, output, resolves, maxTimeNs, connectTimeoutNs,
                userAgent, parts, noBuffer, cookies, ipVersion, location, maxRedirs, hstsFile, dumpHeader, user,
                x.withoutQueries());
    }

    /** These arguments writing the body to {@code file} (-O's name from the URL). */
    CurlArgs withOutput(String file) {
        return new CurlArgs(url, verbose, silent, showError, include, head, insecure, compressed, failOnError, version,
                method, extraHeaders, data, writeOut, file, resolves, maxTimeNs, connectTimeoutNs,
                userAgent, dataParts, noBuffer, cookies, ipVersion, location, maxRedirs, hstsFile, dumpHeader, user, x);
    }

    /** These arguments with {@code body} to send ({@code -T}'s file, {@code -F}'s multipart) and {@code u} as the URL. */
    CurlArgs withBody(CurlUrl u, byte[] body, CurlExtras extras) {
        return new CurlArgs(u, verbose, silent, showError, include, head, insecure, compressed, failOnError, version,
                method, extraHeaders, body, writeOut, output, resolves, maxTimeNs, connectTimeoutNs,
                userAgent, dataParts, noBuffer, cookies, ipVersion, location, maxRedirs, hstsFile, dumpHeader, user, extras);
    }

    /**
     * The arguments of the request -L makes next: {@code next} as the URL and, when {@code toGet}
     * (a POST answered 301, 302 or 303, as curl switches), no request body; -X's method stays.
     */
    public CurlArgs following(CurlUrl next, boolean toGet) {
        return new CurlArgs(next, verbose, silent, showError, include, head, insecure, compressed, failOnError, version,
                method, extraHeaders, toGet ? null : data, writeOut, output, resolves, maxTimeNs, connectTimeoutNs,
                userAgent, toGet ? List.of() : dataParts, noBuffer, cookies, ipVersion, location, maxRedirs, hstsFile, dumpHeader,
                next.host().equals(url.host()) && next.port() == url.port() ? user : null, // curl sends -u to the first host only
                (x.autoReferer() ? x.withReferer(CurlData.refererOf(url)) : x).following(toGet));
    }

    /**
     * -0/--http1.0 (HTTP/1.0 request lines; ALPN offers http/1.1 as curl's does), --http1.1,
     * --http2 (ALPN offers h2 and http/1.1; the default for https), --http2-prior-knowledge.
     */
    public enum HttpVersionChoice { DEFAULT, HTTP_1_0, HTTP_1_1, HTTP_2, HTTP_2_PRIOR_KNOWLEDGE }

    /** {@code --resolve host:port:address}. */
    public record Resolve(String host, int port, String address) {
    }

    /** A parsed URL: scheme (http or https), host, port (explicit or the scheme's), path with query. */
    public record CurlUrl(String scheme, String host, int port, boolean explicitPort, String target) {
        public boolean https() {
            return scheme.equals("https");
        }

        /** The Host header curl sends: the host, with ":port" only when the URL named a non-default one. */
        public String hostHeader() {
            boolean dflt = port == (https() ? 443 : 80);
            return explicitPort && !dflt ? host + ":" + port : host;
        }

        @Override
        public String toString() {
            return scheme + "://" + hostHeader() + target;
        }
    }

    /** A curl failure: what curl prints ("curl: (6) Could not resolve host: x") and its exit code. */
    public static final class CurlException extends RuntimeException {
        private final int exitCode;
        private final List<String> warnings;
        private final boolean hint;

        public CurlException(int exitCode, String message) {
            this(exitCode, message, List.of(), exitCode == 2);
        }

        /**
         * A failure with curl's warnings before it ("Warning: " lines, quiet under -s), its
         * message (null: none) and whether curl adds its "try 'curl --help'" line.
         */
        public CurlException(int exitCode, String message, List<String> warnings, boolean hint) {
            super(message);
            this.exitCode = exitCode;
            this.warnings = List.copyOf(warnings);
            this.hint = hint;
        }

        public int exitCode() {
            return exitCode;
        }

        public List<String> warnings() {
            return warnings;
        }

        public boolean hint() {
            return hint;
        }

        /** The line curl prints on stderr (null when it prints only its warnings). */
        public String line() {
            if (getMessage() == null) {
                return null;
            }
            return exitCode == 2 ? "curl: " + getMessage() : "curl: (" + exitCode + ") " + getMessage();
        }
    }

    /** Parses the arguments after "curl". */
    public static CurlArgs parse(List<String> args) {
        String url = null;
        boolean verbose = false;
        boolean silent = false;
        boolean showError = false;
        boolean include = false;
        boolean head = false;
        boolean insecure = false;
        boolean compressed = false;
        boolean fail = false;
        HttpVersionChoice version = HttpVersionChoice.DEFAULT;
        String method = null;
        List<Headers.Field> headers = new ArrayList<>();
        List<DataPart> dataParts = new ArrayList<>();
        String writeOut = null;
        String output = null;
        List<Resolve> resolves = new ArrayList<>();
        long maxTime = 0;
        boolean noBuffer = false;
        long connectTimeout = 0;
        String userAgent = null;
        List<String> cookieSend = new ArrayList<>();
        String cookieJar = null;
        boolean junk = false;
        int ipVersion = 0;
        boolean location = false;
        int maxRedirs = DEFAULT_MAX_REDIRS;
        String hstsFile = null;
        String dumpHeader = null;
        String user = null;
        CurlExtras.Builder more = new CurlExtras.Builder();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || a.equals("-")) {
                url = a;
                continue;
            }
            List<String> opts = new ArrayList<>();
            String attached = null;
            if (a.startsWith("--")) {
                opts.add(a);
            } else {
                // short options may be combined (-sS, -vk) and the last may carry its value (-XPOST)
                for (int k = 1; k < a.length(); k++) {
                    String o = "-" + a.charAt(k);
                    opts.add(o);
                    if (takesValue(o) && k + 1 < a.length()) {
                        attached = a.substring(k + 1);
                        break;
                    }
                }
            }
            for (String o : opts) {
                String v = null;
                if (takesValue(o)) {
                    if (attached != null) {
                        v = attached;
                        attached = null;
                    } else if (i + 1 < args.size()) {
                        v = args.get(++i);
                    } else {
                        throw new CurlException(2, "option " + o + ": requires parameter");
                    }
                }
                switch (o) {
                    case "-v", "--verbose" -> verbose = true;
                    case "-s", "--silent" -> silent = true;
                    case "-S", "--show-error" -> showError = true;
                    case "-i", "--include" -> include = true;
                    case "-I", "--head" -> head = true;
                    case "-k", "--insecure" -> insecure = true;
                    case "-f", "--fail" -> {
                        if (more.failWithBody) { // tool_getparam.c: the two exclude each other
                            throw new CurlException(2, "option " + o + ": is badly used here");
                        }
                        fail = true;
                    }
                    case "--fail-with-body" -> {
                        if (fail) {
                            throw new CurlException(2, "option " + o + ": is badly used here");
                        }
                        more.failWithBody = true;
                    }
                    case "--compressed" -> compressed = true;
                    case "-N", "--no-buffer" -> noBuffer = true;
                    case "-0", "--http1.0" -> version = HttpVersionChoice.HTTP_1_0;
                    case "--http1.1" -> version = HttpVersionChoice.HTTP_1_1;
                    case "--http2" -> version = HttpVersionChoice.HTTP_2;
                    case "--http2-prior-knowledge" -> version = HttpVersionChoice.HTTP_2_PRIOR_KNOWLEDGE;
                    case "-X", "--request" -> method = v;
                    case "-H", "--header" -> headers.add(header(v));
                    case "-A", "--user-agent" -> userAgent = v;
                    case "-d", "--data", "--data-ascii", "--data-binary" -> dataParts.add(v.startsWith("@")
                            ? new DataPart(null, v.substring(1), o.equals("--data-binary"))
                            : new DataPart(v, null, false));
                    case "--data-raw" -> dataParts.add(new DataPart(v, null, false));
                    case "-w", "--write-out" -> writeOut = v;
                    case "-o", "--output" -> output = more.outputs++ == 0 ? v : output; // the first -o or -O names the file
                    case "--resolve" -> resolves.add(resolve(v));
                    case "-m", "--max-time" -> maxTime = seconds(o, v);
                    case "--connect-timeout" -> connectTimeout = seconds(o, v);
                    case "--url" -> url = v;
                    case "-b", "--cookie" -> cookieSend.add(v);
                    case "-c", "--cookie-jar" -> cookieJar = v;
                    case "-j", "--junk-session-cookies" -> junk = true;
                    case "-4", "--ipv4" -> ipVersion = 4;
                    case "-6", "--ipv6" -> ipVersion = 6;
                    case "-L", "--location" -> location = true;
                    case "--max-redirs" -> maxRedirs = maxRedirs(o, v);
                    case "--hsts" -> hstsFile = v;
                    case "-D", "--dump-header" -> dumpHeader = v;
                    case "-u", "--user" -> user = v;
                    default -> {
                        if (!more.option(o, v, dataParts, o)) {
                            throw new CurlException(2, "option " + o + ": is unknown");
                        }
                    }
                }
            }
        }
        if (url == null) {
            throw new CurlException(2, "no URL specified!");
        }
        more.checkMethods(!dataParts.isEmpty());
        CurlArgs parsed = new CurlArgs(parseUrl(url), verbose, silent, showError, include, head, insecure, compressed,
                fail, version, method, List.copyOf(headers), null, writeOut, output, List.copyOf(resolves), maxTime,
                connectTimeout, userAgent, List.copyOf(dataParts), noBuffer,
                cookieSend.isEmpty() && cookieJar == null && !junk ? Cookies.NONE : new Cookies(List.copyOf(cookieSend), cookieJar, junk),
                ipVersion, location, maxRedirs, hstsFile, dumpHeader, user != null ? user : userinfo(url), more.build());
        // literal data needs no file: assemble it now ('@file' parts wait for withData)
        if (!parsed.dataFiles().isEmpty()) {
            return parsed;
        }
        try {
            return parsed.withData(name -> new byte[0], (name, e) -> { });
        } catch (CurlException e) {
            return parsed; // a -G query that makes no URL fails when the transfer starts (exit 3, quiet with -s)
        }
    }

    private static boolean takesValue(String o) {
        return switch (o) {
            case "-X", "--request", "-H", "--header", "-A", "--user-agent", "-d", "--data", "--data-raw", "--data-ascii",
                    "--data-binary", "-w", "--write-out", "-o", "--output", "--resolve", "-m", "--max-time",
                    "--connect-timeout", "--url", "-b", "--cookie", "-c", "--cookie-jar", "--max-redirs", "--hsts", "-D", "--dump-header",
                    "-u", "--user" -> true;
            default -> CurlExtras.takesValue(o);
        };
    }

    private static Headers.Field header(String v) {
        int colon = v.indexOf(':');
        int semi = v.indexOf(';');
        if (colon < 0 && semi == v.length() - 1 && semi > 0) {
            return new Headers.Field(v.substring(0, semi), ""); // "-H 'X;'" sends an empty header
        }
        if (colon <= 0) {
            return new Headers.Field(v, null); // curl ignores it
        }
        String value = v.substring(colon + 1).strip();
        return new Headers.Field(v.substring(0, colon), value.isEmpty() ? null : value); // "-H 'Accept:'" removes
    }

    private static Resolve resolve(String v) {
        String[] p = v.split(":", 3);
        try {
            if (p.length == 3) {
                return new Resolve(p[0], Integer.parseInt(p[1]), p[2]);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CurlException(49, "Couldn't parse CURLOPT_RESOLVE entry '" + v + "'");
    }

    /** --max-redirs: a whole number, -1 for no limit (curl's str2num: a negative other than -1 is refused). */
    private static int maxRedirs(String o, String v) {
        try {
            long n = Long.parseLong(v.strip());
            if (n < -1) {
                throw new CurlException(2, "option " + o + ": expected a proper numerical parameter");
            }
            return (int) Math.min(n, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new CurlException(2, "option " + o + ": expected a proper numerical parameter");
        }
    }

    private static long seconds(String o, String v) {
        try {
            double s = Double.parseDouble(v);
            if (s < 0 || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            if (s > Long.MAX_VALUE / 1000.0) {
                throw new CurlException(2, "option " + o + ": too large number"); // curl keeps milliseconds in a long
            }
            return Math.round(s * 1e9); // saturates: longer than 292 years is never, as the simulator reads it
        } catch (NumberFormatException e) {
            throw new CurlException(2, "option " + o + ": expected a proper numerical parameter");
        }
    }

    /** Parses a URL as curl does for http and https; a URL without a scheme means http. */
    public static CurlUrl parseUrl(String url) {
        String rest = url;
        String scheme = "http";
        int sep = url.indexOf("://");
        if (sep >= 0) {
            scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
            rest = url.substring(sep + 3);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CurlException(1, "Protocol \"" + scheme + "\" not supported");
        }
        int slash = indexOfAny(rest, "/?#");
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String target = slash < 0 ? "/" : rest.substring(slash);
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash); // fragments stay in the client
        }
        if (target.startsWith("?")) {
            target = "/" + target;
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host = authority;
        int port = scheme.equals("https") ? 443 : 80;
        boolean explicit = false;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            host = authority.substring(0, colon);
            String ps = authority.substring(colon + 1);
            if (!ps.isEmpty()) {
                try {
                    port = Integer.parseInt(ps);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) {
                    throw new CurlException(3, "URL using bad/illegal format or missing URL");
                }
                explicit = true;
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '\\')) {
            throw new CurlException(3, "URL using bad/illegal format or missing URL");
        }
        if (host.startsWith("[")) {
            if (host.indexOf('%') >= 0 && host.endsWith("]") && Ip6.isAddress(host.substring(1, host.indexOf('%')))) {
                // curl takes fe80::1%25eth0 and connects on that interface; link-local scopes are not modelled
                throw new CurlException(3, "IPv6 zone ID in URL not supported here: " + host
                        + " (link-local scopes are not modelled; use a global address)");
            }
            try {
                host = IpAddress.canonicalUrlHost(host); // curl's URL parser stores the address as inet_ntop prints it
            } catch (IllegalArgumentException e) {
                throw new CurlException(3, "URL using bad/illegal format or missing URL");
            }
        }
        return new CurlUrl(scheme, host.toLowerCase(Locale.ROOT), port, explicit, target);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean named(List<Headers.Field> fields, String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }

    /** The method curl uses: -X, else HEAD for -I, POST with -d, GET. */
    public String effectiveMethod() {
        if (method != null) {
            return method;
        }
        if (head) {
            return "HEAD";
        }
        return !dataParts.isEmpty() || !x.form().isEmpty() ? "POST" : x.uploadFile() != null ? "PUT" : "GET";
    }

    /** The client options for this command (Host, Authorization, User-Agent, --compressed, scheme). */
    public HttpClient.Options clientOptions() {
        HttpClient.Options o = HttpClient.Options.curl(url.hostHeader()).withCompressed(compressed).withScheme(url.scheme())
                .withCurlOrder(true).withHttp10(version == HttpVersionChoice.HTTP_1_0)
                .withRange(x.range() == null ? null : "bytes=" + x.range());
        if (user != null) {
            o = o.withAuthorization(basic());
        }
        return userAgent != null ? o.withUserAgent(userAgent) : o;
    }

    /** The user name of {@code -u} (or the URL's user information), up to its first colon. */
    public String userName() {
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
    }

    /** Whether {@code -u} names a user without a password (curl asks for one). */
    public boolean asksPassword() {
        return user != null && user.indexOf(':') < 0;
    }

    /** RFC 7617 Basic credentials: base64 of "user:password" (an empty password when none is given). */
    String basic() {
        String pair = user.indexOf(':') < 0 ? user + ":" : user;
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The URL's user information ("user:password" before '@'), percent-decoded as curl does, or null. */
    static String userinfo(String url) {
        if (url == null) {
            return null;
        }
        int sep = url.indexOf("://");
        String rest = sep < 0 ? url : url.substring(sep + 3);
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String info = authority.substring(0, at);
        int colon = info.indexOf(':');
        // curl's URL form has no password prompt: "user@" is user with an empty password
        return java.net.URLDecoder.decode((colon < 0 ? info + ":" : info).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The request as curl builds it; {@link HttpClient} puts Host, User-Agent and Accept first
     * (unless -H replaced them) and Content-Length after the custom headers. A -H header with an
     * empty value removes a default one.
     */
    public Request request() {
        Headers h = Headers.EMPTY;
        if (x.referer() != null && !named(extraHeaders, "Referer")) {
            h = h.with("Referer", x.referer()); // lib/http.c: after Accept-Encoding, before the cookies and -H fields
        }
        List<String> removed = new ArrayList<>();
        for (Headers.Field f : extraHeaders) {
            if (f.value() == null) {
                removed.add(f.name());
            } else {
                h = h.with(f.name(), f.value());
            }
        }
        if (x.json()) {
            // tool_paramhlp.c get_args: --json adds these to the -H list unless it names them (even to remove them)
            if (!named(extraHeaders, "Content-Type")) {
                h = h.with("Content-Type", "application/json");
            }
            if (!named(extraHeaders, "Accept")) {
                h = h.with("Accept", "application/json");
            }
        }
        if (data != null) {
            // after the custom headers, in curl's order
            if (!h.contains("Content-Length")) {
                h = h.with("Content-Length", Integer.toString(data.length));
            }
            String type = x.bodyType() == null ? "application/x-www-form-urlencoded" : x.bodyType();
            if (!h.contains("Content-Type") && !type.isEmpty()) {
                h = h.with("Content-Type", type); // -T sends none; -F its multipart type with the boundary
            }
        }
        for (String name : removed) {
            // an explicit empty header suppresses curl's default: mark it for the client
            h = h.without(name).with(name, HttpClient.NO_DEFAULT);
        }
        return Request.of(effectiveMethod(), url.target(), h, data);
    }
}
