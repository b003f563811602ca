package dev.minternet.tools.curl;

import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.Attempt;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.HappyEyeballs;
import dev.minternet.endpoint.Steps;
import dev.minternet.files.FilePolicy;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.tls.TlsFailure;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.curl.CurlArgs.CurlException;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Type;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One curl transfer in progress, and the next one when -L follows a redirect: name lookup, the
 * connection's steps ({@link Endpoints#connect} reports them), the request, the answer, the
 * {@code -v} lines and the exit code of {@link Curl}.
 */
final class CurlTransfer implements Steps {
    /**
     * What the requests of one curl command share when -L follows redirects: the first request's
     * start, the timers' totals of the requests before, the count of redirects followed and of
     * connections made, -m's timer, the progress meter's header, and the connections left intact
     * (curl's connection cache: the next request to the same origin reuses one, all close when
     * curl ends).
     */
    static final class Chain {
        final long start;
        CurlOutput.Totals totals = CurlOutput.Totals.NONE;
        int redirects;
        long redirectNs;
        int connects;
        int nextConnectionId;
        boolean meterShown;
        Timer maxTimer;
        CurlTransfer current;
        final List<Kept> kept = new ArrayList<>();
        /** --hsts: the HSTS cache read when curl started (null without the option). */
        CurlHsts hsts;
        /** --retry: the attempts left and their delay (null without the option). */
        CurlRetry retry;
        /** -D FILE: every response's header block so far, as curl writes them (CRLF line ends). */
        final StringBuilder headerDump = new StringBuilder();

        Chain(long start) {
            this.start = start;
        }
    }

    /** A connection left intact: its origin (scheme://host:port), curl's number for it, what it is connected to. */
    record Kept(String origin, int id, HttpClient client, StreamSocket socket, String ip, int nextStream) {
    }

    final Node node;
    final CurlArgs a;
    final Terminal term;
    final long t0;
    final String host;
    final int port;
    String ip = "";
    long namelookup;
    long connectAt;
    long appconnectAt;
    HappyEyeballs attempt;
    /** Any address tried yet (the first "Trying" line continues the meter's first line). */
    boolean tried;
    StreamSocket socket;
    HttpClient client;
    Timer connectTimer;
    Timer maxTimer;
    boolean done;
    boolean connected;
    boolean fromResolve;
    /** With -v on a node with a mesh sidecar, its mutual TLS hop for this transfer (null otherwise). */
    MeshHop mesh;
    /** The TCP connection under TLS, whose sent bytes give the ClientHello's size. */
    TcpConnection tcp;
    /** Whether the connection was refused (ECONNREFUSED: --retry-connrefused retries it). */
    boolean refused;
    /** Body bytes received, for the progress meter. */
    long received;
    long expected;
    /** -N: whether body bytes were printed as they came, and the line not yet ended. */
    boolean streamed;
    final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    /** The cookie engine (null when off). */
    final CurlCookies cookies;
    /** What each Set-Cookie of the answer did, in order, for -v's "Added cookie" lines. */
    List<dev.minternet.http.CookieJar.Stored> stored = List.of();

    /** The requests of this command (more than one when -L follows a redirect). */
    final Chain chain;
    /** curl's number of the connection this request went on. */
    int connectionId;
    /** Whether this request went on a connection an earlier one left intact. */
    boolean reused;
    /** The HTTP/2 stream of this request on its connection. */
    int streamId = 1;
    /** --limit-rate's pacing of this connection's reads (null without the option). */
    CurlRateLimit rateLimit;
    /** The TCP socket this request connected (null on a reused connection). */
    TcpStreamSocket rawTcp;

    CurlTransfer(Node node, CurlArgs a, Terminal term, CurlCookies cookies, Chain chain) {
        this.chain = chain;
        this.cookies = cookies;
        this.node = node;
        this.a = a;
        this.term = term;
        this.t0 = node.sim().now();
        // the URL's [2001:db8::1] is the host 2001:db8::1 in curl's messages
        String h = a.url().host();
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.port = a.url().port();
    }

    void verbose(String line) {
        if (a.verbose()) {
            term.println(line);
        }
    }

