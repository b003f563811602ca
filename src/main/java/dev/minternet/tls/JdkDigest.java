package dev.minternet.tls;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.util.Memoable;

/**
 * A BouncyCastle {@link ExtendedDigest} computed by the JDK's {@link MessageDigest}, whose SHA-2
 * compression functions HotSpot replaces with CPU instructions (SHA-NI, AVX2), where
 * BouncyCastle's are plain Java. The TLS 1.3 key schedule, the transcript hash and every HMAC
 * run on it ({@link SimCrypto#createDigest}). A hash is a hash: the output, and so every byte on
 * the wire, is the same as BouncyCastle's.
 *
 * <p>{@link Memoable} (copy and restore a running state) lets BouncyCastle's HMAC keep its
 * inner and outer padded states instead of hashing the key blocks again for every message.
 */
final class JdkDigest implements ExtendedDigest, Memoable {
    private static final MessageDigest SHA256 = prototype("SHA-256");
    private static final MessageDigest SHA384 = prototype("SHA-384");
    private static final MessageDigest SHA512 = prototype("SHA-512");

    private final String name;
    private final int blockSize;
    private MessageDigest md;

    private JdkDigest(String name, int blockSize, MessageDigest md) {
        this.name = name;
        this.blockSize = blockSize;
        this.md = md;
    }

    static JdkDigest sha256() {
        return new JdkDigest("SHA-256", 64, copy(SHA256));
    }

    static JdkDigest sha384() {
        return new JdkDigest("SHA-384", 128, copy(SHA384));
    }

    static JdkDigest sha512() {
        return new JdkDigest("SHA-512", 128, copy(SHA512));
    }

    private static MessageDigest prototype(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(md.getAlgorithm() + " cannot be cloned", e);
        }
    }

    @Override
    public String getAlgorithmName() {
        return name;
    }

    @Override
    public int getDigestSize() {
        return md.getDigestLength();
    }

    @Override
    public int getByteLength() {
        return blockSize;
    }

    @Override
    public void update(byte in) {
        md.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        md.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        try {
            return md.digest(out, outOff, md.getDigestLength());
        } catch (DigestException e) {
            throw new IllegalArgumentException("output buffer too short", e);
        }
    }

    @Override
    public void reset() {
        md.reset();
    }

    @Override
    public Memoable copy() {
        return new JdkDigest(name, blockSize, copy(md));
    }

    @Override
    public void reset(Memoable other) {
        JdkDigest o = (JdkDigest) other;
        if (!o.name.equals(name)) {
            throw new IllegalArgumentException("cannot restore " + name + " from " + o.name);
        }
        md = copy(o.md);
    }
}
