package dev.minternet.tools.websocat;

import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.Attempt;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.ws.WsClient;
import dev.minternet.http.ws.WsListener;
import dev.minternet.http.ws.WsSession;
import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.transport.StreamSocket;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * websocat, the "netcat for WebSockets", as a timeline uses it: {@code websocat
 * ws://chat.example.com/room/1} connects (TCP, then TLS for wss:// with ALPN http/1.1, then the
 * RFC 6455 opening handshake), sends each line typed on the terminal (a scenario's {@code
 * input:}) as a text message ({@code -b}: binary), and prints each message that arrives on its
 * own line, stamped by the runner with the simulated time. At the end of input (Ctrl-D) it sends
 * a close frame (1000) and exits when the server has closed ({@code -n}: it sends none and keeps
 * listening). {@code --ping-interval} pings the server; {@code --ping-timeout} drops the
 * connection when no pong has come for that long. Failures print websocat's two lines
 * ({@code websocat: ...}, {@code websocat: error running}) and exit 1.
 */
public final class Websocat implements Tool {
    @Override
    public String name() {
        return "websocat";
    }

    @Override
    public String synopsis() {
        return "websocat [-t | -b] [-n] [-k] [-H 'Name: value'] [--ping-interval s] [--ping-timeout s] [--deflate] ws://host[:port]/path";
    }

    @Override
    public void validate(List<String> args) {
        WebsocatArgs.parse(args);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        if (argv.contains("-V") || argv.contains("--version")) {
            term.println(WebsocatArgs.VERSION); // clap answers it before anything else
            term.exit(0);
            return;
        }
        WebsocatArgs a;
        try {
            a = WebsocatArgs.parse(argv);
        } catch (WebsocatArgs.ClapError e) {
            term.println("error: " + e.getMessage());
            term.println("");
            term.println("USAGE:");
            term.println("    websocat ws://URL | wss://URL               (simple client)");
            term.println("    websocat -s port                            (simple server)");
            term.println("    websocat [FLAGS] [OPTIONS] <addr1> <addr2>  (advanced mode)");
            term.println("");
            term.println("For more information try --help");
            term.exit(1);
            return;
        } catch (IllegalArgumentException e) {
            term.println("websocat: " + e.getMessage()); // main's eprintln!("websocat: {}", e)
            term.exit(1);
            return;
        }
        new Run(node, a, term).begin();
    }

    /** One websocat process. */
    private static final class Run implements WsListener {
        private final Node node;
        private final WebsocatArgs a;
        private final Terminal term;
        private final List<String> typed = new ArrayList<>();
        private Attempt attempt;
        private WsSession ws;
        private boolean open;
        private boolean eof;
        private boolean done;
        private Timer pinger;
        private long pingSentNs = -1;

        Run(Node node, WebsocatArgs a, Terminal term) {
            this.node = node;
            this.a = a;
            this.term = term;
        }

        void begin() {
            term.onInterrupt(this::interrupted);
            term.onInput(this::input);
            StubResolver.getaddrinfo(node, a.host(), this::resolved);
        }

        private void resolved(int addr) {
            if (done) {
                return;
            }
            if (addr == 0) {
                fail("failed to lookup address information: Name or service not known");
                return;
            }
            HttpClient.Options http = HttpClient.Options.curl(a.host());
            Dial d = a.secure()
                    ? Dial.https(addr, a.port(), a.host(), http).withTls(ConnectOptions.DEFAULT.withAlpn("http/1.1").withInsecure(a.insecure()))
                    : Dial.http(addr, a.port(), http);
            attempt = Endpoints.connect(node, d, Steps.takingStream(this::opened,
                    f -> fail(f.stage() == Steps.Stage.TCP ? osError(f.error()) : f.error())));
        }

