package dev.minternet.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * What the engine's client and server callbacks tell their {@link TlsConnection}: the handshake
 * finished, an alert went out or came in, and (client) the server's chain is ready to verify.
 */
interface EnginePeer {
    /** The engine's view of the connection (randoms, negotiated parameters), given before the handshake starts. */
    void engineContext(org.bouncycastle.tls.TlsContext context);

    void handshakeComplete();

    void alertRaised(short description, Throwable cause);

    void alertReceived(short level, short description);

    /** Verifies the server's chain; throws to abort the handshake with the matching alert. */
    void verifyServer(List<X509Certificate> chain) throws IOException;

    /** Verifies a client's chain (mutual TLS); throws to abort the handshake with the matching alert. */
    default void verifyClient(List<X509Certificate> chain) throws IOException {
    }

    /** Wire versions (0x0304...) as the engine's protocol versions. */
    static ProtocolVersion[] versions(List<Integer> versions) {
        return versions.stream().map(v -> ProtocolVersion.get(v >>> 8, v & 0xff)).toArray(ProtocolVersion[]::new);
    }

    /** ALPN protocol names for the engine, or null for none (no extension). */
    static Vector<ProtocolName> protocolNames(List<String> alpn) {
        Vector<ProtocolName> v = new Vector<>();
        alpn.forEach(p -> v.add(ProtocolName.asUtf8Encoding(p)));
        return v.isEmpty() ? null : v;
    }
}
