/**
 * TLS 1.3 for the simulated internet: a certificate authority hierarchy per world, trust stores
 * per host, and a sans-I/O connection around BouncyCastle's TLS engine ({@code org.bouncycastle.tls},
 * non-blocking mode) whose bytes are the same on every run (docs/design.md decisions 4, 5 and 6).
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.minternet.tls.WorldPki}: the world's roots and issuing CA, and deliberately bad
 *       leaves (expired, not yet valid, untrusted; a wrong name is a valid leaf for another
 *       host). {@link dev.minternet.tls.CertificateAuthority} mints with BouncyCastle.</li>
 *   <li>{@link dev.minternet.tls.TrustStore}: the roots one host trusts.</li>
 *   <li>{@link dev.minternet.tls.TlsClientContext} / {@link dev.minternet.tls.TlsServerContext}:
 *       one per host and role; {@code connect(host)} / {@code accept()} give a
 *       {@link dev.minternet.tls.TlsConnection}: feed it received bytes, take the bytes to send,
 *       poll {@link dev.minternet.tls.TlsEvent}s. {@code SimTlsClient} and {@code SimTlsServer}
 *       are the engine's two peers; {@code SimCrypto} its crypto (BouncyCastle's pure-Java X25519,
 *       Ed25519, HKDF and AES-GCM).</li>
 *   <li>{@link dev.minternet.tls.ClientHelloProfile}: what a client offers, in which order; the
 *       default is curl 8 with OpenSSL 3, checked against the real curl by
 *       {@code ClientHelloOracleTest} (tshark decodes both ClientHellos).</li>
 *   <li>{@link dev.minternet.tls.ChainVerifier} and {@link dev.minternet.tls.HostnameMatcher}:
 *       curl's checks, in OpenSSL's order, at the simulated date, reporting
 *       {@link dev.minternet.tls.TlsFailure}s with curl's messages and exit codes, and the alert
 *       OpenSSL sends (certificate_expired, unknown_ca, bad_certificate). A trust store
 *       remembers chains verified against it, for every client context that trusts it
 *       ({@code VerifiedChains}): the answer is a pure function of chain, store, host and date,
 *       so a hit inside every certificate's validity is what verifying again would say.</li>
 *   <li>{@link dev.minternet.tls.KeyLog}: a context may be given one; it receives every TLS 1.3
 *       traffic secret as the key schedule derives it, in SSLKEYLOGFILE terms, so a key log that
 *       tshark reads can be written from it.</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * <p>A handshake is byte-identical across runs when everything it draws is derived from the world
 * seed. Where each thing comes from:
 * <table>
 *   <caption>Sources of every secret and every varying field</caption>
 *   <tr><th>What</th><th>Derived as</th></tr>
 *   <tr><td>CA key</td><td>Ed25519 seed = SHAKE256("minternet/ed25519" 0x00 worldSeed "ca/" + CN)[0..32]</td></tr>
 *   <tr><td>leaf key</td><td>Ed25519 seed = SHAKE256("minternet/ed25519" 0x00 worldSeed "leaf/" + keyName)[0..32]
 *       (keyName defaults to the first name of the leaf)</td></tr>
 *   <tr><td>serial number</td><td>127 bits of SHAKE256("minternet/serial" 0x00 worldSeed kind|issuer|subject|dates|names)</td></tr>
 *   <tr><td>validity</td><td>simulated dates (world epoch +- fixed offsets), whole seconds</td></tr>
 *   <tr><td>ClientHello random, legacy session id, the X25519 key shares, ServerHello
 *       random</td><td>the context's {@link dev.minternet.tls.SeededSecureRandom}: the SHAKE256
 *       stream of ("minternet/drbg", worldSeed, "tls/client/" + host or "tls/server/" + host).
 *       BouncyCastle's own nonce generator mixes in {@code System.nanoTime()}; {@code SimCrypto}
 *       replaces it with the seeded stream</td></tr>
 *   <tr><td>signatures</td><td>Ed25519 (RFC 8032) is deterministic, so the world mints
 *       Ed25519 certificates; for real browsers (live mode, {@link dev.minternet.tls.KeyAlgorithm})
 *       ECDSA P-256 keys, d = 1 + (SHAKE256("minternet/ecdsa-p256" 0x00 worldSeed name)[0..40] mod
 *       (n - 1)), signed with RFC 6979 deterministic nonces (certificates here, CertificateVerify
 *       in BouncyCastle's engine)</td></tr>
 *   <tr><td>session tickets, resumption</td><td>none: the engine sends no TLS 1.3
 *       NewSessionTicket and the client offers no PSK, so every connection is a full
 *       handshake</td></tr>
 * </table>
 * <p>The key (world seed, purpose, name) keeps streams independent: adding a host or a
 * certificate changes no other host's bytes. Connections from one context share its stream, in
 * the order the single-threaded simulation opens them. Tests hash every byte of two whole runs and
 * compare ({@code TlsDeterminismTest}). The bytes belong to the engine: a different BouncyCastle
 * version may differ, so recorded hashes are only comparable on the same build.
 *
 * <h2>Measured (2 shared cores, load average 6-10 from other builds)</h2>
 * <p>Flights: ClientHello 517 B (curl's: padded to 512 B of record, one x25519 key share); server
 * flight (ServerHello, ChangeCipherSpec, encrypted EncryptedExtensions + Certificate +
 * CertificateVerify + Finished) 1142 B; client ChangeCipherSpec + Finished 80 B. Full handshakes,
 * one thread ({@code minternet bench tls}): 465-550 per second of CPU time on the engine, where
 * the JDK SSLEngine gave 117 in the same conditions (about 290 on a quieter machine). A profile
 * of the new engine: X25519 about a third, SHA-384/512 a sixth, Ed25519 a sixteenth, AES-GCM
 * and certificate checks the rest. Building a client context costs about 15-220 microseconds.
 *
 * <p>Later (load average 17-25): SHA-2 and AES-GCM moved to the JDK's intrinsified code
 * ({@code JdkDigest}, {@code JdkAesGcm}; same bytes, {@code JdkCryptoEquivalenceTest}): +8.5 to
 * +9% in paired runs (both builds in one JVM, alternating batches of 400: medians 846 -> 918 and
 * 1029 -> 1118 handshakes per CPU second). {@code bench tls} warms up 2000 handshakes instead
 * of 500, because on a loaded machine C2 compiles the X25519 field arithmetic late and a
 * 500-handshake warm-up measured partly C1 code (the same build: 747 -> 857), and prints the
 * median of 10 batches beside the whole-run figure: 1035-1045 on a quiet minute, 800-1000 under
 * load. Profile now: X25519 about 35% (two Montgomery ladders, one per side, and two fixed-base
 * key generations), Ed25519 17% (verify 12%, sign 4%), AES-GCM 4%, SHA-2 and HKDF 6%, the
 * engine's own message handling most of the rest.
 *
 * <h2>Not yet</h2>
 * <p>Client certificates exist for mutual TLS only ({@code TlsServerContext.Builder.requireClientCertificate},
 * {@code TlsClientContext.connectMutual}: a mesh sidecar's), not for curl or the browser. OCSP/CRL, resumption and 0-RTT (BouncyCastle 1.84 neither sends nor
 * uses TLS 1.3 tickets: its server has no public way to send a NewSessionTicket, its client
 * skips them in {@code receive13NewSessionTicket}, it derives no resumption_master_secret, and
 * a PSK it offers is always an external one: binder label "ext binder", obfuscated_ticket_age
 * 0), half-closed connections (the engine answers close_notify with its own),
 * the browser's own ClientHello (the browser offers curl's), TLS 1.2 resumption (servers accept
 * TLS 1.2 beside 1.3, as nginx, and issue a ticket of seeded bytes that no server takes back;
 * {@code Tls12Test} checks one seed gives one session), and the {@code --keylog} option that would write a {@link
 * dev.minternet.tls.KeyLog} to a file.
 */
package dev.minternet.tls;
