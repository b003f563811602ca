package dev.minternet.live;

import dev.minternet.node.Node;
import dev.minternet.shell.Session;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.tls.WorldTls;
import dev.minternet.tools.CertText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code minternet live}: a {@link Live} world with its listeners on 127.0.0.1, the web view, the
 * DNS bridge (when the bridge node has a resolver), the HTTP proxy and the SOCKS5 proxy, all entering the world
 * from one node (the shell's start node: the laptop in the default world).
 */
public final class LiveServer implements AutoCloseable {
    /** Ports for the listeners: 0 picks a free one. */
    public record Ports(int web, int dns, int proxy, int socks) {
        public static final Ports FREE = new Ports(0, 0, 0, 0);
    }

    private final Live live;
    private final Node node;
    private final List<String> listeners = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Runnable> starting = new ArrayList<>();
    private final String caPem;
    private final KeyAlgorithm keys;
    private JitWarmup warmup;

    /**
     * Opens the listeners on {@code session}'s world, paced at {@code speed}, entering the world
     * from the session's node. Nothing runs until {@link #start}. {@code log} hears refusals.
     */
    public LiveServer(Session session, double speed, Ports ports, Consumer<String> log) throws IOException {
        this.node = session.node();
        this.live = new Live(session.runner(), session.world(), speed);
        this.caPem = String.join("\n", CertText.pem(WorldTls.of(session.world()).pki().trustStore().roots().get(0))) + "\n";
        this.keys = WorldTls.of(session.world()).pki().algorithm();
        Connections connections = new Connections(Connections.DEFAULT_MAX, Connections.DEFAULT_BYTES);
        try {
            PacketFeed feed = new PacketFeed(session.world());
            RunFiles files = new RunFiles(session.world());
            WebView web = new WebView(live, feed, files, TopologyJson.of(session.world(), node.name(), session.scenario()), caPem, ports.web());
            closing.add(web);
            starting.add(web::start);
            listeners.add("web http://127.0.0.1:" + web.port() + "/");
            DnsBridge dns = null;
            try {
                dns = new DnsBridge(live, node, ports.dns(), connections);
            } catch (IllegalArgumentException noResolver) {
                log.accept("no dns listener: " + noResolver.getMessage());
            }
            if (dns != null) {
                closing.add(dns);
                starting.add(dns::start);
                listeners.add("dns 127.0.0.1:" + dns.port() + " (udp, tcp)");
            }
            ProxyBridge proxy = new ProxyBridge(live, node, ports.proxy(), connections, log);
            closing.add(proxy);
            starting.add(proxy::start);
            listeners.add("proxy 127.0.0.1:" + proxy.port() + " (http, CONNECT)");
            SocksBridge socks = new SocksBridge(live, node, ports.socks(), connections, log);
            closing.add(socks);
            starting.add(socks::start);
            listeners.add("socks 127.0.0.1:" + socks.port());
        } catch (IOException | RuntimeException e) {
            closeListeners();
            throw e;
        }
    }

    /** The listeners, one a line: {@code web http://127.0.0.1:P/}, {@code dns 127.0.0.1:P (udp, tcp)}, ... */
    public List<String> listeners() {
        return List.copyOf(listeners);
    }

    /** The world's root certificate in PEM, for real clients to trust ({@code curl --cacert}). */
    public String caPem() {
        return caPem;
    }

    /** The node real clients' traffic leaves from. */
    public String node() {
        return node.name();
    }

    public Live live() {
        return live;
    }

    /** Starts the clock and the listeners. */
    public LiveServer start() {
        live.start();
        starting.forEach(Runnable::run);
        return this;
    }

    /** Visits at most in the JIT warm-up, and its wall-clock budget. */
    static final int WARMUP_VISITS = 200;
    static final long WARMUP_BUDGET_NS = 30_000_000_000L;

    /**
     * Starts warming the JIT in a throwaway world of its own ({@link JitWarmup}: at most {@value
     * #WARMUP_VISITS} visits or 30 s, on a thread of minimum priority), so that the live world's
     * first visits and real clients' handshakes run compiled code. The result completes with the
     * number of visits made. At most once.
     */
    public CompletableFuture<Integer> warmJit() {
        return warmJit(WARMUP_VISITS);
    }

    /** {@link #warmJit()} with at most {@code visits} visits (0: none, completes at once). */
    public synchronized CompletableFuture<Integer> warmJit(int visits) {
        if (warmup == null) {
            warmup = new JitWarmup(keys, visits, WARMUP_BUDGET_NS).start();
        }
        return warmup.done();
    }

    /** Closes the listeners, then stops the clock and closes the run's files (trace, pcaps). */
    @Override
    public void close() {
        synchronized (this) {
            if (warmup != null) {
                warmup.stop();
            }
        }
        closeListeners();
        live.stop();
    }

    private void closeListeners() {
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
