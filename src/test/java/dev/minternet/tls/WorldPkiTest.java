package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldPkiTest {
    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");
    static final WorldPki PKI = new WorldPki(42, EPOCH);

    @Test
    void minting_the_same_world_twice_gives_identical_certificates() throws Exception {
        WorldPki again = new WorldPki(42, EPOCH);
        assertThat(again.root().certificate().getEncoded()).isEqualTo(PKI.root().certificate().getEncoded());
        assertThat(again.leaf("www.example.com").leaf().getEncoded())
                .isEqualTo(PKI.leaf("www.example.com").leaf().getEncoded());
        assertThat(again.leaf("www.example.com").privateKey().getEncoded())
                .isEqualTo(PKI.leaf("www.example.com").privateKey().getEncoded());
    }

    @Test
    void a_pki_minted_ahead_on_another_thread_is_taken_once_by_the_world_it_was_minted_for() throws Exception {
        Instant epoch = EPOCH.plusSeconds(7);
        Runnable mint = WorldPki.mintAhead(42, epoch, KeyAlgorithm.ED25519);
        Thread t = new Thread(mint, "mint-ahead");
        t.start();
        assertThat(WorldPki.of(43, epoch, KeyAlgorithm.ED25519).worldSeed()).isEqualTo(43); // another world: not taken
        WorldPki ahead = WorldPki.of(42, epoch, KeyAlgorithm.ED25519);
        t.join();
        WorldPki here = new WorldPki(42, epoch);
        assertThat(ahead.root().certificate().getEncoded()).isEqualTo(here.root().certificate().getEncoded());
        assertThat(ahead.issuing().certificate().getEncoded()).isEqualTo(here.issuing().certificate().getEncoded());
        assertThat(ahead.rogueRoot().certificate().getEncoded()).isEqualTo(here.rogueRoot().certificate().getEncoded());
        assertThat(ahead.untrustedLeaf("x.test").leaf().getEncoded()).isEqualTo(here.untrustedLeaf("x.test").leaf().getEncoded());
        assertThat(WorldPki.of(42, epoch, KeyAlgorithm.ED25519)).isNotSameAs(ahead); // taken once, then minted anew
    }

    @Test
    void another_seed_gives_other_keys_and_serials() throws Exception {
        WorldPki other = new WorldPki(43, EPOCH);
        assertThat(other.root().certificate().getPublicKey().getEncoded())
                .isNotEqualTo(PKI.root().certificate().getPublicKey().getEncoded());
        assertThat(other.leaf("www.example.com").leaf().getSerialNumber())
                .isNotEqualTo(PKI.leaf("www.example.com").leaf().getSerialNumber());
    }

    @Test
    void a_leaf_chain_is_leaf_then_intermediate_and_carries_its_names() throws Exception {
        TlsIdentity id = PKI.leaf("www.example.com", "example.com", "203.0.113.10");
        assertThat(id.chain()).hasSize(2);
        X509Certificate leaf = id.leaf();
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=www.example.com");
        assertThat(leaf.getIssuerX500Principal().getName()).isEqualTo("CN=" + WorldPki.ISSUING_NAME);
        assertThat(leaf.getSigAlgName()).isEqualTo("Ed25519");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "www.example.com"), List.of(2, "example.com"), List.of(7, "203.0.113.10"));
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(EPOCH.minus(Duration.ofDays(30)));
        assertThat(id.chain().get(1).getBasicConstraints()).isEqualTo(0);
    }

    @Test
    void a_valid_leaf_verifies_at_the_epoch() throws Exception {
        List<X509Certificate> path = ChainVerifier.verify(PKI.leaf("www.example.com").chain(), PKI.trustStore(),
                EPOCH, "www.example.com");
        assertThat(path).hasSize(3);
        assertThat(path.get(2)).isEqualTo(PKI.root().certificate());
    }

    @Test
    void validity_follows_the_simulated_date_not_the_wall_clock() {
        List<X509Certificate> chain = PKI.leaf("www.example.com").chain();
        assertThatThrownBy(() -> ChainVerifier.verify(chain, PKI.trustStore(), Instant.parse("2030-01-01T00:00:00Z"),
                "www.example.com"))
                .isInstanceOfSatisfying(TlsVerificationException.class,
                        e -> assertThat(e.failure().reason()).isEqualTo(TlsFailure.Reason.EXPIRED));
        assertThatThrownBy(() -> ChainVerifier.verify(chain, PKI.trustStore(), Instant.parse("2020-01-01T00:00:00Z"),
                "www.example.com"))
                .isInstanceOfSatisfying(TlsVerificationException.class,
                        e -> assertThat(e.failure().reason()).isEqualTo(TlsFailure.Reason.NOT_YET_VALID));
    }

    @Test
    void bad_leaves_fail_with_curl_reasons() {
        assertThat(reason(PKI.expiredLeaf("www.example.com").chain(), "www.example.com")).isEqualTo(TlsFailure.Reason.EXPIRED);
        assertThat(reason(PKI.notYetValidLeaf("www.example.com").chain(), "www.example.com"))
                .isEqualTo(TlsFailure.Reason.NOT_YET_VALID);
        assertThat(reason(PKI.untrustedLeaf("www.example.com").chain(), "www.example.com"))
                .isEqualTo(TlsFailure.Reason.UNTRUSTED);
        assertThat(reason(PKI.leaf("other.example.net").chain(), "www.example.com")).isEqualTo(TlsFailure.Reason.WRONG_NAME);
    }

    @Test
    void a_chain_that_ends_in_an_untrusted_root_is_self_signed_in_chain() {
        List<X509Certificate> chain = new ArrayList<>(PKI.untrustedLeaf("www.example.com").chain());
        chain.add(PKI.rogueRoot().certificate());
        assertThat(reason(chain, "www.example.com")).isEqualTo(TlsFailure.Reason.SELF_SIGNED_IN_CHAIN);
    }

    @Test
    void a_trusted_root_sent_by_the_server_is_accepted() throws Exception {
        List<X509Certificate> chain = new ArrayList<>(PKI.leaf("www.example.com").chain());
        chain.add(PKI.root().certificate());
        assertThat(ChainVerifier.verify(chain, PKI.trustStore(), EPOCH, "www.example.com")).hasSize(3);
    }

    @Test
    void an_empty_trust_store_trusts_nothing() {
        assertThatThrownBy(() -> ChainVerifier.verify(PKI.leaf("a.example").chain(), TrustStore.empty(), EPOCH, "a.example"))
                .isInstanceOfSatisfying(TlsVerificationException.class, e -> assertThat(e.failure().curlMessage())
                        .isEqualTo("SSL certificate problem: unable to get local issuer certificate"));
    }

    @Test
    void curl_messages() {
        assertThat(new TlsFailure(TlsFailure.Reason.WRONG_NAME, "www.example.com").curlMessage())
                .isEqualTo("SSL: no alternative certificate subject name matches target host name 'www.example.com'");
        assertThat(new TlsFailure(TlsFailure.Reason.EXPIRED, "x").curlMessage())
                .isEqualTo("SSL certificate problem: certificate has expired");
        assertThat(new TlsFailure(TlsFailure.Reason.EXPIRED, "x").curlExitCode()).isEqualTo(60);
    }

    private static TlsFailure.Reason reason(List<X509Certificate> chain, String host) {
        try {
            ChainVerifier.verify(chain, PKI.trustStore(), EPOCH, host);
            return null;
        } catch (TlsVerificationException e) {
            return e.failure().reason();
        }
    }
}
