package dev.minternet.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * One direction of a record protection key, AES-GCM by the JDK's {@link Cipher}, which HotSpot
 * runs on AES-NI and carry-less multiplication; BouncyCastle's engine ({@code TlsAEADCipher})
 * still builds the nonces and the additional data (RFC 8446 section 5.2), so every record is
 * the same as with BouncyCastle's pure-Java AES-GCM. A record that fails authentication is
 * {@code bad_record_mac}, as there.
 */
final class JdkAesGcm implements TlsAEADCipherImpl {
    /**
     * The provider the JDK picks for AES/GCM/NoPadding (SunJCE), found once: asking by name walks
     * the provider list on every connection's two keys.
     */
    private static final java.security.Provider PROVIDER = provider();
    private final boolean encrypting;
    private final Cipher cipher;
    private SecretKeySpec key;
    private byte[] nonce;
    private int macSize;

    JdkAesGcm(boolean encrypting) {
        this.encrypting = encrypting;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }

    private static java.security.Provider provider() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }

    @Override
    public void setKey(byte[] k, int keyOff, int keyLen) {
        this.key = new SecretKeySpec(k, keyOff, keyLen, "AES");
    }

    @Override
    public void init(byte[] n, int macSizeBytes) {
        this.nonce = n.clone();
        this.macSize = macSizeBytes;
    }

    @Override
    public int getOutputSize(int inputLength) {
        return encrypting ? inputLength + macSize : Math.max(0, inputLength - macSize);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                       int outputOffset) throws IOException {
        try {
            cipher.init(encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(macSize * 8, nonce));
            if (additionalData != null && additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
