package dev.minternet.tls;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies a server's certificate chain the way curl + OpenSSL do, in OpenSSL's order, at a
 * simulated date:
 * <ol>
 *   <li>build a path from the leaf through the certificates the server sent to a root in the
 *       trust store ("unable to get local issuer certificate" when none is reached);</li>
 *   <li>validate it with the JDK's PKIX {@link CertPathValidator}, with {@code setDate} set to the
 *       simulated date and revocation off (no OCSP/CRL in this world yet): signatures, validity
 *       ("certificate has expired" / "is not yet valid"), basic constraints, key usage; the
 *       root's own validity is checked too, as OpenSSL does;</li>
 *   <li>check the leaf's extendedKeyUsage allows serverAuth;</li>
 *   <li>match the host name against the subjectAltNames ({@link HostnameMatcher}).</li>
 * </ol>
 */
final class ChainVerifier {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** id-kp-clientAuth: what a client certificate's extendedKeyUsage must allow (mutual TLS). */
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int MAX_DEPTH = 10;

    private ChainVerifier() {
    }

    /**
     * Verifies {@code presented} (leaf first) against {@code trust} at simulated date {@code at};
     * {@code host} null skips the name check.
     *
     * @return the validated path: leaf, intermediates, trusted root
     * @throws TlsVerificationException with the curl-style reason
     */
    public static List<X509Certificate> verify(List<X509Certificate> presented, TrustStore trust, Instant at, String host)
            throws TlsVerificationException {
        return verify(presented, trust, at, host, SERVER_AUTH);
    }

    /** {@link #verify(List, TrustStore, Instant, String)} for a leaf whose extendedKeyUsage must allow {@code purpose}. */
    static List<X509Certificate> verify(List<X509Certificate> presented, TrustStore trust, Instant at, String host,
                                        String purpose) throws TlsVerificationException {
        if (presented.isEmpty()) {
            throw fail(TlsFailure.Reason.INVALID_CERTIFICATE, "no certificate", null);
        }
        // 1. Path building.
        List<X509Certificate> path = new ArrayList<>();
        List<X509Certificate> pool = new ArrayList<>(presented.subList(1, presented.size()));
        X509Certificate current = presented.get(0);
        path.add(current);
        X509Certificate anchor = null;
        while (anchor == null) {
            if (path.size() > 1 && trust.roots().contains(current)) {
                path.remove(path.size() - 1); // the server sent the trusted root itself
                anchor = current;
                break;
            }
            X509Certificate root = trust.issuerOf(current);
            if (root != null) {
                anchor = root;
                break;
            }
            X509Certificate next = null;
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && CertificateAuthority.signedBy(current, c)) {
                    next = c;
                    break;
                }
            }
            if (next == null || path.size() >= MAX_DEPTH) {
                boolean selfSigned = current.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && CertificateAuthority.signedBy(current, current);
                TlsFailure.Reason r = selfSigned && path.size() > 1 ? TlsFailure.Reason.SELF_SIGNED_IN_CHAIN
                        : TlsFailure.Reason.UNTRUSTED;
                throw fail(r, "issuer " + current.getIssuerX500Principal().getName(), null);
            }
            pool.remove(next);
            path.add(next);
            current = next;
        }
        // 2. PKIX validation at the simulated date.
        Date date = Date.from(at);
        try {
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(anchor, null)), null);
            params.setDate(date);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(cp, params);
        } catch (CertPathValidatorException e) {
            TlsFailure.Reason r = e.getReason() == BasicReason.EXPIRED ? TlsFailure.Reason.EXPIRED
                    : e.getReason() == BasicReason.NOT_YET_VALID ? TlsFailure.Reason.NOT_YET_VALID
                    : TlsFailure.Reason.INVALID_CERTIFICATE;
            throw fail(r, subjectAt(path, e.getIndex()) + ": " + e.getMessage(), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw fail(TlsFailure.Reason.INVALID_CERTIFICATE, e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PKIX", e);
        }
        try {
            anchor.checkValidity(date);
        } catch (CertificateExpiredException e) {
            throw fail(TlsFailure.Reason.EXPIRED, anchor.getSubjectX500Principal().getName(), e);
        } catch (CertificateNotYetValidException e) {
            throw fail(TlsFailure.Reason.NOT_YET_VALID, anchor.getSubjectX500Principal().getName(), e);
        }
        X509Certificate leaf = presented.get(0);
        // 3. Purpose.
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku != null && !eku.contains(purpose) && !eku.contains("2.5.29.37.0")) {
                throw fail(TlsFailure.Reason.UNSUPPORTED_PURPOSE, "extendedKeyUsage " + eku, null);
            }
        } catch (CertificateParsingException e) {
            throw fail(TlsFailure.Reason.INVALID_CERTIFICATE, e.getMessage(), e);
        }
        // 4. Name.
        if (host != null && !HostnameMatcher.matches(leaf, host)) {
            throw fail(TlsFailure.Reason.WRONG_NAME, host, null);
        }
        List<X509Certificate> validated = new ArrayList<>(path);
        validated.add(anchor);
        return validated;
    }

    private static String subjectAt(List<X509Certificate> path, int index) {
        return index >= 0 && index < path.size() ? path.get(index).getSubjectX500Principal().getName() : "chain";
    }

    private static TlsVerificationException fail(TlsFailure.Reason r, String detail, Throwable cause) {
        return new TlsVerificationException(new TlsFailure(r, detail), cause);
    }
}
