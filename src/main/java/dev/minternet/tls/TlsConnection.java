package dev.minternet.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * One TLS connection as a sans-I/O machine around BouncyCastle's TLS engine in non-blocking mode
 * (docs/design.md decision 4): the transport feeds it the bytes that arrived ({@link #receive}), the
 * application hands it bytes to protect ({@link #send}); it never does I/O itself. After each
 * call, the bytes to put on the wire wait in {@link #takeOutbound()} and what happened waits in
 * {@link #pollEvent()}: records sent and received (a flight per call), handshake completion with
 * what was negotiated, decrypted data, close, or failure with curl's reason.
 *
 * <p>All the work an input allows (signature checks, key derivation) happens in the call, so the
 * output is a function of the inputs. Not thread-safe: like everything in the simulator, it
 * belongs to the simulation thread. Closing follows the engine: on a close_notify the engine
 * answers with its own and the connection is closed both ways (as nginx does).
 *
 * <pre>
 *   HANDSHAKING --handshake done--> ESTABLISHED --close_notify either way--> CLOSED
 *        \__________________________ any fatal error ______________________> FAILED
 * </pre>
 */
public final class TlsConnection {
    /** Where the connection is; see the class diagram. */
    public enum State { HANDSHAKING, ESTABLISHED, CLOSED, FAILED }

    private static final byte[] NO_BYTES = new byte[0];

    private final TlsProtocol protocol;
    private final SimCrypto crypto;
    private final KeyLog keyLog;
    /** Null on a server. */
    private final TlsClientContext client;
    private final String host;
    private final String sni;
    private final boolean insecure;
    /** Mutual TLS on a server: whom it trusts for client certificates; null when it asks for none. */
    private TlsServerContext.ClientAuth clientAuth;
    /** A check of the peer's verified chain after the PKIX checks (null: none): null when fine, else why not. */
    private Function<List<X509Certificate>, String> peerCheck;
    private SimTlsClient clientPeer;
    private SimTlsServer serverPeer;
    private org.bouncycastle.tls.TlsContext engineContext;

    /** Records waiting for the transport; no array while there are none (see {@link IdleBuffers}). */
    private byte[] outbound = NO_BYTES;
    private int outboundLength;
    private final ArrayDeque<byte[]> pendingApp = new ArrayDeque<>();
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
    private TlsVerificationException verificationError;
    private boolean handshakeDone;
    private boolean closeNotifyReceived;
    private boolean peerClosedReported;
    private boolean inputEnded;
    private long bytesSent;
    private long bytesReceived;
    /** TLS 1.2: the key exchange group (from the engine's crypto) and the master secret, kept for the session's report. */
    private int group12 = -1;
    private byte[] masterSecret = NO_BYTES;

    private final EnginePeer callbacks = new EnginePeer() {
        @Override
        public void engineContext(org.bouncycastle.tls.TlsContext context) {
            engineContext = context;
        }

        @Override
        public void handshakeComplete() {
            handshakeDone = true;
            SecurityParameters s = engineContext.getSecurityParametersConnection();
            if (s != null && !org.bouncycastle.tls.TlsUtils.isTLSv13(s.getNegotiatedVersion())) {
                masterSecret = SecretCopy.of(s.getMasterSecret()); // BouncyCastle destroys it after this call
            }
        }

        @Override
        public void alertRaised(short description, Throwable cause) {
        }

        @Override
        public void alertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                closeNotifyReceived = true;
            }
        }

        @Override
        public void verifyServer(List<X509Certificate> chain) throws IOException {
            verifyPeer(chain);
        }

        @Override
        public void verifyClient(List<X509Certificate> chain) throws IOException {
            verifyClientChain(chain);
        }
    };

    private TlsConnection(TlsProtocol protocol, SimCrypto crypto, KeyLog keyLog, TlsClientContext client, String host,
                          String sni, boolean insecure) {
        this.protocol = protocol;
        this.crypto = crypto;
        this.keyLog = keyLog;
        this.client = client;
        this.host = host;
        this.sni = sni;
        this.insecure = insecure;
    }

    /** A client connection; its ClientHello is ready once this returns. */
    static TlsConnection client(TlsClientContext ctx, SimCrypto crypto, KeyLog keyLog, ClientHelloProfile profile,
                                List<Integer> versions, String host, String sni, List<String> alpn, boolean insecure) {
        TlsClientProtocol p = new TlsClientProtocol();
        TlsConnection c = new TlsConnection(p, crypto, keyLog, ctx, host, sni, insecure);
        c.clientPeer = new SimTlsClient(crypto, profile, versions, sni, alpn, c.callbacks);
        c.step(() -> p.connect(c.clientPeer));
        return c;
    }

    /**
     * A client connection that presents {@code identity}'s chain when asked (mutual TLS), verifies the
     * server's chain without a host name check and then asks {@code peerCheck} (null when fine, else
     * the reason to refuse).
     */
    static TlsConnection client(TlsClientContext ctx, SimCrypto crypto, KeyLog keyLog, ClientHelloProfile profile,
                                List<Integer> versions, String sni, List<String> alpn,
                                java.util.function.Supplier<TlsIdentity> identity,
                                Function<List<X509Certificate>, String> peerCheck) {
        TlsClientProtocol p = new TlsClientProtocol();
        TlsConnection c = new TlsConnection(p, crypto, keyLog, ctx, null, sni, false);
        c.peerCheck = peerCheck;
        c.clientPeer = new SimTlsClient(crypto, profile, versions, sni, alpn, c.callbacks, identity);
        c.step(() -> p.connect(c.clientPeer));
        return c;
    }

    /** A server connection that requires a client certificate trusted by {@code auth} (mutual TLS). */
    static TlsConnection server(SimCrypto crypto, KeyLog keyLog, List<SimTlsServer.Credentials> identities,
                                List<Integer> versions, List<String> alpn, TlsServerContext.ClientAuth auth) {
        if (auth == null) {
            return server(crypto, keyLog, identities, versions, alpn);
        }
        TlsServerProtocol p = new TlsServerProtocol();
        TlsConnection c = new TlsConnection(p, crypto, keyLog, null, null, "", false);
        c.clientAuth = auth;
        c.peerCheck = auth.check();
        c.serverPeer = new SimTlsServer(crypto, identities, versions, alpn, c.callbacks, true);
        c.step(() -> p.accept(c.serverPeer));
        return c;
    }

    /** A server connection waiting for a ClientHello. */
    static TlsConnection server(SimCrypto crypto, KeyLog keyLog, List<SimTlsServer.Credentials> identities,
                                List<Integer> versions, List<String> alpn) {
        TlsServerProtocol p = new TlsServerProtocol();
        TlsConnection c = new TlsConnection(p, crypto, keyLog, null, null, "", false);
        c.serverPeer = new SimTlsServer(crypto, identities, versions, alpn, c.callbacks);
        c.step(() -> p.accept(c.serverPeer));
        return c;
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
        if (!protocol.isClosed()) {
            step(() -> protocol.offerInput(data, offset, length));
        }
    }

    public void receive(byte[] data) {
        receive(data, 0, data.length);
    }

    /** Queues application bytes; they are encrypted as soon as the handshake is done. */
    public void send(byte[] data) {
        if (state == State.FAILED || state == State.CLOSED || protocol.isClosed()) {
            throw new IllegalStateException("cannot send on a " + (state == State.ESTABLISHED ? "closing" : state)
                    + " TLS connection");
        }
        if (data.length == 0) {
            return;
        }
        if (state == State.HANDSHAKING) {
            pendingApp.add(data.clone());
            return;
        }
        step(() -> protocol.writeApplicationData(data, 0, data.length));
    }

    /**
     * The transport's end of stream (TCP FIN or reset). During the handshake the connection fails
     * ("connection closed during the handshake", what curl reports as SSL_ERROR_SYSCALL, exit
     * 35) and no alert is produced; afterwards, without a close_notify first, the peer is closed
     * with {@code PeerClosed(false)}.
     */
    public void receiveEnd() {
        if (state == State.FAILED || state == State.CLOSED || inputEnded) {
            return;
        }
        inputEnded = true;
        if (state == State.HANDSHAKING) {
            failWith(new TlsFailure(TlsFailure.Reason.HANDSHAKE, "connection closed during the handshake"));
            return;
        }
        if (!peerClosedReported) {
            peerClosedReported = true;
            events.add(new TlsEvent.PeerClosed(false));
        }
    }

    /** Sends close_notify (RFC 8446 section 6.1). */
    public void close() {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        step(protocol::close);
    }

    /** Bytes waiting for the transport. */
    public int outboundAvailable() {
        return outboundLength;
    }

    /** Takes (and clears) the bytes waiting for the transport; empty if none. */
    public byte[] takeOutbound() {
        byte[] r = outboundLength == outbound.length ? outbound : Arrays.copyOf(outbound, outboundLength);
        outbound = NO_BYTES;
        outboundLength = 0;
        return r;
    }

    /** The bytes of buffer this connection holds between steps: its engine's queues and its outbound records (for tests). */
    int heldBufferBytes() {
        int queues = IdleBuffers.held(protocol);
        return queues < 0 ? -1 : queues + outbound.length;
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
        String n = serverPeer.requestedName();
        return n == null ? "" : n;
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

    // ---- verification, called by the client peer when the server's Certificate is in ----

    private void verifyPeer(List<X509Certificate> chain) throws IOException {
        try {
            client.verifiedChains().verify(chain, client.now(), host);
            checkPeer(chain);
        } catch (TlsVerificationException e) {
            verification = e.failure();
            if (!insecure) {
                verificationError = e;
                throw new TlsFatalAlert(alertFor(e.failure().reason()), e.failure().curlMessage(), e);
            }
        }
    }

    /** The caller's own check of a verified chain (a SPIFFE identity, say), as a verification failure. */
    private void checkPeer(List<X509Certificate> chain) throws TlsVerificationException {
        String refused = peerCheck == null ? null : peerCheck.apply(chain);
        if (refused != null) {
            throw new TlsVerificationException(new TlsFailure(TlsFailure.Reason.INVALID_CERTIFICATE, refused), null);
        }
    }

    /**
     * A server's check of the client's chain (mutual TLS), as OpenSSL's SSL_VERIFY_PEER |
     * SSL_VERIFY_FAIL_IF_NO_PEER_CERT does: none is alert certificate_required (RFC 8446 section
     * 4.4.2.4), an untrusted or invalid one the alert of its verification failure.
     */
    private void verifyClientChain(List<X509Certificate> chain) throws IOException {
        if (clientAuth == null) {
            return;
        }
        if (chain.isEmpty()) {
            TlsFailure f = new TlsFailure(TlsFailure.Reason.HANDSHAKE, "certificate_required: the client sent no certificate");
            verificationError = new TlsVerificationException(f, null);
            throw new TlsFatalAlert(AlertDescription.certificate_required, f.detail());
        }
        try {
            ChainVerifier.verify(chain, clientAuth.trust(), clientAuth.clock().get(), null, ChainVerifier.CLIENT_AUTH);
            checkPeer(chain);
        } catch (TlsVerificationException e) {
            verificationError = e;
            throw new TlsFatalAlert(alertFor(e.failure().reason()), e.failure().curlMessage()
                    + (e.failure().detail().isEmpty() ? "" : " (" + e.failure().detail() + ")"), e);
        }
    }

    /** The alert OpenSSL sends for a verification failure (ssl_x509err2alert). */
    private static short alertFor(TlsFailure.Reason r) {
        return switch (r) {
            case EXPIRED -> AlertDescription.certificate_expired;
            case UNTRUSTED, SELF_SIGNED_IN_CHAIN -> AlertDescription.unknown_ca;
            case NOT_YET_VALID, INVALID_CERTIFICATE -> AlertDescription.bad_certificate;
            case UNSUPPORTED_PURPOSE -> AlertDescription.unsupported_certificate;
            default -> AlertDescription.certificate_unknown;
        };
    }

    // ---- the engine loop ----

    private interface EngineStep {
        void run() throws IOException;
    }

    /** Lets the engine take one step, then collects what it produced. */
    private void step(EngineStep s) {
        if (keyLog != null) {
            crypto.logTo((label, secret) -> keyLog.secret(label, clientRandom(), secret));
        }
        try {
            s.run();
            if (state == State.HANDSHAKING) {
                int g = crypto.takeGroup();
                group12 = g == -1 ? group12 : g;
            }
            if (handshakeDone && state == State.HANDSHAKING) {
                state = State.ESTABLISHED;
                session = describe();
                events.add(new TlsEvent.HandshakeComplete(session));
                while (!pendingApp.isEmpty() && !protocol.isClosed()) {
                    byte[] d = pendingApp.poll();
                    protocol.writeApplicationData(d, 0, d.length);
                }
            }
            readApplicationData();
        } catch (IOException | RuntimeException e) {
            drainOutput();
            failWith(classify(e));
            return;
        } finally {
            if (keyLog != null) {
                crypto.logTo(null);
            }
        }
        drainOutput();
        if (closeNotifyReceived && !peerClosedReported) {
            peerClosedReported = true;
            events.add(new TlsEvent.PeerClosed(true));
        }
        flushSent();
        IdleBuffers.release(protocol);
        if (protocol.isClosed() && state != State.FAILED && state != State.CLOSED) {
            state = State.CLOSED;
            events.add(new TlsEvent.Closed());
        }
    }

    private byte[] clientRandom() {
        return engineContext.getSecurityParametersHandshake().getClientRandom();
    }

    private void readApplicationData() {
        int n = protocol.getAvailableInputBytes();
        if (n > 0) {
            byte[] data = new byte[n];
            protocol.readInput(data, 0, n);
            events.add(new TlsEvent.ApplicationData(data));
        }
    }

    private void drainOutput() {
        int n = protocol.getAvailableOutputBytes();
        if (n == 0) {
            return;
        }
        if (outboundLength + n > outbound.length) {
            outbound = outboundLength == 0 ? new byte[n] : Arrays.copyOf(outbound, Math.max(outbound.length * 2, outboundLength + n));
        }
        protocol.readOutput(outbound, outboundLength, n);
        outScanner.scan(outbound, outboundLength, n, sentNow);
        if (client == null) {
            serverHello.feed(outbound, outboundLength, n);
        }
        outboundLength += n;
        bytesSent += n;
    }

    private void flushSent() {
        if (!sentNow.isEmpty()) {
            events.add(new TlsEvent.Records(TlsEvent.Direction.SENT, sentNow));
            sentNow.clear();
        }
    }

    private TlsSessionInfo describe() {
        SecurityParameters s = engineContext.getSecurityParametersConnection();
        List<X509Certificate> peer = List.of();
        List<X509Certificate> local = List.of();
        try {
            if (s.getPeerCertificate() != null && !s.getPeerCertificate().isEmpty()) {
                peer = Certs.toJdk(s.getPeerCertificate());
            }
        } catch (IOException e) {
            peer = List.of(); // verified already; cannot happen for a chain the verifier parsed
        }
        if (client == null && serverPeer.chosenIdentity() != null) {
            local = serverPeer.chosenIdentity().chain();
        }
        if (clientPeer != null && clientPeer.sentIdentity() != null) {
            local = clientPeer.sentIdentity().chain(); // mutual TLS: the chain this client presented
        }
        boolean requested = clientPeer != null ? clientPeer.certificateRequested() : serverPeer.requestsClientCertificate();
        ProtocolName alpn = s.getApplicationProtocol();
        ServerHelloParser.Summary sh = serverHello.summary();
        boolean tls13 = s.getNegotiatedVersion().getFullVersion() >= 0x0304;
        String group = tls13 ? (sh == null ? "" : ServerHelloParser.groupName(sh.keyShareGroup()))
                : ServerHelloParser.groupName(group12);
        return new TlsSessionInfo(TlsNames.version(s.getNegotiatedVersion().getFullVersion()),
                TlsNames.cipherSuite(s.getCipherSuite()), group,
                alpn == null ? "" : alpn.getUtf8Decoding(), serverName(), peer, local,
                client != null ? verification : null, requested, tls13 ? null : tls12(s));
    }

    /** A TLS 1.2 session's id, master secret and ticket, as OpenSSL's SSL_SESSION has them. */
    private TlsSessionInfo.Tls12 tls12(SecurityParameters s) {
        org.bouncycastle.tls.NewSessionTicket t = clientPeer == null ? null : clientPeer.ticket();
        byte[] ticket = t == null ? new byte[0] : t.getTicket();
        byte[] id = s.getSessionID() == null ? new byte[0] : s.getSessionID();
        if (ticket.length > 0) {
            JdkDigest d = JdkDigest.sha256();
            d.update(ticket, 0, ticket.length);
            id = new byte[32];
            d.doFinal(id, 0);
        }
        return new TlsSessionInfo.Tls12(id, masterSecret, ticket, t == null ? 0 : t.getTicketLifetimeHint(),
                s.isSecureRenegotiation(), s.isExtendedMasterSecret());
    }

    /** Reads a secret without destroying it (BouncyCastle's extract() does), for the report only. */
    private static final class SecretCopy extends org.bouncycastle.tls.crypto.impl.bc.BcTlsSecret {
        private SecretCopy() {
            super(null, new byte[0]);
        }

        static byte[] of(org.bouncycastle.tls.crypto.TlsSecret secret) {
            if (secret instanceof org.bouncycastle.tls.crypto.impl.AbstractTlsSecret a && a.isAlive()) {
                return copyData(a);
            }
            return new byte[0];
        }
    }

    private void failWith(TlsFailure f) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        failure = f;
        flushSent();
        events.add(new TlsEvent.Failed(failure));
    }

    private TlsFailure classify(Throwable e) {
        if (verificationError != null) {
            return verificationError.failure();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsVerificationException v) {
                return v.failure();
            }
            if (t instanceof TlsFatalAlertReceived r) {
                return new TlsFailure(TlsFailure.Reason.PEER_ALERT, AlertDescription.getName(r.getAlertDescription()));
            }
        }
        if (e instanceof TlsFatalAlert a) {
            return new TlsFailure(TlsFailure.Reason.HANDSHAKE, AlertDescription.getName(a.getAlertDescription())
                    + (a.getMessage() == null || a.getMessage().isEmpty() ? "" : ": " + a.getMessage()));
        }
        return new TlsFailure(TlsFailure.Reason.HANDSHAKE, String.valueOf(e.getMessage()));
    }
}
