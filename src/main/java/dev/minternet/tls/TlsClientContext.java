package dev.minternet.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.security.cert.X509Certificate;

/**
 * The TLS client side of one simulated host: its trust store, its ALPN offer, the simulated
 * clock certificates are checked against, and its own deterministic random stream
 * ({@code SeededSecureRandom.of(worldSeed, "tls/client/" + hostName)}). Connections made from one
 * context draw from that stream in the order the simulation makes them, so a run is reproducible.
 * Its ClientHello is curl's ({@link ClientHelloProfile#CURL_OPENSSL3}) unless the builder says
 * otherwise.
 *
 * <p>Every connection is a full handshake: no session is offered for resumption.
 */
public final class TlsClientContext {
    /** curl's default offer over TLS: HTTP/2 first. */
    public static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");
    /** What a server accepts by default: nginx's {@code ssl_protocols TLSv1.2 TLSv1.3}. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SimCrypto crypto;
    private final TrustStore trust;
    private final Supplier<Instant> clock;
    private final List<String> alpn;
    private final List<Integer> versions;
    private final ClientHelloProfile profile;
    private final KeyLog keyLog;

    private TlsClientContext(Builder b) {
        this.trust = b.trust;
        this.clock = b.clock;
        this.alpn = b.alpn;
        this.profile = b.profile;
        this.versions = b.protocols == null ? profile.versions()
                : b.protocols.stream().map(TlsNames::versionCode).toList();
        this.keyLog = b.keyLog;
        this.crypto = new SimCrypto(SeededSecureRandom.of(b.worldSeed, "tls/client/" + b.hostName));
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
        List<String> offer = options.alpn() == null ? alpn : options.alpn();
        String sni = HostnameMatcher.isIpLiteral(host) ? "" : (host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        ClientHelloProfile p = options.profile() == null ? profile : options.profile();
        List<Integer> v = options.protocols() != null ? options.protocols().stream().map(TlsNames::versionCode).toList()
                : options.profile() == null ? versions : p.versions();
        return TlsConnection.client(this, crypto, keyLog, p.forVersions(v), v, host, sni, offer, options.insecure());
    }

    /**
     * Mutual TLS: starts a handshake sending {@code sni}, presenting {@code identity}'s current
     * chain when the server asks for one, verifying the server's chain against the trust store
     * without a host name check and then with {@code peerCheck} (null when fine, else why not;
     * a SPIFFE identity check, say). ALPN offers {@code alpn}.
     */
    public TlsConnection connectMutual(String sni, List<String> alpn, Supplier<TlsIdentity> identity,
                                       Function<List<X509Certificate>, String> peerCheck) {
        return TlsConnection.client(this, crypto, keyLog, profile.forVersions(versions), versions, sni, alpn, identity, peerCheck);
    }

    /** What this context's ClientHello offers. */
    public ClientHelloProfile profile() {
        return profile;
    }

    VerifiedChains verifiedChains() {
        return trust.verifiedChains();
    }

    TrustStore trustStore() {
        return trust;
    }

    Instant now() {
        return clock.get();
    }

    /** Builder; see {@link TlsClientContext#builder}. */
    public static final class Builder {
        private final long worldSeed;
        private final String hostName;
        private TrustStore trust = TrustStore.empty();
        private Supplier<Instant> clock;
        private List<String> alpn = DEFAULT_ALPN;
        private List<String> protocols;
        private ClientHelloProfile profile = ClientHelloProfile.CURL_OPENSSL3;
        private KeyLog keyLog;

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

        /**
         * Offered protocol versions, e.g. "TLSv1.3", "TLSv1.2", instead of the profile's (curl
         * offers 1.3 down to 1.0; determinism is only tested for 1.3).
         */
        public Builder protocols(String... versions) {
            this.protocols = List.of(versions);
            return this;
        }

        /** What the ClientHello offers; curl's by default. */
        public Builder profile(ClientHelloProfile p) {
            this.profile = Objects.requireNonNull(p);
            return this;
        }

        /** Receives every connection's traffic secrets (an SSLKEYLOGFILE writer); none by default. */
        public Builder keyLog(KeyLog log) {
            this.keyLog = log;
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
