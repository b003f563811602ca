package dev.minternet.tls;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The root certificates one host trusts (its "CA bundle"). Immutable; hosts in a world usually
 * share the world's default store, and a scenario can give a host its own.
 */
public final class TrustStore {
    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> anchors;
    /** The chains verified against this store (every client context that trusts it shares them). */
    private final VerifiedChains verified = new VerifiedChains(this);

    private TrustStore(List<X509Certificate> roots) {
        this.roots = List.copyOf(new LinkedHashSet<>(roots));
        Set<TrustAnchor> a = new LinkedHashSet<>();
        for (X509Certificate c : this.roots) {
            a.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(a);
    }

    VerifiedChains verifiedChains() {
        return verified;
    }

    public static TrustStore of(X509Certificate... roots) {
        return new TrustStore(Arrays.asList(roots));
    }

    public static TrustStore of(List<X509Certificate> roots) {
        return new TrustStore(roots);
    }

    /** A store that trusts nothing (every verified handshake fails with "unable to get local issuer"). */
    public static TrustStore empty() {
        return new TrustStore(List.of());
    }

    /** This store plus {@code root}. */
    public TrustStore plus(X509Certificate root) {
        List<X509Certificate> l = new ArrayList<>(roots);
        l.add(root);
        return new TrustStore(l);
    }

    public List<X509Certificate> roots() {
        return roots;
    }

    Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** The trusted root whose subject is {@code cert}'s issuer and whose key verifies it, or null. */
    public X509Certificate issuerOf(X509Certificate cert) {
        for (X509Certificate r : roots) {
            if (r.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && CertificateAuthority.signedBy(cert, r)) {
                return r;
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return roots.isEmpty();
    }
}
