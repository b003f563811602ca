package dev.minternet.tls;

import dev.minternet.sim.Futures;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The public-key infrastructure of one world: a trusted root, an issuing intermediate under it,
 * and a rogue root that no default trust store contains (for "untrusted" demonstrations).
 *
 * <pre>
 *   Minternet Root CA  (self-signed, trusted by default)     Rogue Root CA  (trusted by nobody)
 *         |                                                        |
 *   Minternet Issuing CA 1                                   Rogue Issuing CA
 *         |                                                        |
 *   leaves: www.example.com, ...                             untrusted leaves
 * </pre>
 *
 * <p>Dates are simulated: the CAs are valid from 5 years before the world's epoch (its date at
 * t=0) to 20 years after; a default leaf from 30 days before to 365 days after, so a run that
 * jumps the simulated date beyond that sees its certificates expire. Keys and serial numbers are
 * derived from (world seed, name), see {@link CertificateAuthority}.
 */
public final class WorldPki {
    public static final String ROOT_NAME = "Minternet Root CA";
    public static final String ISSUING_NAME = "Minternet Issuing CA 1";
    public static final String ROGUE_ROOT_NAME = "Rogue Root CA";
    public static final String ROGUE_ISSUING_NAME = "Rogue Issuing CA";
    /** Default leaf lifetime before and after the epoch. */
    public static final Duration LEAF_BEFORE = Duration.ofDays(30);
    public static final Duration LEAF_AFTER = Duration.ofDays(365);

    private final long worldSeed;
    private final KeyAlgorithm algorithm;
    private final Instant epoch;
    private final CertificateAuthority root;
    private final CertificateAuthority issuing;
    private final CertificateAuthority rogueRoot;
    private final CertificateAuthority rogueIssuing;
    private final TrustStore trustStore;
    /** Mesh CAs by trust domain, made on first use. */
    private final TreeMap<String, CertificateAuthority> meshCas = new TreeMap<>();

    /** The PKI being minted ahead for the next world with these parameters ({@link #mintAhead}), or null. */
    private static final AtomicReference<Ahead> AHEAD = new AtomicReference<>();

    private record Ahead(long worldSeed, Instant epoch, KeyAlgorithm algorithm, FutureTask<WorldPki> pki) {
    }

    /**
     * Announces the PKI of a world of these parameters and returns the work that mints it, for the
     * caller to run on its own thread; the next {@link #of} with the same parameters waits for it
     * and takes it. A visit reads the default world on a second thread, which then mints the four
     * CAs (a tenth of the world's build) while the main thread builds the rest. The result is the
     * same as minting them in place: keys and serial numbers derive from the seed and the names.
     */
    public static Runnable mintAhead(long worldSeed, Instant epoch, KeyAlgorithm algorithm) {
        FutureTask<WorldPki> pki = new FutureTask<>(() -> new WorldPki(worldSeed, epoch, algorithm));
        AHEAD.set(new Ahead(worldSeed, epoch, algorithm, pki));
        return pki;
    }