    /**
     * Whether curl shows its progress meter: the body goes to a file (not the terminal) and
     * -s is not given. With -v, curl's trace then marks each piece of data it passed with
     * {@code } [N bytes data]} (sent) or {@code { [N bytes data]} (received).
     */
    boolean meter() {
        return !a.silent() && a.output() != null && !a.output().equals("-");
    }

    void data(boolean in, long n) {
        if (meter()) {
            verbose((in ? "{ [" : "} [") + n + " bytes data]");
        }
    }

    void meterHeader() {
        if (meter() && !chain.meterShown) {
            chain.meterShown = true;
            ProgressMeter.header().forEach(term::println);
        }
    }

    /** The meter's last line, as the terminal shows it when the transfer ends. */
    /** curl's message for a status -f or --fail-with-body fails on (lib/http.c). */
    private static String httpError(int status) {
        return "The requested URL returned error: " + status;
    }

    private boolean meterDone;

    void finalMeter() {
        if (!meter() || meterDone) {
            return;
        }
        meterDone = true; // once a transfer (-f prints it before its "Closing connection")
        meterHeader();
        long spent = node.sim().now() - t0;
        long up = a.request().body().length;
        long speed = spent <= 0 ? 0 : received * 1_000_000_000L / spent;
        long ulSpeed = spent <= 0 ? 0 : up * 1_000_000_000L / spent;
        term.println(ProgressMeter.line(expected, received, up, connected ? up : 0, speed, connected ? ulSpeed : 0, spent, -1));
    }

    long elapsedMs() {
        return (node.sim().now() - t0) / Durations.MS;
    }

    void begin() {
        boolean first = chain.current == null;
        chain.current = this;
        if (first) {
            term.onInterrupt(() -> chain.current.finish(130, null, null));
        }
        // -m covers the whole transfer (every request -L makes), --connect-timeout name lookup, TCP and TLS (as curl's)
        if (first && a.maxTimeNs() > 0) {
            chain.maxTimer = new Timer(node.sim(), () -> {
                CurlTransfer t = chain.current;
                t.fail(28, t.ip.isEmpty()
                        ? "Resolving timed out after " + t.elapsedMs() + " milliseconds"
                        : t.connected ? "Operation timed out after " + t.elapsedMs() + " milliseconds with " + t.received + " bytes received"
                        : "Connection timed out after " + t.elapsedMs() + " milliseconds");
            });
            chain.maxTimer.setAfter(a.maxTimeNs());
        }
        maxTimer = chain.maxTimer;
        long ct = a.connectTimeoutNs() > 0 ? a.connectTimeoutNs() : Curl.DEFAULT_CONNECT_TIMEOUT_NS;
        connectTimer = new Timer(node.sim(), () -> fail(28, ip.isEmpty()
                ? "Resolving timed out after " + elapsedMs() + " milliseconds"
                : socket != null ? "SSL connection timeout"
                : "Failed to connect to " + host + " port " + port + " after " + elapsedMs() + " ms: Timeout was reached"));
        connectTimer.setAfter(ct);
        if (reuse()) {
            return;
        }
        List<Ip6> v6 = new ArrayList<>();
        List<Integer> v4 = new ArrayList<>();
        for (CurlArgs.Resolve r : a.resolves()) {
            String addr = r.address().startsWith("[") && r.address().endsWith("]")
                    ? r.address().substring(1, r.address().length() - 1) : r.address();
            if (r.host().equalsIgnoreCase(host) && r.port() == port && (Ip4.isAddress(addr) || Ip6.isAddress(addr))) {
                verbose("* Added " + r.host() + ":" + r.port() + ":" + r.address() + " to DNS cache");
                verbose("* Hostname " + host + " was found in DNS cache");
                if (Ip4.isAddress(addr)) {
                    v4.add(Ip4.parse(addr));
                } else {
                    v6.add(Ip6.parse(addr));
                }
            }
        }
        if (!v4.isEmpty() || !v6.isEmpty()) {
            fromResolve = true;
            resolved(v6, v4);
            return;
        }
        if (Ip6.isAddress(host)) {
            resolved(List.of(Ip6.parse(host)), List.of());
            return;
        }
        if (Ip4.isAddress(host)) {
            resolved(List.of(), List.of(Ip4.parse(host)));
            return;
        }
        if (host.equalsIgnoreCase("localhost")) {
            // curl resolves localhost itself (RFC 6761 6.3): ::1 where IPv6 works, and 127.0.0.1
            resolved(node.hasIp6() ? List.of(Ip6.parse("::1")) : List.of(), List.of(Ip4.LOCALHOST));
            return;
        }
        // getaddrinfo: the hosts table, then the node's stub resolver (DNS over the simulated
        // network): A and AAAA queries both, as glibc sends them (AF_UNSPEC), one with -4 or -6
        int fromHosts = node.world().resolve(host);
        StubResolver stub = node.service(StubResolver.class);
        if (fromHosts != 0 || stub == null) {
            resolved(List.of(), fromHosts != 0 && a.ipVersion() != 6 ? List.of(fromHosts) : List.of());
            return;
        }
        int[] pending = {a.ipVersion() == 0 ? 2 : 1};
        Runnable answered = () -> {
            if (--pending[0] == 0) {
                resolved(v6, v4);
            }
        };
        // glibc's getaddrinfo (AF_UNSPEC) sends the A query first, then the AAAA one
        if (a.ipVersion() != 6) {
            stub.lookup(host, Type.A, ans -> {
                v4.addAll(ans.addresses());
                answered.run();
            });
        }
        if (a.ipVersion() != 4) {
            stub.lookup(host, Type.AAAA, ans -> {
                for (org.xbill.DNS.Record r : ans.records()) {
                    if (r instanceof AAAARecord q) {
                        v6.add(Ip6.read(q.getAddress().getAddress(), 0));
                    }
                }
                answered.run();
            });
        }
    }

