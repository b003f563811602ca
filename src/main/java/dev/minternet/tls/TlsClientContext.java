package dev.minternet.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The TLS client side of one simulated host: its trust store, its ALPN offer, the simulated
 * clock certificates are checked against, and its own deterministic random stream
 * ({@code SeededSecureRandom.of(worldSeed, "tls/client/" + hostName)}). Connections made from one
 * context draw from that stream in the order the simulation makes them, so a run is reproducible.
 *
 * <p>Every connection is a full handshake: engines are created without a peer host and port,
 * so the JDK never looks up a session to resume.
 */
public final class TlsClientContext {
    /** curl's default offer over TLS: HTTP/2 first. */
    public static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3");

    private final SSLContext ssl;
    private final SimTrustManager trustManager;
    private final TrustStore trust;
    private final Supplier<Instant> clock;
    private final List<String> alpn;
    private final List<String> protocols;

    private TlsClientContext(Builder b) {
        this.trust = b.trust;
        this.clock = b.clock;
        this.alpn = b.alpn;
        this.protocols = b.protocols;
        this.trustManager = new SimTrustManager(trust);
        this.ssl = JdkTls.newContext(new KeyManager[0], new TrustManager[] {trustManager},
                SeededSecureRandom.of(b.worldSeed, "tls/client/" + b.hostName));
    }

    /**
     * A builder for host {@code hostName} of world {@code worldSeed}; the defaults are an empty
     * trust store, ALPN h2 + http/1.1, TLS 1.3 only, and a clock that must be set.
     */
    public static Builder builder(long worldSeed, String hostName) {
        return new Builder(worldSeed, hostName);
    }

    /** Starts a handshake to {@code host} with the context's defaults; the ClientHello is ready to take. */
    public TlsConnection connect(String host) {
        return connect(host, ConnectOptions.DEFAULT);
    }

    /**
     * Starts a handshake to {@code host} (a DNS name, sent as SNI and checked against the
     * certificate, or an IP literal, checked against iPAddress names and not sent as SNI, RFC
     * 6066 section 3). The ClientHello is ready in {@link TlsConnection#takeOutbound()}.
     */
    public TlsConnection connect(String host, ConnectOptions options) {
        Objects.requireNonNull(host, "host");
        SSLEngine engine = ssl.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        List<String> offer = options.alpn() == null ? alpn : options.alpn();
        p.setApplicationProtocols(offer.toArray(new String[0]));
        String sni = HostnameMatcher.isIpLiteral(host) ? null : (host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        p.setEndpointIdentificationAlgorithm(null); // our ChainVerifier matches names (HostnameMatcher)
        engine.setSSLParameters(p);
        TlsConnection c = new TlsConnection(engine, this, host, sni == null ? "" : sni, options.insecure());
        trustManager.register(engine, c);
        c.start();
        return c;
    }

    TrustStore trustStore() {
        return trust;
    }

    Instant now() {
        return clock.get();
    }

    void forget(SSLEngine engine) {
        trustManager.unregister(engine);
    }

    /** Builder; see {@link TlsClientContext#builder}. */
    public static final class Builder {
        private final long worldSeed;
        private final String hostName;
        private TrustStore trust = TrustStore.empty();
        private Supplier<Instant> clock;
        private List<String> alpn = DEFAULT_ALPN;
        private List<String> protocols = DEFAULT_PROTOCOLS;

        private Builder(long worldSeed, String hostName) {
            this.worldSeed = worldSeed;
            this.hostName = Objects.requireNonNull(hostName, "hostName");
        }

        public Builder trustStore(TrustStore t) {
            this.trust = Objects.requireNonNull(t);
            return this;
        }

        /** The simulated date, e.g. {@code world::date}; certificates are checked against it. */
        public Builder clock(Supplier<Instant> c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder alpn(String... protocols) {
            this.alpn = List.of(protocols);
            return this;
        }

        /** Enabled protocol versions, e.g. "TLSv1.3", "TLSv1.2" (determinism is only tested for 1.3). */
        public Builder protocols(String... versions) {
            this.protocols = List.of(versions);
            return this;
        }

        public TlsClientContext build() {
            if (clock == null) {
                throw new IllegalStateException("a TLS client needs the simulated clock (certificate validity)");
            }
            return new TlsClientContext(this);
        }
    }
}