    /** The PKI of a world: the one minted ahead for these parameters ({@link #mintAhead}) if any, else a new one. */
    public static WorldPki of(long worldSeed, Instant epoch, KeyAlgorithm algorithm) {
        Ahead a = AHEAD.get();
        if (a != null && a.worldSeed == worldSeed && a.epoch.equals(epoch) && a.algorithm == algorithm
                && AHEAD.compareAndSet(a, null)) {
            try {
                return a.pki.get();
            } catch (ExecutionException e) {
                throw Futures.unchecked(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new WorldPki(worldSeed, epoch, algorithm);
    }

    public WorldPki(long worldSeed, Instant epoch) {
        this(worldSeed, epoch, KeyAlgorithm.ED25519);
    }

    /** A world whose CAs and leaves all have {@code algorithm} keys (same seed, other bytes). */
    public WorldPki(long worldSeed, Instant epoch, KeyAlgorithm algorithm) {
        this.worldSeed = worldSeed;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        Instant from = epoch.minus(Duration.ofDays(5 * 365));
        Instant to = epoch.plus(Duration.ofDays(20 * 365));
        this.root = CertificateAuthority.root(worldSeed, algorithm, ROOT_NAME, from, to);
        this.issuing = root.createIntermediate(ISSUING_NAME, from, to);
        this.rogueRoot = CertificateAuthority.root(worldSeed, algorithm, ROGUE_ROOT_NAME, from, to);
        this.rogueIssuing = rogueRoot.createIntermediate(ROGUE_ISSUING_NAME, from, to);
        this.trustStore = TrustStore.of(root.certificate());
    }

    /** Another self-signed root of this world (e.g. a company's private CA). */
    public CertificateAuthority createRoot(String commonName, Instant notBefore, Instant notAfter) {
        return CertificateAuthority.root(worldSeed, algorithm, commonName, notBefore, notAfter);
    }

    public long worldSeed() {
        return worldSeed;
    }

    /** The key type of every certificate of this world. */
    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    public Instant epoch() {
        return epoch;
    }

    public CertificateAuthority root() {
        return root;
    }

    /** The intermediate that issues the world's leaves. */
    public CertificateAuthority issuing() {
        return issuing;
    }

    public CertificateAuthority rogueRoot() {
        return rogueRoot;
    }

    /** The default trust store: the Minternet root only. */
    public TrustStore trustStore() {
        return trustStore;
    }

    /** The default validity window of a leaf: 30 days before the epoch to 365 days after. */
    public LeafSpec spec(String... names) {
        return LeafSpec.of(epoch.minus(LEAF_BEFORE), epoch.plus(LEAF_AFTER), names);
    }

    /** A valid leaf for {@code names} from the issuing CA. */
    public TlsIdentity leaf(String... names) {
        return issuing.issue(spec(names));
    }

    /** A leaf that expired 30 days before the epoch (valid for the year before that). */
    public TlsIdentity expiredLeaf(String... names) {
        return issuing.issue(spec(names).validity(epoch.minus(Duration.ofDays(395)), epoch.minus(Duration.ofDays(30))));
    }

    /** A leaf that becomes valid 30 days after the epoch. */
    public TlsIdentity notYetValidLeaf(String... names) {
        return issuing.issue(spec(names).validity(epoch.plus(Duration.ofDays(30)), epoch.plus(Duration.ofDays(395))));
    }

    /** The intermediate "Minternet Mesh CA (trust-domain)" under the world's root that signs a mesh's workloads. */
    private CertificateAuthority meshCa(String trustDomain) {
        return meshCas.computeIfAbsent(trustDomain, d -> root.createIntermediate("Minternet Mesh CA (" + d + ")",
                epoch.minus(Duration.ofDays(5 * 365)), epoch.plus(Duration.ofDays(20 * 365))));
    }

    /** The mesh CA's certificate of {@code trustDomain} (what sidecars trust for each other). */
    public X509Certificate meshCaCertificate(String trustDomain) {
        return meshCa(trustDomain).certificate();
    }

    /**
     * A workload certificate of {@code trustDomain}'s mesh CA for {@code spiffeId} (its one URI SAN),
     * valid from {@code notBefore} to {@code notAfter}, its key named {@code keyName}.
     */
    public TlsIdentity workload(String trustDomain, String commonName, String spiffeId, Instant notBefore,
                                Instant notAfter, String keyName) {
        return meshCa(trustDomain).issueWorkload(commonName, spiffeId, notBefore, notAfter, keyName);
    }

    /** The same kind of certificate from the rogue CA, which no mesh trusts. */
    public TlsIdentity rogueWorkload(String commonName, String spiffeId, Instant notBefore, Instant notAfter,
                                     String keyName) {
        return rogueIssuing.issueWorkload(commonName, spiffeId, notBefore, notAfter, keyName);
    }

    /** A leaf for {@code names} chained to the rogue root, which no default trust store contains. */
    public TlsIdentity untrustedLeaf(String... names) {
        return rogueIssuing.issue(spec(names));
    }
}