    void resolved(List<Ip6> v6in, List<Integer> v4in) {
        if (done) {
            return;
        }
        namelookup = node.sim().now();
        List<Ip6> v6 = a.ipVersion() == 4 ? List.of() : v6in;
        List<Integer> v4 = a.ipVersion() == 6 ? List.of() : v4in;
        boolean literal = Ip4.isAddress(host) || Ip6.isAddress(host);
        if (v6.isEmpty() && v4.isEmpty()) {
            // an address of the other family than -4/-6 asks for: nothing to connect to
            fail(literal ? 7 : 6, literal ? "Couldn't connect to server" : "Could not resolve host: " + host);
            return;
        }
        if (!literal && !fromResolve) {
            List<String> s6 = new ArrayList<>();
            v6.forEach(x -> s6.add(x.toString()));
            List<String> s4 = new ArrayList<>();
            v4.forEach(x -> s4.add(Ip4.str(x)));
            CurlOutput.resolvedLines(host, port, s6, s4).forEach(this::verbose);
        }
        meterHeader();
        List<Dial> d6 = new ArrayList<>();
        v6.forEach(x -> d6.add(dial(0).to6(x)));
        List<Dial> d4 = new ArrayList<>();
        v4.forEach(x -> d4.add(dial(x)));
        // Happy Eyeballs v2 (RFC 8305) with curl's own 200 ms delay between the families
        attempt = HappyEyeballs.connect(node, d6, d4, HappyEyeballs.prefersV6(node, v6), HappyEyeballs.CURL_DELAY_NS, this,
                new HappyEyeballs.Observer() {
                    @Override
                    public void trying(Dial d) {
                        ip = d.host();
                        // the meter's first line, which -v's next line continues (curl writes no newline after it)
                        verbose((meter() && !tried ? ProgressMeter.zero() : "") + CurlOutput.trying(ip, port));
                        tried = true;
                    }

                    @Override
                    public void attemptFailed(Dial d, Attempt at, Steps.Failure f) {
                        TcpConnection c = at == null ? null : at.connection();
                        String err = f.error().isEmpty() ? f.error() : Character.toUpperCase(f.error().charAt(0)) + f.error().substring(1);
                        verbose(c == null || c.localPort() == 0 ? "* Immediate connect fail for " + d.host() + ": " + err
                                : "* connect to " + d.host() + " port " + port + " from "
                                + dev.minternet.transport.tcp.Tcp6.localHost(c) + " port " + c.localPort() + " failed: " + err);
                    }

                    @Override
                    public void won(Dial d, String why) {
                        ip = d.host();
                    }
                });
    }

    String origin() {
        return a.url().scheme() + "://" + host + ":" + port;
    }

