package dev.minternet.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the engine's client and server callbacks tell their {@link TlsConnection}: the handshake
 * finished, an alert went out or came in, and (client) the server's chain is ready to verify.
 */
interface EnginePeer {
    void handshakeComplete();

    void alertRaised(short description, Throwable cause);

    void alertReceived(short level, short description);

    /** Verifies the server's chain; throws to abort the handshake with the matching alert. */
    void verifyServer(List<X509Certificate> chain) throws IOException;
}
