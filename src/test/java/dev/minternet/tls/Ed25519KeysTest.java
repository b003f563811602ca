package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * BouncyCastle's Ed25519 signer and verifier, which mint and check the world's certificates, give
 * exactly what the JDK's SunEC gives: the same algorithm identifier and signature bytes, so the same
 * certificate, and the same verdict on a good signature, a tampered one and the wrong key.
 */
class Ed25519KeysTest {
    private static X509Certificate cert(KeyPair subject, ContentSigner signer) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(CertificateAuthority.name("Issuer"),
                BigInteger.valueOf(4711), CertificateTimes.of(Instant.parse("2020-01-01T00:00:00Z")),
                CertificateTimes.of(Instant.parse("2030-01-01T00:00:00Z")), CertificateAuthority.name("www.example.com"),
                subject.getPublic());
        X509CertificateHolder h = b.build(signer);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(h.getEncoded()));
    }

    @Test
    void signsTheSameBytesAsTheJdk() throws Exception {
        for (String name : new String[] {"a", "ca/Minternet Root CA", "leaf/www.example.com"}) {
            KeyPair issuer = Ed25519Keys.derive(42, name);
            KeyPair subject = Ed25519Keys.derive(42, name + "/subject");
            ContentSigner bc = Ed25519Keys.signer(issuer.getPrivate());
            ContentSigner jdk = new JcaContentSignerBuilder("Ed25519").build(issuer.getPrivate());
            assertThat(bc.getAlgorithmIdentifier().getEncoded()).isEqualTo(jdk.getAlgorithmIdentifier().getEncoded());
            assertThat(cert(subject, bc).getEncoded()).isEqualTo(cert(subject, jdk).getEncoded());
            byte[] message = ("message for " + name).getBytes();
            try (OutputStream o = bc.getOutputStream()) {
                o.write(message);
            }
            try (OutputStream o = jdk.getOutputStream()) {
                o.write(message);
            }
            assertThat(bc.getSignature()).isEqualTo(jdk.getSignature());
        }
    }

    @Test
    void verifiesAsTheJdkDoes() throws Exception {
        KeyPair issuer = Ed25519Keys.derive(7, "issuer");
        KeyPair other = Ed25519Keys.derive(7, "other");
        X509Certificate good = cert(Ed25519Keys.derive(7, "subject"), Ed25519Keys.signer(issuer.getPrivate()));
        assertThat(Ed25519Keys.verifies(good, issuer.getPublic())).isTrue();
        assertThat(Ed25519Keys.verifies(good, other.getPublic())).isFalse();
        assertThat(jdkVerifies(good, issuer)).isTrue();
        assertThat(jdkVerifies(good, other)).isFalse();
        // the last byte of the signature (the end of the encoding) flipped
        byte[] der = good.getEncoded();
        der[der.length - 1] ^= 1;
        X509Certificate bad = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertThat(Ed25519Keys.verifies(bad, issuer.getPublic())).isFalse();
        assertThat(jdkVerifies(bad, issuer)).isFalse();
    }

    @Test
    void leavesOtherAlgorithmsToTheJdk() throws Exception {
        KeyPair ec = EcdsaKeys.derive(7, "issuer");
        X509Certificate byEc = cert(Ed25519Keys.derive(7, "subject"), EcdsaKeys.signer(ec.getPrivate()));
        assertThat(Ed25519Keys.verifies(byEc, ec.getPublic())).isNull();
        assertThat(Ed25519Keys.verifies(byEc, Ed25519Keys.derive(7, "issuer").getPublic())).isNull();
        assertThat(Ed25519Keys.signer(ec.getPrivate())).isNull();
        assertThat(CertificateAuthority.signedBy(byEc, byEc)).isFalse(); // through the JDK: not self-signed
    }

    private static boolean jdkVerifies(X509Certificate cert, KeyPair issuer) {
        try {
            cert.verify(issuer.getPublic());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