    /**
     * Goes on with a connection an earlier request of this command left intact to the same
     * origin, as curl's connection cache hands it out (with curl 8.5's lines); false when
     * there is none still open.
     */
    boolean reuse() {
        Kept k = null;
        for (Kept x : chain.kept) {
            if (x.origin().equals(origin()) && x.client().isOpen()) {
                k = x;
                break;
            }
        }
        if (k == null) {
            return false;
        }
        chain.kept.remove(k);
        boolean h2 = k.client().protocol() == HttpProtocol.H2;
        // the bundle's address is a pointer in curl's memory: a fixed one here (modelled)
        verbose("* Found bundle for host: 0x5581c0a4e2f0 [" + (h2 ? "can multiplex" : "serially") + "]");
        if (!h2 && a.version() != CurlArgs.HttpVersionChoice.HTTP_1_1) {
            verbose("* Can not multiplex, even if we wanted to");
        }
        verbose("* Re-using existing connection with host " + host);
        reused = true;
        connectionId = k.id();
        streamId = k.nextStream();
        ip = k.ip();
        socket = k.socket();
        rawTcp = CurlRateLimit.tcpUnder(socket);
        namelookup = node.sim().now();
        connectAt = node.sim().now();
        connectTimer.cancel();
        connected = true;
        startHttp(k.client());
        return true;
    }

    /** TCP, then for https TLS offering ALPN as --http1.1 or not says; in clear text HTTP/1.1 or h2 with prior knowledge. */
    Dial dial(int addr) {
        if (!a.url().https()) {
            HttpProtocol p = a.version() == CurlArgs.HttpVersionChoice.HTTP_2_PRIOR_KNOWLEDGE ? HttpProtocol.H2
                    : HttpProtocol.HTTP_1_1;
            return Dial.http(addr, port, a.clientOptions()).withCleartext(p);
        }
        ConnectOptions o = ConnectOptions.DEFAULT.withInsecure(a.insecure()).withAlpn(alpn().toArray(new String[0]));
        return Dial.https(addr, port, host, a.clientOptions()).withTls(a.x().tls().apply(o));
    }

    List<String> alpn() {
        return a.version() == CurlArgs.HttpVersionChoice.HTTP_1_1 || a.version() == CurlArgs.HttpVersionChoice.HTTP_1_0
                ? List.of("http/1.1") : List.of("h2", "http/1.1"); // vtls.c: "http/1.1" for HTTP/1.x, never "http/1.0"
    }

    @Override
    public void tcpConnected(StreamSocket s) {
        if (done) {
            attempt.abort();
            return;
        }
        socket = s;
        tcp = s instanceof TcpStreamSocket t ? t.connection() : null;
        connectAt = node.sim().now();
        connectionId = chain.nextConnectionId++;
        chain.connects++;
        verbose(CurlOutput.connected(host, ip, port));
        if (a.verbose() && !a.url().https()) {
            mesh = MeshHop.watch(node, term, Ip4.str(s.localAddress()) + ":" + s.localPort());
        }
        if (a.url().https()) {
            CurlException e = CurlTlsLines.setupLines(term, a, "* ALPN: curl offers " + String.join(",", alpn()));
            if (e != null) {
                fail(e.exitCode(), e.getMessage());
                return;
            }
        }
        rawTcp = s instanceof TcpStreamSocket t ? t : null;
    }

    @Override
    public void tlsDone(TlsStreamSocket t) {
        if (done) {
            return;
        }
        appconnectAt = node.sim().now();
        CurlTlsLines.print(term, a, tcp, t.session(), host, this::data);
        socket = t;
    }

    @Override
    public void ready(HttpClient c) {
        if (done) {
            return;
        }
        connectTimer.cancel();
        connected = true;
        startHttp(c);
    }

    @Override
    public void failed(Steps.Failure f) {
        if (done) {
            return;
        }
        if (f.tls() != null) {
            tlsFailed(f.tls());
        } else {
            refused = f.error().contains("refused");
            fail(7, "Failed to connect to " + host + " port " + port + " after " + elapsedMs() + " ms: Couldn't connect to server");
        }
    }

    void tlsFailed(TlsFailure f) {
        if (done) {
            return;
        }
        String alert = f.reason() == TlsFailure.Reason.PEER_ALERT ? CurlTlsLines.alertFailure(term, a, f.detail()) : null;
        if (alert != null) {
            fail(35, alert);
            return;
        }
        verbose("* " + f.curlMessage());
        fail(f.curlExitCode(), f.curlMessage());
    }

