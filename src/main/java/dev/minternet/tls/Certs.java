package dev.minternet.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Conversions between the engine's certificates (BouncyCastle's TLS {@link Certificate}) and the
 * JDK's {@link X509Certificate}s that the verifier, the trace and curl read. A world has few
 * certificates and every handshake presents the same ones, so parsed certificates are kept by
 * their DER bytes (a bounded cache; parsing is deterministic, so caching changes no output).
 */
final class Certs {
    private static final int CACHE = 256;
    private static final Map<ByteBuffer, X509Certificate> PARSED = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, X509Certificate> e) {
            return size() > CACHE;
        }
    };

    private Certs() {
    }

    /** The JDK form of a DER certificate. */
    static X509Certificate parse(byte[] der) throws CertificateException {
        ByteBuffer key = ByteBuffer.wrap(der);
        synchronized (PARSED) {
            X509Certificate c = PARSED.get(key);
            if (c != null) {
                return c;
            }
        }
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        synchronized (PARSED) {
            PARSED.put(ByteBuffer.wrap(der.clone()), c);
        }
        return c;
    }

    /** The chain a peer sent, leaf first. */
    static List<X509Certificate> toJdk(Certificate chain) throws IOException {
        List<X509Certificate> l = new ArrayList<>(chain.getLength());
        for (int i = 0; i < chain.getLength(); i++) {
            try {
                l.add(parse(chain.getCertificateAt(i).getEncoded()));
            } catch (CertificateException e) {
                throw new IOException("unparsable certificate at depth " + i, e);
            }
        }
        return l;
    }

    /** A TLS 1.2 Certificate message body for {@code chain} (RFC 5246 section 7.4.2). */
    static Certificate toTls12(Certificate tls13) {
        CertificateEntry[] entries = tls13.getCertificateEntryList();
        org.bouncycastle.tls.crypto.TlsCertificate[] certs = new org.bouncycastle.tls.crypto.TlsCertificate[entries.length];
        for (int i = 0; i < entries.length; i++) {
            certs[i] = entries[i].getCertificate();
        }
        return new Certificate(certs);
    }

    /** A TLS 1.3 Certificate message body for {@code chain} (no request context, no extensions). */
    static Certificate toTls13(TlsCrypto crypto, List<X509Certificate> chain) {
        CertificateEntry[] entries = new CertificateEntry[chain.size()];
        try {
            for (int i = 0; i < entries.length; i++) {
                entries[i] = new CertificateEntry(crypto.createCertificate(chain.get(i).getEncoded()), null);
            }
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode a certificate of the chain", e);
        }
        return new Certificate(TlsUtils.EMPTY_BYTES, entries);
    }
}
