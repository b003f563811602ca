package dev.minternet.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import java.util.function.Supplier;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;

/**
 * The engine's client side of one connection: offers exactly what its {@link ClientHelloProfile}
 * says, in the profile's order, and hands the server's chain to the connection for curl's checks
 * ({@link ChainVerifier}). No session is offered for resumption.
 */
final class SimTlsClient extends DefaultTlsClient {
    private final ClientHelloProfile profile;
    private final List<Integer> versions;
    private final String sni;
    private final List<String> alpn;
    private final EnginePeer peer;
    private final Supplier<TlsIdentity> clientIdentity;
    /** Whether the server's flight had a CertificateRequest (mutual TLS). */
    private boolean certificateRequested;
    /** The identity whose chain answered it (null: none, an empty Certificate). */
    private TlsIdentity sentIdentity;
    /** The TLS 1.2 NewSessionTicket the server sent, or null. */
    private NewSessionTicket ticket;

    SimTlsClient(SimCrypto crypto, ClientHelloProfile profile, List<Integer> versions, String sni, List<String> alpn,
                 EnginePeer peer) {
        this(crypto, profile, versions, sni, alpn, peer, null);
    }

    /** With {@code clientIdentity} (null: none), the client answers a CertificateRequest with its chain. */
    SimTlsClient(SimCrypto crypto, ClientHelloProfile profile, List<Integer> versions, String sni, List<String> alpn,
                 EnginePeer peer, Supplier<TlsIdentity> clientIdentity) {
        super(crypto);
        this.clientIdentity = clientIdentity;
        this.profile = profile;
        this.versions = versions;
        this.sni = sni;
        this.alpn = alpn;
        this.peer = peer;
    }

    @Override
    public void init(org.bouncycastle.tls.TlsClientContext context) {
        super.init(context);
        peer.engineContext(context);
    }

    @Override
    public ProtocolVersion[] getProtocolVersions() {
        return EnginePeer.versions(versions);
    }

    @Override
    public int[] getCipherSuites() {
        return profile.cipherSuites().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        return new Vector<>(profile.groups());
    }

    @Override
    public Vector getEarlyKeyShareGroups() {
        return new Vector<>(profile.keyShares());
    }

    @Override
    protected Vector getSupportedSignatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        for (int code : profile.signatureAlgorithms()) {
            v.add(SignatureAndHashAlgorithm.getInstance((short) (code >>> 8), (short) (code & 0xff)));
        }
        return v;
    }

    @Override
    protected Vector getProtocolNames() {
        return EnginePeer.protocolNames(alpn);
    }

    @Override
    protected Vector getSNIServerNames() {
        return sni.isEmpty() ? null : new Vector<>(List.of(new ServerName(
                org.bouncycastle.tls.NameType.host_name, sni.getBytes(StandardCharsets.US_ASCII))));
    }

    /** The profile's extensions, in its order; the engine fills supported_versions and key_share in place. */
    @Override
    public Hashtable getClientExtensions() throws IOException {
        super.getClientExtensions(); // sets the fields the engine reads later (groups, signature algorithms)
        return profile.extensions(sni, alpn);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                peer.verifyServer(Certs.toJdk(serverCertificate.getCertificate()));
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                TlsIdentity id = clientIdentity == null ? null : clientIdentity.get();
                certificateRequested = true;
                sentIdentity = id;
                if (id == null) {
                    return null; // an empty Certificate: the server decides whether that is enough
                }
                SimTlsServer.Credentials c = SimTlsServer.Credentials.of((SimCrypto) getCrypto(), id);
                return new org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner(
                        new org.bouncycastle.tls.crypto.TlsCryptoParameters(context), (SimCrypto) getCrypto(),
                        c.key(), c.chainFor(context), c.scheme());
            }
        };
    }

    boolean certificateRequested() {
        return certificateRequested;
    }

    /** The identity this client sent when asked for a certificate, or null. */
    TlsIdentity sentIdentity() {
        return sentIdentity;
    }

    @Override
    public void notifyNewSessionTicket(NewSessionTicket t) throws IOException {
        super.notifyNewSessionTicket(t);
        ticket = t;
    }

    /** The TLS 1.2 session ticket received, or null. */
    NewSessionTicket ticket() {
        return ticket;
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
