package dev.minternet.tls;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * Deterministic key material: SHAKE256 (FIPS 202) over a domain tag, the world seed and a name.
 *
 * <p>Every secret the TLS layer needs (Ed25519 private keys, certificate serial numbers, the seed
 * of each context's {@link SeededSecureRandom}) is {@code SHAKE256("minternet/" + purpose || 0x00
 * || worldSeed (8 bytes, big-endian) || name (UTF-8))}, squeezed to the length needed. So a key
 * depends only on (world seed, purpose, name): minting one more certificate or adding a host
 * leaves every other key unchanged, as {@code RandomStreams} does for the simulator's streams.
 */
final class DerivedBytes {
    private DerivedBytes() {
    }

    /** A SHAKE256 sponge absorbed with (purpose, worldSeed, name), ready to squeeze. */
    static SHAKEDigest sponge(String purpose, long worldSeed, String name) {
        SHAKEDigest d = new SHAKEDigest(256);
        byte[] tag = ("minternet/" + purpose).getBytes(StandardCharsets.UTF_8);
        d.update(tag, 0, tag.length);
        d.update((byte) 0);
        for (int i = 7; i >= 0; i--) {
            d.update((byte) (worldSeed >>> (8 * i)));
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        d.update(n, 0, n.length);
        return d;
    }

    /** {@code length} bytes derived from (purpose, worldSeed, name). */
    static byte[] derive(String purpose, long worldSeed, String name, int length) {
        byte[] out = new byte[length];
        sponge(purpose, worldSeed, name).doFinal(out, 0, length);
        return out;
    }
}
