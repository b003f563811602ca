package dev.minternet.browser;

import dev.minternet.dns.StubResolver;
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
import dev.minternet.wire.Ip4;
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
    private static final Pattern WEBSOCKET = Pattern.compile("new\\s+WebSocket\\(\\s*(['\"])(wss?://[^'\"\\s]+)\\1");

    private final Node node;
    private final List<WsSession> open = new ArrayList<>();

    PageSockets(Node node) {
        this.node = node;
    }

    /** The WebSocket URLs a script opens, in order, each once. */
    static List<String> urls(String script) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = WEBSOCKET.matcher(script);
        while (m.find()) {
            out.add(m.group(2));
        }
        return new ArrayList<>(out);
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
            new Socket(visit, origin, url, one).start();
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
            URI u = URI.create(url);
            boolean secure = u.getScheme().equals("wss");
            int port = u.getPort() > 0 ? u.getPort() : secure ? 443 : 80;
            StubResolver.getaddrinfo(node, u.getHost(), addr -> {
                if (addr == 0) {
                    failed("could not resolve " + u.getHost());
                    return;
                }
                HttpClient.Options http = HttpClient.Options.curl(u.getHost()).withUserAgent(Browser.USER_AGENT);
                Dial d = secure ? Dial.https(addr, port, u.getHost(), http).withTls(ConnectOptions.DEFAULT.withAlpn("http/1.1"))
                        : Dial.http(addr, port, http);
                Endpoints.connect(node, d, Steps.takingStream(s -> {
                    local = Ip4.str(s.localAddress()) + ":" + s.localPort();
                    DefaultHttpHeaders h = new DefaultHttpHeaders();
                    h.add("Origin", origin);
                    h.add("User-Agent", Browser.USER_AGENT);
                    open.add(WsClient.open(node.sim(), s, new WsClient.Options(u, true, 64 * 1024, h,
                            node.random("page-websocket:" + s.localPort())), node.trace(), Socket.this));
                }, f -> failed((f.stage() == Steps.Stage.TLS ? "TLS: " : "could not connect: ") + f.error())));
            });
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
