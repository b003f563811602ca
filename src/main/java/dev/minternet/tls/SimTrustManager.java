package dev.minternet.tls;

import java.lang.ref.WeakReference;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side's trust manager: hands each server chain to the {@link TlsConnection} that
 * owns the engine, which verifies it with {@link ChainVerifier} at the simulated date against its
 * context's {@link TrustStore}. Being an {@link X509ExtendedTrustManager}, the JDK uses it as is
 * and adds no checks of its own (no wall-clock validity, no endpoint identification).
 */
final class SimTrustManager extends X509ExtendedTrustManager {
    /**
     * Connections still handshaking, by engine. Both sides are weak (the connection holds its
     * engine strongly, so a strong value would pin the key): a connection abandoned mid-handshake
     * is collected; finished ones unregister themselves.
     */
    private final Map<SSLEngine, WeakReference<TlsConnection>> connections = new WeakHashMap<>();
    private final TrustStore trust;

    SimTrustManager(TrustStore trust) {
        this.trust = trust;
    }

    void register(SSLEngine engine, TlsConnection c) {
        connections.put(engine, new WeakReference<>(c));
    }

    void unregister(SSLEngine engine) {
        connections.remove(engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        WeakReference<TlsConnection> ref = connections.get(engine);
        TlsConnection c = ref == null ? null : ref.get();
        if (c == null) {
            throw new CertificateException("no simulated connection for this engine");
        }
        c.verifyPeer(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("simulated TLS runs on SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("simulated TLS runs on SSLEngine only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not supported yet");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not supported yet");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not supported yet");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.roots().toArray(new X509Certificate[0]);
    }
}
