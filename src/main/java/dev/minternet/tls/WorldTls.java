package dev.minternet.tls;

import dev.minternet.node.World;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * TLS for a whole world: its {@link WorldPki}, which roots each host trusts (the world's default
 * store unless a scenario says otherwise), and one client context per host, made on first use.
 * Servers are configured explicitly with {@link #server}, since each serves its own certificates.
 *
 * <p>Typical wiring: {@code new WorldTls(world.sim().randoms().seed(), world.epoch(), world::date)}.
 */
public final class WorldTls {
    private final long worldSeed;
    private final WorldPki pki;
    private final Supplier<Instant> clock;
    private final Map<String, TrustStore> trustOverrides = new HashMap<>();
    /**
     * Made at a host's first TLS connection, which may come while the world runs on several
     * threads (a partitioned run: docs/partitioning.md), hence a concurrent map; each host's
     * context depends on its name only, whichever thread makes it.
     */
    private final Map<String, TlsClientContext> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private KeyLog keyLog;

    public WorldTls(long worldSeed, Instant epoch, Supplier<Instant> clock) {
        this(worldSeed, epoch, clock, KeyAlgorithm.ED25519);
    }

    public WorldTls(long worldSeed, Instant epoch, Supplier<Instant> clock, KeyAlgorithm keys) {
        this.worldSeed = worldSeed;
        this.pki = WorldPki.of(worldSeed, epoch, keys);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The world's TLS (made on first use, seeded from the world and following its clock). */
    public static WorldTls of(World w) {
        return w.attachment(WorldTls.class, () -> new WorldTls(w.sim().randoms().seed(), w.epoch(), w::date));
    }

    /**
     * Makes {@code w}'s certificates {@code keys}' kind; call before anything uses the world's TLS
     * (the world builder does, before services start).
     */
    public static WorldTls install(World w, KeyAlgorithm keys) {
        WorldTls t = of(w, keys);
        if (t.pki.algorithm() != keys) {
            throw new IllegalStateException("the world's TLS was made with " + t.pki.algorithm().label() + " keys");
        }
        return t;
    }

    private static WorldTls of(World w, KeyAlgorithm keys) {
        return w.attachment(WorldTls.class, () -> new WorldTls(w.sim().randoms().seed(), w.epoch(), w::date, keys));
    }

    public WorldPki pki() {
        return pki;
    }

    /** Gives {@code host} its own trust store; call before the host's first connection. */
    public void trust(String host, TrustStore store) {
        if (clients.containsKey(host)) {
            throw new IllegalStateException("host " + host + " already has a TLS client context");
        }
        trustOverrides.put(host, Objects.requireNonNull(store));
    }

    /**
     * Logs the secrets of every TLS connection in the world (an SSLKEYLOGFILE, {@code --keylog}).
     * The clients write it, as curl and browsers do with {@code SSLKEYLOGFILE}; every connection in
     * the world has its client in the world, so every one is covered. Call before the first
     * connection.
     */
    public void keyLog(KeyLog log) {
        if (!clients.isEmpty()) {
            throw new IllegalStateException("the key log must be set before the first TLS connection");
        }
        this.keyLog = log;
    }

    /** The world's key log, or null (for contexts made outside {@link #client}, such as a mesh sidecar's). */
    public KeyLog keyLog() {
        return keyLog;
    }

    /** The roots {@code host} trusts. */
    public TrustStore trustStore(String host) {
        return trustOverrides.getOrDefault(host, pki.trustStore());
    }

    /** The TLS client context of {@code host} (its seeded random stream, trust store, the world clock). */
    public TlsClientContext client(String host) {
        return clients.computeIfAbsent(host, h -> TlsClientContext.builder(worldSeed, h).trustStore(trustStore(h))
                .clock(clock).keyLog(keyLog).build());
    }

    /**
     * A client context builder named {@code name} (its own seeded stream) with {@code trust}, the
     * world's clock and the world's key log, looked up at each secret so that one set after the
     * context was made (a mesh sidecar's, made while the world is built) is honoured.
     */
    public TlsClientContext.Builder clientBuilder(String name, TrustStore trust) {
        return TlsClientContext.builder(worldSeed, name).trustStore(trust).clock(clock).keyLog((label, random, secret) -> {
            if (keyLog != null) {
                keyLog.secret(label, random, secret);
            }
        });
    }

    /** A server context builder for {@code host}, seeded from this world. */
    public TlsServerContext.Builder server(String host) {
        return TlsServerContext.builder(worldSeed, host);
    }
}