        private void opened(StreamSocket s) {
            DefaultHttpHeaders h = new DefaultHttpHeaders();
            for (String[] kv : a.headers()) {
                h.add(kv[0], kv[1]);
            }
            WsClient.Options o = new WsClient.Options(a.uri(), a.deflate(), 64 * 1024, h,
                    node.random("websocket:" + s.localPort()));
            ws = WsClient.open(node.sim(), s, o, node.trace(), this);
        }

        @Override
        public void onOpen(WsSession s) {
            open = true;
            for (String line : typed) {
                send(line);
            }
            typed.clear();
            if (eof) {
                endOfInput();
            }
            if (a.pingIntervalNs() > 0) {
                pinger = new Timer(node.sim(), this::ping);
                pinger.setAfter(a.pingIntervalNs());
            }
        }

        private void ping() {
            if (done || !ws.isOpen()) {
                return;
            }
            long now = node.sim().now();
            if (a.pingTimeoutNs() > 0 && pingSentNs >= 0 && ws.lastPongNs() < pingSentNs
                    && now - pingSentNs >= a.pingTimeoutNs()) {
                ws.abort();
                fail("WebSocketError: no pong within " + a.pingTimeoutNs() / WebsocatArgs.S + " s (--ping-timeout)");
                return;
            }
            if (pingSentNs < 0 || ws.lastPongNs() >= pingSentNs) {
                pingSentNs = now;
            }
            ws.ping(new byte[0]);
            pinger.setAfter(a.pingIntervalNs());
        }

        @Override
        public void onText(WsSession s, String text) {
            term.println(text);
        }

        @Override
        public void onBinary(WsSession s, byte[] data) {
            // binary messages are written raw (websocat adds no newline): the terminal line ends where the data's does
            String text = new String(data, StandardCharsets.UTF_8);
            term.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }

        @Override
        public void onClose(WsSession s, int code, String reason, boolean clean) {
            if (done) {
                return;
            }
            if (code == WsSession.ABNORMAL) {
                fail("WebSocketError: I/O failure");
                return;
            }
            finish(0);
        }

        @Override
        public void onFail(WsSession s, String error) {
            String prefix = "Invalid handshake response getStatus: ";
            fail(error.startsWith(prefix) ? "WebSocketError: Received unexpected status code (" + error.substring(prefix.length()) + ")"
                    : "WebSocketError: " + error);
        }

        private void input(String line) {
            if (done) {
                return;
            }
            if (line == null) {
                eof = true;
                if (open) {
                    endOfInput();
                }
                return;
            }
            if (open) {
                send(line);
            } else {
                typed.add(line); // read from stdin, waiting for the connection
            }
        }

        private void send(String line) {
            if (a.binary()) {
                ws.sendBinary((line + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                ws.sendText(line);
            }
        }

        private void endOfInput() {
            if (!a.noClose()) {
                ws.close(WsSession.NORMAL, "");
            }
        }

        /** Ctrl-C: the process dies; the kernel closes its socket (FIN), no close frame. */
        private void interrupted() {
            if (done) {
                return;
            }
            done = true; // nothing it hears from now on is printed
            if (pinger != null) {
                pinger.cancel();
            }
            if (ws != null) {
                ws.disconnect();
            } else if (attempt != null) {
                attempt.abort();
            }
            term.exit(130);
        }

        private void fail(String message) {
            if (done) {
                return;
            }
            term.println("websocat: " + message);
            term.println("websocat: error running");
            finish(1);
        }

        private void finish(int code) {
            done = true;
            if (pinger != null) {
                pinger.cancel();
            }
            term.exit(code);
        }

        /** The Rust io::Error text of a failed connect, as websocat prints it. */
        private static String osError(String error) {
            String e = error.toLowerCase(Locale.ROOT);
            if (e.contains("refused")) {
                return "Connection refused (os error 111)";
            } else if (e.contains("timed out") || e.contains("timeout")) {
                return "Connection timed out (os error 110)";
            } else if (e.contains("unreachable")) {
                return "No route to host (os error 113)";
            }
            return error;
        }
    }
}