    void startHttp(HttpClient c) {
        client = c;
        if (a.x().tls().limitRate() > 0 && rawTcp != null) {
            rateLimit = new CurlRateLimit(node.sim(), rawTcp, a.x().tls().limitRate(), t0);
        }
        HttpProtocol p = c.protocol();
        Request r = client.withDefaults(CurlCookies.withCookies(cookies, a, a.request(), nowMs()));
        if (p == HttpProtocol.H2) {
            verbose("* using HTTP/2");
        }
        if (a.user() != null) {
            verbose("* Server auth using Basic with user '" + a.userName() + "'");
        }
        if (p == HttpProtocol.H2) {
            if (a.verbose()) {
                CurlOutput.http2StreamLines(streamId, a.url().toString(), r, a.url().scheme()).forEach(term::println);
            }
        }
        if (a.verbose()) {
            if (a.url().https()) {
                data(false, 5); // the record header of the first request record
            }
            CurlOutput.requestLines(r, a.version() == CurlArgs.HttpVersionChoice.HTTP_1_0 && p == HttpProtocol.HTTP_1_1
                    ? "HTTP/1.0" : p.display()).forEach(term::println);
            if (a.url().https()) {
                data(true, 5);
            }
        }
        boolean toTerminal = a.output() == null || a.output().equals("-");
        client.send(r, 0, a.noBuffer() && toTerminal && !a.head() ? this::chunk : null, this::exchanged);
    }

    long nowMs() {
        return node.world().epoch().toEpochMilli() + node.sim().now() / Durations.MS;
    }

