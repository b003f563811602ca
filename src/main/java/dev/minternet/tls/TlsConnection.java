package dev.minternet.tls;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One TLS connection as a sans-I/O machine around the JDK's {@link SSLEngine} (DESIGN.md
 * decision 4): the transport feeds it the bytes that arrived ({@link #receive}), the application
 * hands it bytes to protect ({@link #send}); it never does I/O itself. After each call, the bytes
 * to put on the wire wait in {@link #takeOutbound()} and what happened waits in
 * {@link #pollEvent()}: records sent and received (a flight per call), handshake completion with
 * what was negotiated, decrypted data, close, or failure with curl's reason.
 *
 * <p>Delegated tasks (signature checks, key derivation) run at once on the calling thread, so
 * one call does all the work its input allows, and the output is a function of the inputs. Not
 * thread-safe: like everything in the simulator, it belongs to the simulation thread.
 *
 * <pre>
 *   HANDSHAKING --handshake done--> ESTABLISHED --close_notify both ways--> CLOSED
 *        \__________________________ any fatal error ______________________> FAILED
 * </pre>
 */
public final class TlsConnection {
    /** Where the connection is; see the class diagram. */
    public enum State { HANDSHAKING, ESTABLISHED, CLOSED, FAILED }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int INITIAL_BUFFER = 4096;

    private final SSLEngine engine;
    /** Null on a server. */
    private final TlsClientContext client;
    private final String host;
    private final String sni;
    private final boolean insecure;

    private ByteBuffer netIn;   // write mode: received bytes not yet unwrapped
    private ByteBuffer appIn;   // write mode: decrypted bytes of the current unwrap
    private ByteBuffer netOut;  // scratch for one wrap
    private byte[] outbound = new byte[2048];
    private int outboundLength;
    private final ArrayDeque<ByteBuffer> pendingApp = new ArrayDeque<>();
    private final ArrayDeque<TlsEvent> events = new ArrayDeque<>();
    private final RecordScanner inScanner = new RecordScanner();
    private final RecordScanner outScanner = new RecordScanner();
    private final List<TlsRecordHeader> sentNow = new ArrayList<>();
    /** The server's first record: received on a client, sent on a server. */
    private final ServerHelloParser.Collector serverHello = new ServerHelloParser.Collector();

    private State state = State.HANDSHAKING;
    private TlsSessionInfo session;
    private TlsFailure failure;
    private TlsFailure verification;
    private boolean peerClosedReported;
    private long bytesSent;
    private long bytesReceived;

    TlsConnection(SSLEngine engine, TlsClientContext client, String host, String sni, boolean insecure) {
        this.engine = engine;
        this.client = client;
        this.host = host;
        this.sni = sni;
        this.insecure = insecure;
        // Small to start: a handshake flight fits, and an idle connection costs little. The
        // buffers grow to the engine's record sizes (about 16 KiB) when bulk data first flows.
        this.netIn = ByteBuffer.allocate(INITIAL_BUFFER);
        this.appIn = ByteBuffer.allocate(INITIAL_BUFFER);
        this.netOut = ByteBuffer.allocate(INITIAL_BUFFER);
    }

    void start() {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        pump();
    }

    // ---- the sans-I/O interface ----

    /** Feeds bytes that arrived from the transport (any split of the stream). */
    public void receive(byte[] data, int offset, int length) {
        if (length == 0 || state == State.FAILED || state == State.CLOSED) {
            return;
        }
        bytesReceived += length;
        List<TlsRecordHeader> arrived = new ArrayList<>(2);
        inScanner.scan(data, offset, length, arrived);
        if (client != null) {
            serverHello.feed(data, offset, length);
        }
        if (!arrived.isEmpty()) {
            events.add(new TlsEvent.Records(TlsEvent.Direction.RECEIVED, arrived));
        }
        if (netIn.remaining() < length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + length));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data, offset, length);
        pump();
    }

    public void receive(byte[] data) {
        receive(data, 0, data.length);
    }

    /** Queues application bytes; they are encrypted as soon as the handshake is done. */
    public void send(byte[] data) {
        if (state == State.FAILED || state == State.CLOSED || engine.isOutboundDone()) {
            throw new IllegalStateException("cannot send on a " + (state == State.ESTABLISHED ? "closing" : state)
                    + " TLS connection");
        }
        if (data.length > 0) {
            pendingApp.add(ByteBuffer.wrap(data.clone()));
        }
        pump();
    }

    /**
     * The transport's end of stream (TCP FIN or reset). During the handshake the connection fails
     * ("connection closed during the handshake", what curl reports as SSL_ERROR_SYSCALL, exit
     * 35) and no alert is produced; afterwards, without a close_notify first, the peer is closed
     * with {@code PeerClosed(false)}.
     */
    public void receiveEnd() {
        if (state == State.FAILED || state == State.CLOSED || engine.isInboundDone()) {
            return;
        }
        if (state == State.HANDSHAKING) {
            failWith(new TlsFailure(TlsFailure.Reason.HANDSHAKE, "connection closed during the handshake"), false);
            return;
        }
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // Expected without close_notify: the JDK reports the truncation; we report it as an event.
        }
        peerClosedReported = true;
        events.add(new TlsEvent.PeerClosed(false));
        pump();
    }

    /** Sends close_notify (RFC 8446 section 6.1). */
    public void close() {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        engine.closeOutbound();
        pump();
    }

    /** Bytes waiting for the transport. */
    public int outboundAvailable() {
        return outboundLength;
    }

    /** Takes (and clears) the bytes waiting for the transport; empty if none. */
    public byte[] takeOutbound() {
        byte[] r = Arrays.copyOf(outbound, outboundLength);
        outboundLength = 0;
        return r;
    }

    /** The next event, or null when there is none. */
    public TlsEvent pollEvent() {
        return events.poll();
    }

    /** All pending events, oldest first. */
    public List<TlsEvent> drainEvents() {
        List<TlsEvent> l = new ArrayList<>(events);
        events.clear();
        return l;
    }

    public State state() {
        return state;
    }

    public boolean isClient() {
        return client != null;
    }

    /** What the handshake negotiated; null before it completes. */
    public TlsSessionInfo session() {
        return session;
    }

    /**
     * The SNI host name: on a client the one it sends, on a server the one the ClientHello asked
     * for (known as soon as the ClientHello is in, e.g. for routing or logs); "" if none.
     */
    public String serverName() {
        if (client != null) {
            return sni;
        }
        if (session != null) {
            return session.serverName();
        }
        return orEmpty(SimKeyManager.requestedName(engine.getHandshakeSession()));
    }

    /** Why the connection failed; null unless {@link State#FAILED}. */
    public TlsFailure failure() {
        return failure;
    }

    /** Total bytes handed to the transport (records, headers included). */
    public long bytesSent() {
        return bytesSent;
    }

    /** Total bytes received from the transport. */
    public long bytesReceived() {
        return bytesReceived;
    }

    // ---- verification, called by SimTrustManager while the engine handles the server's Certificate ----

    void verifyPeer(X509Certificate[] chain) throws TlsVerificationException {
        try {
            ChainVerifier.verify(List.of(chain), client.trustStore(), client.now(), host);
        } catch (TlsVerificationException e) {
            verification = e.failure();
            if (!insecure) {
                throw e;
            }
        }
    }

    // ---- the engine loop ----

    private void pump() {
        try {
            boolean progress;
            do {
                progress = false;
                if (netIn.position() > 0 && !engine.isInboundDone()) {
                    progress |= unwrapOnce();
                }
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    progress = true;
                    continue;
                }
                if (!engine.isOutboundDone() && (hs == HandshakeStatus.NEED_WRAP
                        || (state == State.ESTABLISHED && !pendingApp.isEmpty()))) {
                    progress |= wrapOnce();
                }
            } while (progress && state != State.FAILED);
        } catch (SSLException e) {
            fail(e);
        }
        afterPump();
    }

    private boolean unwrapOnce() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
            return true;
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                && netIn.capacity() < engine.getSession().getPacketBufferSize()) {
            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
        }
        if (appIn.position() > 0) {
            appIn.flip();
            byte[] data = new byte[appIn.remaining()];
            appIn.get(data);
            appIn.clear();
            events.add(new TlsEvent.ApplicationData(data));
        }
        handshakeStatus(r.getHandshakeStatus());
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    private boolean wrapOnce() throws SSLException {
        ByteBuffer src = state == State.ESTABLISHED && !pendingApp.isEmpty() ? pendingApp.peek() : EMPTY;
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        if (src != EMPTY && !src.hasRemaining()) {
            pendingApp.poll();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
            return true;
        }
        emit(netOut);
        handshakeStatus(r.getHandshakeStatus());
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    private void emit(ByteBuffer buf) {
        buf.flip();
        int n = buf.remaining();
        if (n == 0) {
            return;
        }
        if (outboundLength + n > outbound.length) {
            outbound = Arrays.copyOf(outbound, Math.max(outbound.length * 2, outboundLength + n));
        }
        buf.get(outbound, outboundLength, n);
        outScanner.scan(outbound, outboundLength, n, sentNow);
        if (client == null) {
            serverHello.feed(outbound, outboundLength, n);
        }
        outboundLength += n;
        bytesSent += n;
    }

    private void handshakeStatus(HandshakeStatus hs) {
        if (hs == HandshakeStatus.FINISHED && state == State.HANDSHAKING) {
            state = State.ESTABLISHED;
            session = describe();
            if (client != null) {
                client.forget(engine);
            }
            events.add(new TlsEvent.HandshakeComplete(session));
        }
    }

    private TlsSessionInfo describe() {
        SSLSession s = engine.getSession();
        List<X509Certificate> peer = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                peer.add((X509Certificate) c);
            }
        } catch (SSLPeerUnverifiedException e) {
            // A server without client authentication: no peer chain.
        }
        List<X509Certificate> local = new ArrayList<>();
        Certificate[] mine = s.getLocalCertificates();
        if (mine != null) {
            for (Certificate c : mine) {
                local.add((X509Certificate) c);
            }
        }
        String alpn = engine.getApplicationProtocol();
        String name = client != null ? sni : orEmpty(SimKeyManager.requestedName(s));
        ServerHelloParser.Summary sh = serverHello.summary();
        return new TlsSessionInfo(s.getProtocol(), s.getCipherSuite(),
                sh == null ? "" : ServerHelloParser.groupName(sh.keyShareGroup()), alpn == null ? "" : alpn, name,
                peer, local, client != null ? verification : null);
    }

    private void afterPump() {
        if (state != State.FAILED) {
            if (engine.isInboundDone() && !peerClosedReported) {
                peerClosedReported = true;
                events.add(new TlsEvent.PeerClosed(true));
            }
        }
        if (!sentNow.isEmpty()) {
            events.add(new TlsEvent.Records(TlsEvent.Direction.SENT, sentNow));
            sentNow.clear();
        }
        if (state != State.FAILED && state != State.CLOSED && engine.isInboundDone() && engine.isOutboundDone()) {
            state = State.CLOSED;
            events.add(new TlsEvent.Closed());
        }
    }

    /** Records the failure and flushes the alert the engine queued for the peer. */
    private void fail(SSLException e) {
        failWith(classify(e), true);
    }

    private void failWith(TlsFailure f, boolean flushAlert) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        failure = f;
        if (client != null) {
            client.forget(engine);
        }
        for (int i = 0; flushAlert && i < 4 && !engine.isOutboundDone(); i++) {
            netOut.clear();
            try {
                SSLEngineResult r = engine.wrap(EMPTY, netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                    continue;
                }
                emit(netOut);
                if (r.bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException again) {
                break;
            }
        }
        if (!sentNow.isEmpty()) {
            events.add(new TlsEvent.Records(TlsEvent.Direction.SENT, sentNow));
            sentNow.clear();
        }
        events.add(new TlsEvent.Failed(failure));
    }

    static TlsFailure classify(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsVerificationException v) {
                return v.failure();
            }
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        String alert = "Received fatal alert: ";
        int i = m.indexOf(alert);
        if (i >= 0) {
            return new TlsFailure(TlsFailure.Reason.PEER_ALERT, m.substring(i + alert.length()));
        }
        return new TlsFailure(TlsFailure.Reason.HANDSHAKE, m);
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer n = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
        b.flip();
        n.put(b);
        return n;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
