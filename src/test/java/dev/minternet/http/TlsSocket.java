package dev.minternet.http;

import dev.minternet.tls.TlsConnection;
import dev.minternet.tls.TlsEvent;
import dev.minternet.tls.TlsSessionInfo;
import dev.minternet.transport.StreamSocket;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A TLS byte-stream filter for tests: a {@link StreamSocket} of plaintext on top of a
 * StreamSocket of records, driving the sans-I/O {@link TlsConnection} from the tls package. It
 * shows the seam HTTP expects (see the package overview); the real adapter belongs to tls.
 * Backpressure is simplified: records that the transport does not accept at once wait here.
 */
final class TlsSocket implements StreamSocket, StreamSocket.Handler {
    private final TlsConnection tls;
    private final StreamSocket transport;
    private final Consumer<TlsSocket> onReady;
    private Handler handler;
    private byte[] unsent = new byte[0];
    private boolean ready;
    private String failure;

    /** Starts the handshake; {@code onReady} runs when it completes (the ALPN result is then known). */
    TlsSocket(TlsConnection tls, StreamSocket transport, Consumer<TlsSocket> onReady) {
        this.tls = tls;
        this.transport = transport;
        this.onReady = onReady;
        transport.setHandler(this);
        process();
    }

    TlsSessionInfo session() {
        return tls.session();
    }

    /** The negotiated ALPN protocol ("" when none). */
    String applicationProtocol() {
        return tls.session() == null ? "" : tls.session().applicationProtocol();
    }

    String failure() {
        return failure;
    }

    private void process() {
        flush();
        for (TlsEvent e; (e = tls.pollEvent()) != null; ) {
            if (e instanceof TlsEvent.HandshakeComplete) {
                ready = true;
                onReady.accept(this); // installs the application's handler before any data
            } else if (e instanceof TlsEvent.ApplicationData d && handler != null) {
                handler.onData(this, d.data());
            } else if (e instanceof TlsEvent.PeerClosed && handler != null) {
                handler.onPeerClosed(this);
            } else if (e instanceof TlsEvent.Failed f) {
                failure = f.failure().toString();
                flush();
                transport.close();
                if (handler != null) {
                    handler.onClosed(this, failure);
                }
            }
        }
        flush();
    }

    private void flush() {
        if (tls.outboundAvailable() > 0) {
            byte[] b = tls.takeOutbound();
            int old = unsent.length;
            unsent = Arrays.copyOf(unsent, old + b.length);
            System.arraycopy(b, 0, unsent, old, b.length);
        }
        if (unsent.length > 0) {
            int n = transport.send(unsent, 0, unsent.length);
            unsent = Arrays.copyOfRange(unsent, n, unsent.length);
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
        int n = Math.min(len, sendBufferSpace());
        if (n > 0) {
            tls.send(Arrays.copyOfRange(data, off, off + n));
            process();
        }
        return n;
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
