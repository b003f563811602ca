package dev.minternet.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The TLS server side of one simulated host: its certificates (picked by SNI, the first is the
 * default), its ALPN preference (the server's order wins, as in nginx), and its own deterministic
 * random stream {@code SeededSecureRandom.of(worldSeed, "tls/server/" + hostName)}.
 */
public final class TlsServerContext {
    /**
     * The lifetime hint of TLS 1.2 session tickets, in seconds: nginx's {@code ssl_session_timeout}
     * default (5m), which OpenSSL sends as the hint ({@code openssl s_server}'s is 7200).
     */
    static final long TICKET_LIFETIME = 300;

    /**
     * Mutual TLS: client chains must lead to a root of {@code trust} at {@code clock}'s date, allow
     * clientAuth, and pass {@code check} (null when fine, else the reason; null check: none).
     */
    public record ClientAuth(TrustStore trust, Supplier<Instant> clock, Function<List<X509Certificate>, String> check) {
        public ClientAuth {
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final SimCrypto crypto;
    private final List<SimTlsServer.Credentials> identities;
    private final List<String> alpn;
    private final List<Integer> versions;
    private final KeyLog keyLog;
    private final ClientAuth clientAuth;

    private TlsServerContext(Builder b) {
        this.clientAuth = b.clientAuth;
        this.alpn = b.alpn;
        this.versions = b.protocols.stream().map(TlsNames::versionCode).toList();
        this.keyLog = b.keyLog;
        this.crypto = new SimCrypto(SeededSecureRandom.of(b.worldSeed, "tls/server/" + b.hostName));
        this.identities = b.identities.stream().map(id -> SimTlsServer.Credentials.of(crypto, id)).toList();
    }

    public static Builder builder(long worldSeed, String hostName) {
        return new Builder(worldSeed, hostName);
    }

    /** A server-side connection waiting for a ClientHello. */
    public TlsConnection accept() {
        return TlsConnection.server(crypto, keyLog, identities, versions, alpn, clientAuth);
    }

    /** Builder; see {@link TlsServerContext#builder}. */
    public static final class Builder {
        private final long worldSeed;
        private final String hostName;
        private final List<TlsIdentity> identities = new ArrayList<>();
        private List<String> alpn = TlsClientContext.DEFAULT_ALPN;
        private List<String> protocols = TlsClientContext.DEFAULT_PROTOCOLS;
        private KeyLog keyLog;
        private ClientAuth clientAuth;

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

        /** Receives every connection's traffic secrets (an SSLKEYLOGFILE writer); none by default. */
        public Builder keyLog(KeyLog log) {
            this.keyLog = log;
            return this;
        }

        /** Requires a client certificate on every connection (mutual TLS); none by default. */
        public Builder requireClientCertificate(ClientAuth auth) {
            this.clientAuth = auth;
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