    /** -N: the body's lines go to the terminal as they arrive, not when the transfer ends. */
    void chunk(byte[] b) {
        if (done) {
            return;
        }
        streamed = true;
        received += b.length;
        for (byte x : b) {
            if (x == '\n') {
                term.println(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(x);
            }
        }
    }

    /** The last line of a streamed body, if it did not end with a newline. */
    void flushLine() {
        if (line.size() > 0) {
            term.println(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }

    void exchanged(Exchange e) {
        if (done) {
            return;
        }
        if (!e.ok()) {
            List<String> lines = new ArrayList<>();
            CurlException f = CurlOutput.exchangeFailure(e, socket, lines);
            lines.forEach(this::verbose);
            fail(f.exitCode(), f.getMessage());
            return;
        }
        if (cookies != null) {
            stored = cookies.receive(e.response().headers(), a.url(), nowMs());
        }
        if (a.verbose()) {
            CurlCookies.withCookieLines(cookies, stored, CurlOutput.responseLines(e)).forEach(term::println);
        }
        if (a.include() || a.head()) {
            for (String l : CurlOutput.responseLines(e)) {
                term.println(l.substring(2)); // stdout, besides -v's "< " copy on stderr
            }
        }
        if (a.dumpHeader() != null && !CurlOutput.dumpHeader(a.dumpHeader(), CurlOutput.responseLines(e), chain.headerDump, term,
                this::save)) {
            fail(23, "Failure writing output to destination");
            return;
        }
        if (chain.hsts != null && a.url().https()) {
            chain.hsts.receive(host, e.wireHeaders().get("Strict-Transport-Security"), CurlHsts.epochSeconds(node));
        }
        int status = e.response().status();
        String location = e.wireHeaders().get("Location");
        String redirectUrl = status >= 300 && status < 400 && location != null ? Curl.resolveLocation(a.url(), location) : null;
        if (a.location() && location != null && status >= 300 && status < 400) {
            follow(e, redirectUrl);
            return;
        }
        String length = e.wireHeaders().get("Content-Length");
        expected = length != null && length.matches("[0-9]{1,18}") ? Long.parseLong(length) : 0;
        if (a.failOnError() && status >= 400) { // -f (lib/http.c http_should_fail): no body, the connection closed
            String why = httpError(status);
            verbose("* " + why);
            finalMeter();
            verbose("* Closing connection");
            finish(22, info(e).failed(22, why).after(chain.totals, chain.redirects, chain.redirectNs, chain.connects, ""), why);
            return;
        }
        byte[] body = e.response().body();
        received = body.length;
        if (body.length > 0) {
            data(true, body.length);
        }
        if (a.output() != null && !a.output().equals("-")) {
            // under the output folder (FilePolicy); curl does not create folders without --create-dirs
            try (OutputStream out = term.files().create(a.output(), false)) {
                out.write(body);
            } catch (IOException x) {
                if (!a.silent()) {
                    term.println("Warning: Failed to open the file " + a.output() + ": " + FilePolicy.reason(x));
                }
                fail(23, "Failure writing output to destination");
                return;
            }
        } else if (streamed) {
            flushLine();
        } else if (body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1); // the terminal's line ends where the body's does
            }
            for (String l : text.split("\n", -1)) {
                term.println(l);
            }
        }
        finalMeter();
        if (a.x().failWithBody() && status >= 400) { // the body written, then curl's error 22
            String why = httpError(status);
            verbose("* Closing connection");
            finish(22, info(e).failed(22, why, body.length).after(chain.totals, chain.redirects, chain.redirectNs, chain.connects,
                    ""), why);
            return;
        }
        verbose(CurlOutput.closes(e) ? "* Closing connection" : CurlOutput.leftIntact(connectionId, host));
        finish(0, info(e).after(chain.totals, chain.redirects, chain.redirectNs, chain.connects,
                redirectUrl == null ? "" : redirectUrl), null);
    }

    /** This request's figures, from its own start. */
    CurlOutput.Info info(Exchange e) {
        return CurlOutput.Info.of(e, t0, namelookup, connectAt, appconnectAt, a.url().scheme(),
                a.url().toString(), ip, port, socket.localHost(), socket.localPort());
    }

    /**
     * -L and a 3xx with a Location: the body is skipped, the connection left intact for reuse,
     * and the next request goes to the Location resolved against this URL ({@code next}, null
     * when it does not parse), as curl 8.5's Curl_follow does it: its lines, --max-redirs, a
     * POST switched to GET by 301, 302 and 303.
     */
    void follow(Exchange e, String next) {
        byte[] body = e.response().body();
        received = body.length;
        String length = e.wireHeaders().get("Content-Length");
        expected = length != null && length.matches("[0-9]{1,18}") ? Long.parseLong(length) : 0;
        if (body.length > 0) {
            verbose("* Ignoring the response-body");
            data(true, body.length);
        }
        finalMeter();
        verbose(CurlOutput.closes(e) ? "* Closing connection" : CurlOutput.leftIntact(connectionId, host));
        if (a.maxRedirs() != -1 && chain.redirects >= a.maxRedirs()) {
            String why = "Maximum (" + a.maxRedirs() + ") redirects followed";
            verbose("* " + why);
            finishFailed(e, 47, why, next == null ? "" : next);
            return;
        }
        if (next == null) {
            String why = "The redirect target URL could not be parsed: Malformed input to a URL function";
            verbose("* " + why);
            finishFailed(e, 3, why, "");
            return;
        }
        CurlArgs.CurlUrl u;
        try {
            u = CurlArgs.parseUrl(next);
        } catch (CurlException x) {
            verbose("* " + x.getMessage());
            finishFailed(e, x.exitCode(), x.getMessage(), next);
            return;
        }
        if (u.port() != port) {
            verbose("* Clear auth, redirects to port from " + port + " to " + u.port());
        } else if (!u.scheme().equals(a.url().scheme())) {
            verbose("* Clear auth, redirects scheme from " + a.url().scheme() + " to " + u.scheme());
        }
        verbose("* Issue another request to this URL: '" + u + "'");
        int status = e.response().status();
        boolean post = !a.dataParts().isEmpty() || !a.x().form().isEmpty();
        boolean toGet = false;
        if ((status == 301 || status == 302) && post) {
            verbose("* Switch from POST to GET");
            toGet = true;
        } else if (status == 303 && (post || a.head())) {
            verbose("* Switch to " + (a.head() ? "HEAD" : "GET"));
            toGet = true;
        }
        chain.totals = chain.totals.plus(info(e));
        chain.redirects++;
        chain.redirectNs = node.sim().now() - chain.start;
        done = true;
        connectTimer.cancel();
        if (mesh != null) {
            mesh.stop();
        }
        if (client.isOpen()) {
            chain.kept.add(new Kept(origin(), connectionId, client, socket, ip,
                    client.protocol() == HttpProtocol.H2 ? streamId + 2 : 1));
        }
        new CurlTransfer(node, CurlHsts.upgraded(a.following(u, toGet), chain.hsts, term, node), term, cookies, chain).begin();
    }

    /** Ends curl with {@code code} after a redirect -L could not follow (its figures as the last response's). */
    void finishFailed(Exchange e, int code, String message, String redirectUrl) {
        CurlOutput.Info i = info(e);
        CurlOutput.Info failed = new CurlOutput.Info(i.namelookupNs(), i.connectNs(), i.appconnectNs(), i.pretransferNs(),
                i.starttransferNs(), i.totalNs(), i.httpCode(), i.sizeDownload(), i.sizeHeader(), i.sizeRequest(),
                i.protocol(), i.scheme(), i.urlEffective(), i.remoteIp(), i.remotePort(), i.localIp(), i.localPort(),
                0, code, message, i.responseHeaders(), 0, 0, "");
        finish(code, failed.after(chain.totals, chain.redirects, chain.redirectNs, chain.connects, redirectUrl), message);
    }

    /** -c: the jar in the Netscape format, to the node's file area ("-": the terminal), when curl ends. */
    void writeJar() {
        String file = a.cookies().jar();
        if (cookies == null || file == null) {
            return;
        }
        String text = cookies.netscape(nowMs());
        if (file.equals("-")) {
            for (String l : text.substring(0, text.length() - 1).split("\n", -1)) {
                term.println(l);
            }
        } else if (!save(file, text) && a.verbose()) {
            term.println("* WARNING: failed to save cookies in " + file + ": Failed writing received data to disk/application");
        }
    }

    /** Writes {@code text} to {@code file} in the node's file area; false when the name is no file (a directory, empty). */
    boolean save(String file, String text) {
        try {
            NodeFiles.of(node).write(file, text);
            return true;
        } catch (IllegalArgumentException notAFile) {
            return false;
        }
    }

    void fail(int code, String message) {
        if (done) {
            return;
        }
        CurlOutput.Info info = new CurlOutput.Info(namelookup == 0 ? 0 : namelookup - t0, connectAt == 0 ? 0 : connectAt - t0,
                appconnectAt == 0 ? 0 : appconnectAt - t0, 0, 0, node.sim().now() - t0, 0, 0, 0, 0, HttpProtocol.HTTP_1_1,
                a.url().scheme(), a.url().toString(), ip, port, "", 0, 0, code, message, Headers.EMPTY, 0, 0, "");
        finish(code, info.after(chain.totals, chain.redirects, chain.redirectNs, chain.connects, ""), message);
    }

    void finish(int code, CurlOutput.Info info, String error) {
        if (done) {
            return;
        }
        done = true;
        if (rateLimit != null) {
            rateLimit.stop();
        }
        if (mesh != null) {
            mesh.stop();
        }
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        if (maxTimer != null) {
            maxTimer.cancel();
        }
        if (code != 0 && code != 130) {
            if (attempt != null) {
                attempt.abort(); // the HTTP client, the TLS handshake or the TCP connection, whichever is up
            }
        } else if (client != null) {
            client.close();
        }
        for (Kept k : chain.kept) {
            k.client().close(); // the connections earlier requests left intact close when curl ends
        }
        chain.kept.clear();
        if (code != 0 && code != 130) {
            flushLine();
            finalMeter();
        }
        if (chain.retry != null && chain.retry.again(this, code, info, error)) {
            return; // the next attempt starts after the delay
        }
        if (info != null && a.writeOut() != null) {
            String w = CurlOutput.writeOut(a.writeOut(), info);
            if (w.endsWith("\n")) {
                w = w.substring(0, w.length() - 1);
            }
            for (String l : w.split("\n", -1)) {
                term.println(l);
            }
        }
        writeJar();
        if (chain.hsts != null) {
            save(a.hstsFile(), chain.hsts.text()); // curl saves its HSTS cache when it ends (silently, when it cannot)
        }
        if (error != null && (!a.silent() || a.showError())) {
            term.println("curl: (" + code + ") " + error);
        }
        if (!a.silent()) {
            a.x().lateWarnings().forEach(w -> CurlUpload.warningLines(w).forEach(term::println));
        }
        term.exit(code);
    }
}
