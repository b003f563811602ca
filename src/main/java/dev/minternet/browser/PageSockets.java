package dev.minternet.browser;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.ws.WsClient;
import dev.minternet.http.ws.WsListener;
import dev.minternet.http.ws.WsSession;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.trace.EventType;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.IpAddress;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WebSockets a page's scripts open once it has loaded ({@code new WebSocket('wss://...')}):
 * each gets its own HTTP/1.1 connection (a browser opens one when the server does not offer
 * WebSockets over HTTP/2, RFC 8441), with an {@code Origin} header, the opening handshake (RFC 6455
 * section 4) and then whatever the server pushes. The page is settled when every socket has had
 * its first message, failed, or {@link #SETTLE_NS} went by; a next visit closes them with 1001
 * (going away), as navigating away does.
 */
final class PageSockets {
    /** How long the browser waits for a socket's first message before it calls the page settled. */
    static final long SETTLE_NS = 5 * Durations.S;
    /** The longest pushed text the trace keeps. */
    static final int TEXT_CHARS = 200;
    /** The ALPN offer of a WebSocket's TLS: http/1.1 alone. */
    private static final ConnectOptions WS_TLS = ConnectOptions.DEFAULT.withAlpn("http/1.1");
    private static final Pattern WEBSOCKET = Pattern.compile("new\\s+WebSocket\\(\\s*(['\"])(wss?://[^'\"\\s]+)\\1");

    /** The answer of a lookup: the IPv4 address (0: none) and the IPv6 ones. */
    interface Resolved {
        void accept(int v4, List<Ip6> v6);
    }

    private final Node node;
    /** The browser's lookup: its DNS cache, else the resolver (AAAA beside A on a dual-stack node). */
    private final java.util.function.BiConsumer<String, Resolved> lookup;
    private final List<WsSession> open = new ArrayList<>();

    PageSockets(Node node, java.util.function.BiConsumer<String, Resolved> lookup) {
        this.node = node;
        this.lookup = lookup;
    }

    /** The WebSocket URLs a script opens, in order, each once. */
    static List<String> urls(String script) {
        return new ArrayList<>(SCANNED.get(script, PageSockets::scan));
    }

    /**
     * The scripts scanned last: every browser of a crowd runs the same few, and comparing a
     * script's text costs much less than running {@link #WEBSOCKET} over it again.
     */
    private static final dev.minternet.sim.Recent<String, List<String>> SCANNED = new dev.minternet.sim.Recent<>(16);

    private static List<String> scan(String script) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = WEBSOCKET.matcher(script);
        while (m.find()) {
            out.add(m.group(2));
        }
        return List.copyOf(out);
    }

    /** Closes the sockets of the page being left (1001, going away). */
    void leave() {
        for (WsSession s : open) {
            if (s.isOpen()) {
                s.close(WsSession.GOING_AWAY, "");
            }
        }
        open.clear();
    }

    /** Opens {@code urls} for visit {@code visit} of a page at {@code origin}; {@code settled} runs once, when all have settled. */
    void open(int visit, String origin, List<String> urls, Runnable settled) {
        if (urls.isEmpty()) {
            settled.run();
            return;
        }
        int[] left = {urls.size()};
        boolean[] done = {false};
        Timer timeout = new Timer(node.sim(), () -> {
            if (!done[0]) {
                done[0] = true;
                settled.run();
            }
        });
        timeout.setAfter(SETTLE_NS);
        Runnable one = () -> {
            if (--left[0] == 0 && !done[0]) {
                done[0] = true;
                timeout.cancel();
                settled.run();
            }
        };
        for (String url : urls) {
            new Socket(visit, origin, Urls.canonicalOrAsIs(url), one).start();
        }
    }

    /** One page WebSocket, from its DNS lookup to its first message. */
    private final class Socket implements WsListener {
        final int visit;
        final String origin;
        final String url;
        final Runnable settled;
        final long t0;
        boolean first = true;
        String local = "";
        /** How the family was chosen, for the trace. */
        String why = "";

        Socket(int visit, String origin, String url, Runnable settled) {
            this.visit = visit;
            this.origin = origin;
            this.url = url;
            this.settled = settled;
            this.t0 = node.sim().now();
        }

        void emit(EventType type, Object... values) {
            node.trace().emit(node.name(), type, values);
        }

        void start() {
            emit(BrowserEvents.WS_OPEN, (long) visit, url);
            URI u;
            try {
                u = new URI(Urls.canonical(url));
                if (u.getHost() == null) {
                    throw new java.net.URISyntaxException(url, "no host");
                }
            } catch (IllegalArgumentException | java.net.URISyntaxException e) {
                // new WebSocket() throws a SyntaxError for a URL it cannot parse
                failed("SyntaxError: the URL '" + url + "' is invalid: " + e.getMessage());
                return;
            }
            boolean secure = u.getScheme().equals("wss");
            int port = u.getPort() > 0 ? u.getPort() : secure ? 443 : 80;
            String host = u.getHost();
            HttpClient.Options http = HttpClient.Options.curl(host).withUserAgent(Browser.USER_AGENT);
            Steps steps = Steps.takingStream(s -> {
                local = Ip6.hostPort(s.localHost(), s.localPort());
                DefaultHttpHeaders h = new DefaultHttpHeaders();
                h.add("Origin", origin);
                h.add("User-Agent", Browser.USER_AGENT);
                open.add(WsClient.open(node.sim(), s, new WsClient.Options(u, true, 64 * 1024, h,
                        node.random("page-websocket:" + s.localPort())), node.trace(), Socket.this));
            }, f -> failed(NetErrors.why(f)));
            IpAddress literal = Urls.literal(host);
            if (literal != null) {
                // an IP literal names the server: no lookup, TCP over its family (and TLS checks the address)
                String family = literal.isV6() ? "IPv6" : "IPv4";
                why = "the URL names the " + family + " address " + literal + ": no DNS lookup";
                Endpoints.connect(node, dial(host, literal, port, secure, http), connected(steps, family));
                return;
            }
            lookup.accept(host, (addr, v6) -> {
                if (addr == 0 && v6.isEmpty()) {
                    failed("could not resolve " + host);
                    return;
                }
                Dial d = dial(host, IpAddress.of(addr), port, secure, http);
                // Happy Eyeballs v2 as the page's connections (RFC 8305), or the one family the name has
                DualStackLookup.connect(node, addr == 0 ? null : d, DualStackLookup.to6(d, v6), connected(steps, null),
                        (w, raced, how) -> why = raced ? "Happy Eyeballs v2: " + how : how);
            });
        }

        /** The page's dial ({@link Urls#dial}) with ALPN http/1.1 alone: a WebSocket needs HTTP/1.1's Upgrade. */
        private Dial dial(String host, IpAddress addr, int port, boolean secure, HttpClient.Options http) {
            Dial d = Urls.dial(host, addr, port, secure, http);
            return secure ? d.withTls(WS_TLS) : d;
        }

        /** Records the family the socket's TCP connection went over (null: the family it found), then goes on with {@code steps}. */
        private Steps connected(Steps steps, String family) {
            return Steps.onTcp(s -> {
                String f = family != null ? family : s.localHost().indexOf(':') >= 0 ? "IPv6" : "IPv4";
                emit(BrowserEvents.WS_CONNECTED, (long) visit, url, f, Ip6.hostPort(s.localHost(), s.localPort()),
                        Ip6.hostPort(s.remoteHost(), s.remotePort()), why);
            }, steps);
        }

        @Override
        public void onOpen(WsSession s) {
            emit(BrowserEvents.WS_UPGRADED, (long) visit, url, local, node.sim().now() - t0);
        }

        @Override
        public void onText(WsSession s, String text) {
            pushed(text, text.getBytes(StandardCharsets.UTF_8).length);
        }

        @Override
        public void onBinary(WsSession s, byte[] data) {
            pushed("(" + data.length + " bytes of binary data)", data.length);
        }

        private void pushed(String text, int bytes) {
            emit(BrowserEvents.WS_MESSAGE, (long) visit, url, text.length() > TEXT_CHARS ? text.substring(0, TEXT_CHARS) : text,
                    (long) bytes);
            if (first) {
                first = false;
                settled.run();
            }
        }

        @Override
        public void onClose(WsSession s, int code, String reason, boolean clean) {
            emit(BrowserEvents.WS_CLOSED, (long) visit, url, (long) code);
            if (first) {
                first = false;
                settled.run();
            }
        }

        @Override
        public void onFail(WsSession s, String error) {
            failed(error);
        }

        void failed(String error) {
            emit(BrowserEvents.WS_FAILED, (long) visit, url, error);
            if (first) {
                first = false;
                settled.run();
            }
        }
    }
}
