package dev.minternet.tls;

import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * TLS as a byte-stream filter: a {@link StreamSocket} of plaintext on top of a StreamSocket of
 * records (TCP), driving the sans-I/O {@link TlsConnection}. HTTPS is TcpStreamSocket, then this,
 * then HTTP on whatever ALPN chose. Every {@link TlsEvent} goes to the trace through
 * {@link TlsTrace} when a trace is given.
 *
 * <p>The application's handler is installed in {@code onReady}, which runs when the handshake
 * completes (so the ALPN result is known before any data arrives). A failed handshake calls
 * {@code onFailed} with curl's reason and closes the transport, after the alert went out.
 * Backpressure is simple: records the transport does not accept at once wait here, and the space
 * the application sees is the transport's minus what waits.
 */
public final class TlsStreamSocket implements StreamSocket, StreamSocket.Handler {
    private final TlsConnection tls;
    private final StreamSocket transport;
    private final Consumer<TlsStreamSocket> onReady;
    private final Consumer<TlsFailure> onFailed;
    private final Trace trace;
    private Handler handler;
    private byte[] unsent = new byte[0];
    private boolean ready;
    private boolean failed;
    private TlsFailure failure;

    private TlsStreamSocket(TlsConnection tls, StreamSocket transport, Trace trace, Consumer<TlsStreamSocket> onReady,
            Consumer<TlsFailure> onFailed) {
        this.tls = tls;
        this.transport = transport;
        this.trace = trace;
        this.onReady = onReady;
        this.onFailed = onFailed;
        transport.setHandler(this);
        process();
    }

    /**
     * Starts a handshake on {@code transport} with a connection from {@link TlsClientContext#connect}
     * or {@link TlsServerContext#accept}; {@code trace} may be null.
     */
    public static TlsStreamSocket start(TlsConnection tls, StreamSocket transport, Trace trace,
            Consumer<TlsStreamSocket> onReady, Consumer<TlsFailure> onFailed) {
        return new TlsStreamSocket(tls, transport, trace, onReady, onFailed);
    }

    /** What the handshake negotiated (null before it completes). */
    public TlsSessionInfo session() {
        return tls.session();
    }

    /** The negotiated ALPN protocol ("" when none). */
    public String applicationProtocol() {
        return tls.session() == null ? "" : tls.session().applicationProtocol();
    }

    /** Why the connection failed, or null. */
    public TlsFailure failure() {
        return failure;
    }

    public TlsConnection connection() {
        return tls;
    }

    public StreamSocket transport() {
        return transport;
    }

    private void process() {
        flush();
        for (TlsEvent e; (e = tls.pollEvent()) != null; ) {
            if (trace != null) {
                TlsTrace.emit(trace, transport.nodeName(), e);
            }
            if (e instanceof TlsEvent.HandshakeComplete) {
                ready = true;
                onReady.accept(this); // installs the application's handler before any data
            } else if (e instanceof TlsEvent.ApplicationData d && handler != null) {
                handler.onData(this, d.data());
            } else if (e instanceof TlsEvent.PeerClosed && handler != null) {
                handler.onPeerClosed(this);
            } else if (e instanceof TlsEvent.Failed f) {
                fail(f.failure());
            }
        }
        flush();
    }

    private void fail(TlsFailure f) {
        if (failed) {
            return;
        }
        failed = true;
        failure = f;
        flush();
        transport.close();
        if (!ready) {
            onFailed.accept(f);
        } else if (handler != null) {
            handler.onClosed(this, f.curlMessage());
        }
    }

    private void flush() {
        if (tls.outboundAvailable() > 0) {
            byte[] b = tls.takeOutbound();
            if (unsent.length == 0) {
                unsent = b;
            } else {
                int old = unsent.length;
                unsent = Arrays.copyOf(unsent, old + b.length);
                System.arraycopy(b, 0, unsent, old, b.length);
            }
        }
        if (unsent.length > 0) {
            int n = transport.send(unsent, 0, unsent.length);
            unsent = n == unsent.length ? new byte[0] : Arrays.copyOfRange(unsent, n, unsent.length);
        }
    }

    // ----- from the transport

    @Override
    public void onData(StreamSocket s, byte[] data) {
        tls.receive(data);
        process();
    }

    @Override
    public void onPeerClosed(StreamSocket s) {
        tls.receiveEnd();
        process();
    }

    @Override
    public void onWritable(StreamSocket s) {
        flush();
        if (unsent.length == 0 && handler != null) {
            handler.onWritable(this);
        }
    }

    @Override
    public void onClosed(StreamSocket s, String error) {
        if (!ready && !failed) {
            failed = true;
            failure = new TlsFailure(TlsFailure.Reason.HANDSHAKE, error == null ? "connection closed during the handshake" : error);
            onFailed.accept(failure);
            return;
        }
        if (handler != null) {
            handler.onClosed(this, error);
        }
    }

    // ----- from the application

    @Override
    public void setHandler(Handler h) {
        handler = h;
    }

    @Override
    public int send(byte[] data, int off, int len) {
        if (!ready) {
            throw new IllegalStateException("TLS handshake not complete");
        }
        if (failed || tls.state() != TlsConnection.State.ESTABLISHED) {
            return 0;
        }
        int n = Math.min(len, sendBufferSpace());
        if (n > 0) {
            tls.send(Arrays.copyOfRange(data, off, off + n));
            process();
        }
        return n;
    }

    @Override
    public boolean sendClosed() {
        return failed || (ready && tls.state() != TlsConnection.State.ESTABLISHED);
    }

    @Override
    public int sendBufferSpace() {
        return Math.max(0, transport.sendBufferSpace() - unsent.length);
    }

    @Override
    public void shutdownOutput() {
        tls.close();
        process();
        transport.shutdownOutput();
    }

    @Override
    public void close() {
        tls.close();
        process();
        transport.close();
    }

    @Override
    public void abort() {
        transport.abort();
    }

    @Override
    public int localAddress() {
        return transport.localAddress();
    }

    @Override
    public int localPort() {
        return transport.localPort();
    }

    @Override
    public String localHost() {
        return transport.localHost();
    }

    @Override
    public String remoteHost() {
        return transport.remoteHost();
    }

    @Override
    public int remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public int remotePort() {
        return transport.remotePort();
    }

    @Override
    public String nodeName() {
        return transport.nodeName();
    }
}
