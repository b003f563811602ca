package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The JDK-backed SHA-2 and AES-GCM that {@link SimCrypto} hands the TLS engine give exactly
 * BouncyCastle's outputs (so no byte of a handshake or record changes), including HMAC's saved
 * inner and outer states and a running transcript hash that is cloned and continued.
 */
class JdkCryptoEquivalenceTest {
    private final SimCrypto crypto = new SimCrypto(SeededSecureRandom.of(1, "test"));
    private final SplittableRandom random = new SplittableRandom(7);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] finish(Digest d) {
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void sha2_hmac_and_cloned_transcripts_match_bouncycastle() {
        int[] algorithms = {CryptoHashAlgorithm.sha256, CryptoHashAlgorithm.sha384, CryptoHashAlgorithm.sha512};
        java.util.List<java.util.function.Supplier<Digest>> reference =
                java.util.List.of(SHA256Digest::new, SHA384Digest::new, SHA512Digest::new);
        for (int a = 0; a < algorithms.length; a++) {
            for (int len : new int[] {0, 1, 55, 64, 111, 128, 129, 1000}) {
                byte[] m = bytes(len);
                Digest ours = crypto.createDigest(algorithms[a]);
                assertThat(ours).isInstanceOf(JdkDigest.class);
                Digest theirs = reference.get(a).get();
                ours.update(m, 0, m.length);
                theirs.update(m, 0, m.length);
                Digest oursCopy = crypto.cloneDigest(algorithms[a], ours);
                assertThat(finish(ours)).isEqualTo(finish(theirs));
                oursCopy.update((byte) 1); // a transcript continued after a snapshot
                theirs.update(m, 0, m.length);
                theirs.update((byte) 1);
                assertThat(finish(oursCopy)).isEqualTo(finish(theirs));
                theirs.reset();

                byte[] key = bytes(1 + random.nextInt(200)); // shorter and longer than a block
                HMac hOurs = new HMac(crypto.createDigest(algorithms[a]));
                HMac hTheirs = new HMac(reference.get(a).get());
                hOurs.init(new KeyParameter(key));
                hTheirs.init(new KeyParameter(key));
                for (int round = 0; round < 3; round++) { // reuse: the saved pad states are restored
                    hOurs.update(m, 0, m.length);
                    hTheirs.update(m, 0, m.length);
                    byte[] o = new byte[hOurs.getMacSize()];
                    byte[] t = new byte[hTheirs.getMacSize()];
                    hOurs.doFinal(o, 0);
                    hTheirs.doFinal(t, 0);
                    assertThat(o).isEqualTo(t);
                }
            }
        }
    }

    @Test
    void aes_gcm_seals_and_opens_like_bouncycastle_and_a_flipped_bit_is_bad_record_mac() throws Exception {
        for (int keyLen : new int[] {16, 32}) {
            byte[] key = bytes(keyLen);
            JdkAesGcm seal = new JdkAesGcm(true);
            JdkAesGcm open = new JdkAesGcm(false);
            seal.setKey(key, 0, key.length);
            open.setKey(key, 0, key.length);
            for (int len : new int[] {0, 1, 16, 17, 1000, 16401}) {
                byte[] nonce = bytes(12);
                byte[] aad = bytes(5);
                byte[] plain = bytes(len);

                GCMBlockCipher bc = new GCMBlockCipher(new AESEngine());
                bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, null));
                bc.processAADBytes(aad, 0, aad.length);
                byte[] expected = new byte[bc.getOutputSize(len)];
                int n = bc.processBytes(plain, 0, len, expected, 0);
                bc.doFinal(expected, n);

                seal.init(nonce, 16);
                byte[] sealed = new byte[seal.getOutputSize(len)];
                assertThat(seal.doFinal(aad, plain, 0, len, sealed, 0)).isEqualTo(len + 16);
                assertThat(sealed).isEqualTo(expected);

                open.init(nonce, 16);
                byte[] opened = new byte[open.getOutputSize(sealed.length)];
                assertThat(open.doFinal(aad, sealed, 0, sealed.length, opened, 0)).isEqualTo(len);
                assertThat(opened).isEqualTo(plain);

                sealed[random.nextInt(sealed.length)] ^= (byte) (1 << random.nextInt(8));
                open.init(nonce, 16);
                assertThatThrownBy(() -> open.doFinal(aad, sealed, 0, sealed.length, new byte[len], 0))
                        .isInstanceOfSatisfying(TlsFatalAlert.class,
                                e -> assertThat(e.getAlertDescription()).isEqualTo(AlertDescription.bad_record_mac));
            }
        }
    }
}
