package dev.minternet.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * The engine's server side of one connection: picks the certificate by SNI (the first identity
 * whose leaf names the requested host, else the first, as nginx falls back to its default
 * server), prefers its own ALPN order (nginx), follows the client's cipher suite order (nginx's
 * default, ssl_prefer_server_ciphers off), and signs CertificateVerify with the leaf's key.
 */
final class SimTlsServer extends DefaultTlsServer {
    /** A context's identities, converted once for the engine. */
    record Credentials(TlsIdentity identity, Certificate chain, Certificate chain12, AsymmetricKeyParameter key,
                       SignatureAndHashAlgorithm scheme) {
        /** The Certificate message body for the negotiated version (TLS 1.3's has a request context and entries). */
        Certificate chainFor(org.bouncycastle.tls.TlsContext context) {
            return TlsUtils.isTLSv13(context) ? chain : chain12;
        }

        static Credentials of(SimCrypto crypto, TlsIdentity id) {
            AsymmetricKeyParameter key;
            try {
                key = PrivateKeyFactory.createKey(id.privateKey().getEncoded());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the private key of " + id.leaf().getSubjectX500Principal(), e);
            }
            SignatureAndHashAlgorithm scheme;
            if (key instanceof Ed25519PrivateKeyParameters) {
                scheme = SignatureAndHashAlgorithm.ed25519;
            } else if (key instanceof ECPrivateKeyParameters) {
                scheme = SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                        org.bouncycastle.tls.SignatureAlgorithm.ecdsa);
            } else {
                throw new IllegalArgumentException("only Ed25519 and ECDSA P-256 server keys are supported, not "
                        + id.privateKey().getAlgorithm() + " (docs/design.md decision 6)");
            }
            Certificate chain = Certs.toTls13(crypto, id.chain());
            return new Credentials(id, chain, Certs.toTls12(chain), key, scheme);
        }
    }

    private final List<Credentials> identities;
    private final List<Integer> versions;
    private final List<String> alpn;
    private final EnginePeer peer;
    private final boolean requestClientCertificate;
    private Credentials chosen;
    private String requestedName;
    /** Whether the ClientHello carried an (empty) session_ticket extension (RFC 5077). */
    private boolean ticketOffered;
    /** The lifetime hint of the TLS 1.2 session tickets this server issues, in seconds. */
    private final long ticketLifetime = TlsServerContext.TICKET_LIFETIME;

    SimTlsServer(SimCrypto crypto, List<Credentials> identities, List<Integer> versions, List<String> alpn,
                 EnginePeer peer) {
        this(crypto, identities, versions, alpn, peer, false);
    }

    /** With {@code requestClientCertificate}, a CertificateRequest goes in the server's flight (mutual TLS). */
    SimTlsServer(SimCrypto crypto, List<Credentials> identities, List<Integer> versions, List<String> alpn,
                 EnginePeer peer, boolean requestClientCertificate) {
        super(crypto);
        this.identities = identities;
        this.versions = versions;
        this.alpn = alpn;
        this.peer = peer;
        this.requestClientCertificate = requestClientCertificate;
    }

    boolean requestsClientCertificate() {
        return requestClientCertificate;
    }

    /** RFC 8446 section 4.3.2: an empty request context and the signature schemes this server checks. */
    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (!requestClientCertificate) {
            return null;
        }
        Vector algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, algorithms, null, null);
        }
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
    }

    /** The client's Certificate (empty when it had none): verified by the connection, which may refuse it. */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        peer.verifyClient(Certs.toJdk(clientCertificate));
    }

    @Override
    public void init(org.bouncycastle.tls.TlsServerContext context) {
        super.init(context);
        peer.engineContext(context);
    }

    /** The SNI host name the ClientHello asked for, or null (none, or no ClientHello yet). */
    String requestedName() {
        return requestedName;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        ticketOffered = clientExtensions != null && clientExtensions.containsKey(ExtensionType.session_ticket);
        Vector names = TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
        if (names != null) {
            for (Object o : names) {
                ServerName n = (ServerName) o;
                if (n.getNameType() == NameType.host_name) {
                    requestedName = new String(n.getNameData(), StandardCharsets.US_ASCII);
                    break;
                }
            }
        }
    }

    /** The identity whose chain was sent; null before the server's Certificate. */
    TlsIdentity chosenIdentity() {
        return chosen == null ? null : chosen.identity();
    }

    /**
     * TLS 1.3's suites, and for TLS 1.2 the ECDHE-ECDSA AEAD ones (the keys here are Ed25519 or
     * ECDSA; BouncyCastle's defaults would also pick ECDHE_RSA, which these keys cannot sign).
     * The client's order decides (nginx's ssl_prefer_server_ciphers off).
     */
    @Override
    public int[] getCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
    }

    private static final int[] SUITES = {CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};

    @Override
    public ProtocolVersion[] getProtocolVersions() {
        return EnginePeer.versions(versions);
    }

    @Override
    protected Vector getProtocolNames() {
        return EnginePeer.protocolNames(alpn);
    }

    /** TLS 1.2: a session_ticket answer to a client that offered one (OpenSSL and nginx issue tickets by default). */
    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (ticketOffered && !TlsUtils.isTLSv13(context)) {
            TlsExtensionsUtils.addEmptyExtensionData(ext, ExtensionType.session_ticket);
        }
        return ext;
    }

    /**
     * The TLS 1.2 NewSessionTicket: an OpenSSL ticket's size (key name 16, IV 16, the session
     * encrypted with AES-256-CBC, HMAC-SHA256 32; the session's DER grows with the SNI name) made
     * of the server's seeded random bytes. Opaque to clients; this server resumes no sessions.
     */
    @Override
    public NewSessionTicket getNewSessionTicket() {
        int name = requestedName == null ? 0 : requestedName.length();
        byte[] ticket = new byte[16 + 16 + 16 * ((102 + name) / 16 + 1) + 32];
        context.getCrypto().getSecureRandom().nextBytes(ticket);
        return new NewSessionTicket(ticketLifetime, ticket);
    }

    @Override
    public TlsCredentials getCredentials() {
        String sni = requestedName();
        chosen = identities.get(0);
        if (sni != null) {
            for (Credentials c : identities) {
                if (HostnameMatcher.matches(c.identity().leaf(), sni)) {
                    chosen = c;
                    break;
                }
            }
        }
        return HandshakeWork.leavingSignatures(new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context),
                (SimCrypto) getCrypto(), chosen.key(), chosen.chainFor(context), chosen.scheme()), chosen.key());
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        peer.handshakeComplete();
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        peer.alertRaised(alertDescription, cause);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        peer.alertReceived(alertLevel, alertDescription);
    }
}
