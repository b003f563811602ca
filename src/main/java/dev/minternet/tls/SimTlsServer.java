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
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
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
    record Credentials(TlsIdentity identity, Certificate chain, AsymmetricKeyParameter key,
                       SignatureAndHashAlgorithm scheme) {
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
            return new Credentials(id, Certs.toTls13(crypto, id.chain()), key, scheme);
        }
    }

    private final List<Credentials> identities;
    private final List<Integer> versions;
    private final List<String> alpn;
    private final EnginePeer peer;
    private final boolean requestClientCertificate;
    private Credentials chosen;
    private String requestedName;

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

    @Override
    public ProtocolVersion[] getProtocolVersions() {
        return EnginePeer.versions(versions);
    }

    @Override
    protected Vector getProtocolNames() {
        return EnginePeer.protocolNames(alpn);
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
                (SimCrypto) getCrypto(), chosen.key(), chosen.chain(), chosen.scheme()), chosen.key());
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
