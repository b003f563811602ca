/**
 * TLS 1.3 for the simulated internet: a certificate authority hierarchy per world, trust stores
 * per host, and a sans-I/O connection around the JDK's {@code SSLEngine} whose bytes are the same
 * on every run (DESIGN.md decisions 4, 5 and 6).
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
 *       poll {@link dev.minternet.tls.TlsEvent}s.</li>
 *   <li>{@link dev.minternet.tls.ChainVerifier} and {@link dev.minternet.tls.HostnameMatcher}:
 *       curl's checks, in OpenSSL's order, at the simulated date, reporting
 *       {@link dev.minternet.tls.TlsFailure}s with curl's messages and exit codes.</li>
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
 *   <tr><td>ClientHello random, legacy session id, X25519 and P-256 key shares, ServerHello
 *       random, ticket nonce and age_add</td><td>the context's
 *       {@link dev.minternet.tls.SeededSecureRandom}: the SHAKE256 stream of ("minternet/drbg",
 *       worldSeed, "tls/client/" + host or "tls/server/" + host)</td></tr>
 *   <tr><td>signatures</td><td>Ed25519 (RFC 8032) is deterministic; ECDSA and RSA in the JDK are
 *       not, so the world mints only Ed25519 certificates</td></tr>
 *   <tr><td>session tickets</td><td>stateless tickets (which embed wall-clock times) are off:
 *       {@code jdk.tls.server.enableSessionTicketExtension=false}, set only while our SSLContexts
 *       are constructed (see {@code JdkTls}), so the JVM-wide value never changes for others</td></tr>
 *   <tr><td>resumption</td><td>none: engines are created without peer host/port, so every
 *       connection is a full handshake</td></tr>
 * </table>
 * <p>The key (world seed, purpose, name) keeps streams independent: adding a host or a
 * certificate changes no other host's bytes. Connections from one context share its stream, in
 * the order the single-threaded simulation opens them. Tests hash every byte of two whole runs and
 * compare ({@code TlsDeterminismTest}); separate JVMs agree too. The bytes belong to the JDK's TLS
 * implementation: JDK 17.0.15 and JDK 25 each repeat themselves but differ from each other, so
 * recorded hashes are only comparable on the same JDK build.
 *
 * <h2>Measured (JDK 17.0.15, 2 shared cores)</h2>
 * <p>Flights: ClientHello 365 B (the JDK offers two key shares, x25519 and secp256r1); server flight
 * (ServerHello, ChangeCipherSpec, encrypted EncryptedExtensions + Certificate + CertificateVerify
 * + Finished) 1118 B; client ChangeCipherSpec + Finished 96 B; NewSessionTicket 88 B. Full
 * handshakes, one thread ({@code minternet bench tls}): about 290 per second of CPU time; wall
 * rates of 80-135 per second were seen while other jobs loaded the two cores. Ed25519 sign and
 * verify take about a third of the time, the client's two key shares (x25519 + secp256r1) another
 * third; building a client context costs 40-80 microseconds.
 *
 * <h2>Not yet</h2>
 * <p>Client certificates, OCSP/CRL, resumption and 0-RTT, TLS 1.2 determinism (1.2 can be enabled
 * but is untested), Netty SslHandler integration, and the socket adapter that runs a connection
 * over simulated TCP (it will pass each event to {@link dev.minternet.tls.TlsTrace}).
 */
package dev.minternet.tls;
