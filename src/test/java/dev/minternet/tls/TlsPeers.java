package dev.minternet.tls;

import java.time.Instant;

/**
 * The two ends most TLS tests need, from one seed's WorldPki: the laptop, trusting its root with
 * its clock at {@link #EPOCH}, and web1, serving {@link #HOST}'s leaf.
 */
final class TlsPeers {
    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");
    static final String HOST = "www.example.com";

    final long seed;
    final WorldPki pki;

    TlsPeers(long seed) {
        this.seed = seed;
        this.pki = new WorldPki(seed, EPOCH);
    }

    /** The laptop's context. */
    TlsClientContext client() {
        return TlsClientContext.builder(seed, "laptop").trustStore(pki.trustStore()).clock(() -> EPOCH).build();
    }

    /** web1's context. */
    TlsServerContext server() {
        return TlsServerContext.builder(seed, "web1").identity(pki.leaf(HOST)).build();
    }
}
