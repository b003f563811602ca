package dev.minternet.endpoint;

import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.tls.TlsFailure;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tls.WorldTls;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpStreamSocket;

/**
 * One {@link Endpoints#connect} on its way: TCP (with TCP_NODELAY, as curl, browsers and nginx
 * set it), then TLS when the {@link Dial} names a server, then HTTP. {@link #abort} gives up at
 * whatever step it is (the half-open TCP connection, the TLS handshake, or the HTTP client) and
 * silences the {@link Steps}.
 */
public final class Attempt {
    private final Node node;
    private final Dial dial;
    private final Steps steps;
    private Timer timer;
    private TcpConnection tcp;
    private StreamSocket socket;
    private HttpClient client;
    private boolean over; // a final step was reported, or the caller aborted: no more steps

    Attempt(Node node, Dial dial, Steps steps) {
        this.node = node;
        this.dial = dial;
        this.steps = steps;
    }

    void start() {
        if (dial.timeoutNs() > 0) {
            timer = new Timer(node.sim(), () -> {
                if (!over) {
                    over = true;
                    abortLayers();
                    steps.failed(new Steps.Failure(Steps.Stage.TIMEOUT, "connect timeout", null));
                }
            });
            timer.setAfter(dial.timeoutNs());
        }
        tcp = dial.address6() != null
                ? TcpStreamSocket.connect(node.tcp(), dial.address6(), dial.port(), TcpStreamSocket.noDelay(node.tcp()),
                        this::tcpConnected, this::tcpFailed)
                : TcpStreamSocket.connect(node.tcp(), dial.address(), dial.port(), TcpStreamSocket.noDelay(node.tcp()),
                        this::tcpConnected, this::tcpFailed);
    }

    /** The TCP connection being opened (null when it could not even start: no route). */
    public TcpConnection connection() {
        return tcp;
    }

    /** Gives up: aborts what exists so far (an open HTTP client too); no step is reported after this. */
    public void abort() {
        over = true;
        if (timer != null) {
            timer.cancel();
        }
        abortLayers();
    }

    private void abortLayers() {
        if (client != null) {
            client.bridge().abort();
        } else if (socket != null) {
            socket.abort();
        } else if (tcp != null) {
            tcp.abort();
        }
    }

    private void tcpConnected(StreamSocket s) {
        if (over) {
            s.abort();
            return;
        }
        socket = s;
        steps.tcpConnected(s);
        if (over) {
            return; // the caller gave up on hearing it
        }
        if (!dial.secure()) {
            open(s, dial.cleartext());
            return;
        }
        Trace trace = dial.traced() ? node.trace() : null;
        TlsStreamSocket.start(WorldTls.of(node.world()).client(node.name()).connect(dial.tlsName(), dial.tls()), s, trace,
                this::tlsDone, this::tlsFailed);
    }

    private void tlsDone(TlsStreamSocket t) {
        if (over) {
            return;
        }
        socket = t;
        steps.tlsDone(t);
        if (!over) {
            open(t, HttpProtocol.fromAlpn(t.applicationProtocol()));
        }
    }

    private void open(StreamSocket s, HttpProtocol p) {
        over = true;
        if (timer != null) {
            timer.cancel();
        }
        if (steps.takeStream(s)) {
            return;
        }
        client = HttpClient.open(node.sim(), s, p, dial.http().withScheme(dial.secure() ? "https" : "http"));
        if (dial.traced()) {
            client.trace(node.trace());
        }
        steps.ready(client);
    }

    private void tcpFailed(String error) {
        fail(new Steps.Failure(Steps.Stage.TCP, error, null));
    }

    private void tlsFailed(TlsFailure f) {
        fail(new Steps.Failure(Steps.Stage.TLS, f.curlMessage(), f));
    }

    private void fail(Steps.Failure f) {
        if (over) {
            return;
        }
        over = true;
        if (timer != null) {
            timer.cancel();
        }
        steps.failed(f);
    }
}
