package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A world minted with ECDSA P-256 keys (what live mode gives real browsers): deterministic, valid, chained. */
class EcdsaWorldPkiTest {
    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");
    static final WorldPki PKI = new WorldPki(42, EPOCH, KeyAlgorithm.ECDSA_P256);

    @Test
    void minting_twice_gives_identical_certificates_and_signatures() throws Exception {
        WorldPki again = new WorldPki(42, EPOCH, KeyAlgorithm.ECDSA_P256);
        assertThat(again.root().certificate().getEncoded()).isEqualTo(PKI.root().certificate().getEncoded());
        assertThat(again.leaf("www.example.com").leaf().getEncoded())
                .isEqualTo(PKI.leaf("www.example.com").leaf().getEncoded());
    }

    @Test
    void every_certificate_is_ecdsa_p256_with_sha256_and_verifies_under_its_issuer() throws Exception {
        TlsIdentity id = PKI.leaf("www.example.com");
        X509Certificate leaf = id.leaf();
        X509Certificate issuing = id.chain().get(1);
        X509Certificate root = PKI.root().certificate();
        for (X509Certificate c : new X509Certificate[] {leaf, issuing, root}) {
            assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(c.getPublicKey()).isInstanceOf(ECPublicKey.class);
            assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        }
        leaf.verify(issuing.getPublicKey());
        issuing.verify(root.getPublicKey());
        root.verify(root.getPublicKey());
        assertThat(id.privateKey().getAlgorithm()).isEqualTo("EC");
        // the leaf's private key matches its certificate
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(id.privateKey());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(leaf.getPublicKey());
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void the_ed25519_world_of_the_same_seed_is_another_pki() throws Exception {
        WorldPki ed = new WorldPki(42, EPOCH);
        assertThat(ed.algorithm()).isEqualTo(KeyAlgorithm.ED25519);
        assertThat(ed.root().certificate().getSigAlgName()).isEqualTo("Ed25519");
        assertThat(ed.root().certificate().getEncoded()).isNotEqualTo(PKI.root().certificate().getEncoded());
    }
}
