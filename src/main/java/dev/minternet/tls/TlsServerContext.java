package dev.minternet.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The TLS server side of one simulated host: its certificates (picked by SNI, the first is the
 * default), its ALPN preference (the server's order wins, as in nginx), and its own deterministic
 * random stream {@code SeededSecureRandom.of(worldSeed, "tls/server/" + hostName)}.
 */
public final class TlsServerContext {
    private final SSLContext ssl;
    private final List<String> alpn;
    private final List<String> protocols;

    private TlsServerContext(Builder b) {
        this.alpn = b.alpn;
        this.protocols = b.protocols;
        this.ssl = JdkTls.newContext(new KeyManager[] {new SimKeyManager(b.identities)},
                new TrustManager[] {new SimTrustManager(TrustStore.empty())},
                SeededSecureRandom.of(b.worldSeed, "tls/server/" + b.hostName));
    }

    public static Builder builder(long worldSeed, String hostName) {
        return new Builder(worldSeed, hostName);
    }

    /** A server-side connection waiting for a ClientHello. */
    public TlsConnection accept() {
        SSLEngine engine = ssl.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        p.setApplicationProtocols(alpn.toArray(new String[0]));
        p.setNeedClientAuth(false);
        engine.setSSLParameters(p);
        TlsConnection c = new TlsConnection(engine, null, null, "", false);
        c.start();
        return c;
    }

    /** Builder; see {@link TlsServerContext#builder}. */
    public static final class Builder {
        private final long worldSeed;
        private final String hostName;
        private final List<TlsIdentity> identities = new ArrayList<>();
        private List<String> alpn = TlsClientContext.DEFAULT_ALPN;
        private List<String> protocols = TlsClientContext.DEFAULT_PROTOCOLS;

        private Builder(long worldSeed, String hostName) {
            this.worldSeed = worldSeed;
            this.hostName = Objects.requireNonNull(hostName, "hostName");
        }

        /** Adds a certificate chain and key; the first one added is served when SNI matches none. */
        public Builder identity(TlsIdentity id) {
            identities.add(Objects.requireNonNull(id));
            return this;
        }

        /** Protocols the server accepts, in its preference order; empty to ignore ALPN. */
        public Builder alpn(String... protocols) {
            this.alpn = List.of(protocols);
            return this;
        }

        public Builder protocols(String... versions) {
            this.protocols = List.of(versions);
            return this;
        }

        public TlsServerContext build() {
            if (identities.isEmpty()) {
                throw new IllegalStateException("a TLS server needs at least one identity");
            }
            return new TlsServerContext(this);
        }
    }
}
