package dev.minternet.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of a world: a self-signed root or an intermediate under another CA.
 * It issues intermediates and leaves with BouncyCastle's certificate builder, signing with
 * Ed25519 through the JDK's SunEC provider, or with deterministic ECDSA P-256 ({@link EcdsaKeys})
 * for worlds that real browsers visit ({@link KeyAlgorithm}).
 *
 * <p>Everything is derived, nothing is drawn: the CA's key is {@code Ed25519Keys.derive(seed,
 * "ca/" + commonName)}, a leaf's key is {@code derive(seed, "leaf/" + keyName)}, and a serial
 * number is 127 bits of {@code SHAKE256("minternet/serial", seed, issuer|subject|dates|names)}.
 * Validity dates are simulated dates, truncated to whole seconds as X.509 encodes them. Minting
 * the same world twice yields byte-identical certificates.
 *
 * <p>Profile (RFC 5280): CAs carry basicConstraints cA=TRUE (critical), keyUsage keyCertSign and
 * cRLSign (critical); leaves carry basicConstraints cA=FALSE, keyUsage digitalSignature
 * (critical), extendedKeyUsage serverAuth and clientAuth, and subjectAltName. All carry subject
 * and authority key identifiers.
 */
final class CertificateAuthority {
    private final long worldSeed;
    private final KeyAlgorithm algorithm;
    private final String commonName;
    private final KeyPair keys;
    private final X509Certificate certificate;
    /** This CA's certificate and its parents up to, not including, the root; empty for a root. */
    private final List<X509Certificate> chainToRoot;

    private CertificateAuthority(long worldSeed, KeyAlgorithm algorithm, String commonName, KeyPair keys,
                                 X509Certificate certificate, List<X509Certificate> chainToRoot) {
        this.worldSeed = worldSeed;
        this.algorithm = algorithm;
        this.commonName = commonName;
        this.keys = keys;
        this.certificate = certificate;
        this.chainToRoot = List.copyOf(chainToRoot);
    }

    /** A self-signed root CA named {@code commonName}. */
    static CertificateAuthority root(long worldSeed, String commonName, Instant notBefore, Instant notAfter) {
        return root(worldSeed, KeyAlgorithm.ED25519, commonName, notBefore, notAfter);
    }

    /** A self-signed root CA whose keys (and those of everything it issues) are {@code algorithm}'s. */
    static CertificateAuthority root(long worldSeed, KeyAlgorithm algorithm, String commonName, Instant notBefore,
                                     Instant notAfter) {
        KeyPair keys = derive(algorithm, worldSeed, "ca/" + commonName);
        X500Name name = name(commonName);
        X509Certificate cert = sign(worldSeed, name, keys.getPublic(), name, keys, null, notBefore, notAfter,
                caExtensions(null), "root");
        return new CertificateAuthority(worldSeed, algorithm, commonName, keys, cert, List.of());
    }

    /** An intermediate CA signed by this one, allowed to issue leaves only (pathLenConstraint 0). */
    public CertificateAuthority createIntermediate(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair sub = derive(algorithm, worldSeed, "ca/" + commonName);
        X509Certificate cert = sign(worldSeed, name(this.commonName), sub.getPublic(), name(commonName), keys,
                certificate, notBefore, notAfter, caExtensions(0), "ca");
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chainToRoot);
        return new CertificateAuthority(worldSeed, algorithm, commonName, sub, cert, chain);
    }

    /** A leaf certificate for {@code spec}, returned with its key and the chain a server sends. */
    public TlsIdentity issue(LeafSpec spec) {
        KeyPair leafKeys = derive(algorithm, worldSeed, "leaf/" + spec.keyName());
        List<GeneralName> sans = new ArrayList<>();
        for (String d : spec.dnsNames()) {
            sans.add(new GeneralName(GeneralName.dNSName, d));
        }
        for (String ip : spec.ipAddresses()) {
            sans.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        Ext ext = b -> {
            b.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        };
        X509Certificate cert = sign(worldSeed, name(commonName), leafKeys.getPublic(), name(spec.commonName()), keys,
                certificate, spec.notBefore(), spec.notAfter(), ext,
                "leaf|" + spec.dnsNames() + "|" + spec.ipAddresses());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chainToRoot); // this CA and its parents, without the root
        return new TlsIdentity(chain, leafKeys.getPrivate());
    }

    /**
     * A workload's certificate (a SPIFFE X.509-SVID): exactly one URI SAN, {@code spiffeId}, for
     * both serverAuth and clientAuth, valid from {@code notBefore} to {@code notAfter}, with the key
     * named {@code keyName} (a new name per rotation gives a new key).
     */
    public TlsIdentity issueWorkload(String commonName, String spiffeId, Instant notBefore, Instant notAfter,
                                     String keyName) {
        KeyPair leafKeys = derive(algorithm, worldSeed, "leaf/" + keyName);
        Ext ext = b -> {
            b.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            // SPIFFE X.509-SVID section 4.1: the SAN is critical when the subject is empty; ours has a CN
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
        };
        X509Certificate cert = sign(worldSeed, name(this.commonName), leafKeys.getPublic(), name(commonName), keys,
                certificate, notBefore, notAfter, ext, "workload|" + spiffeId + "|" + keyName);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chainToRoot);
        return new TlsIdentity(chain, leafKeys.getPrivate());
    }

    public String commonName() {
        return commonName;
    }

    /** This CA's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    public boolean isRoot() {
        return chainToRoot.isEmpty();
    }

    /** The key type of this CA and of what it issues. */
    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    // ---- internals ----

    private static KeyPair derive(KeyAlgorithm algorithm, long worldSeed, String name) {
        return algorithm == KeyAlgorithm.ECDSA_P256 ? EcdsaKeys.derive(worldSeed, name) : Ed25519Keys.derive(worldSeed, name);
    }

    private interface Ext {
        void add(X509v3CertificateBuilder b) throws IOException;
    }

    private static Ext caExtensions(Integer pathLen) {
        return b -> {
            b.addExtension(Extension.basicConstraints, true,
                    pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        };
    }

    static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(long worldSeed, X500Name issuer, PublicKey subjectKey, X500Name subject,
                                        KeyPair issuerKeys, X509Certificate issuerCert, Instant notBefore,
                                        Instant notAfter, Ext ext, String kind) {
        Instant nb = notBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant na = notAfter.truncatedTo(ChronoUnit.SECONDS);
        byte[] s = DerivedBytes.derive("serial", worldSeed,
                kind + "|" + issuer + "|" + subject + "|" + nb + "|" + na, 16);
        s[0] &= 0x7f;
        s[0] |= 0x40; // positive, never zero, always 16 bytes encoded (RFC 5280 4.1.2.2: at most 20)
        BigInteger serial = new BigInteger(1, s);
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, CertificateTimes.of(nb), CertificateTimes.of(na),
                    subject, subjectKey);
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? u.createAuthorityKeyIdentifier(subjectKey)
                    : u.createAuthorityKeyIdentifier(issuerCert.getPublicKey()));
            ext.add(b);
            ContentSigner signer = "EC".equals(issuerKeys.getPrivate().getAlgorithm())
                    ? EcdsaKeys.signer(issuerKeys.getPrivate())
                    : new JcaContentSignerBuilder("Ed25519").build(issuerKeys.getPrivate());
            X509CertificateHolder h = b.build(signer);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(h.getEncoded()));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot mint certificate for " + subject, e);
        }
    }

    /** Whether {@code cert}'s signature verifies under {@code issuer}'s public key. */
    static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
