package dev.minternet.tls;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * A {@link SecureRandom} whose output is a pure function of its seed: the SHAKE256 output stream
 * of (world seed, name), see {@link DerivedBytes}. DESIGN.md decision 6: a TLS handshake is
 * byte-identical across runs only if the SSLContext draws from such a source.
 *
 * <p>{@link #setSeed} is ignored on purpose: the JDK never reseeds a context's generator, and a
 * caller mixing in wall-clock entropy would silently break determinism. Not thread-safe; the
 * simulator is single-threaded (decision 1). Never use it outside a simulation: its output is
 * predictable by anyone who knows the world seed.
 */
final class SeededSecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private SeededSecureRandom(ShakeSpi spi) {
        super(spi, null);
    }

    /** The stream for component {@code name} (e.g. "tls/client/laptop") of world {@code worldSeed}. */
    public static SeededSecureRandom of(long worldSeed, String name) {
        return new SeededSecureRandom(new ShakeSpi(DerivedBytes.sponge("drbg", worldSeed, name)));
    }

    @Override
    public String getAlgorithm() {
        return "SHAKE256-seeded";
    }

    /** Squeezes a SHAKE256 sponge; never reseeded. */
    private static final class ShakeSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient SHAKEDigest sponge;

        ShakeSpi(SHAKEDigest sponge) {
            this.sponge = sponge;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Deliberately ignored: see the class comment.
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (bytes.length > 0) {
                sponge.doOutput(bytes, 0, bytes.length);
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }
    }
}
