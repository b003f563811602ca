package dev.minternet.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a narrator (or {@code curl -v}) says about one certificate: "subject: CN=www.example.com;
 * start date ...; expire date ...; subjectAltName ...; issuer: CN=Minternet Issuing CA 1".
 *
 * @param subjectAltNames "DNS:www.example.com", "IP Address:203.0.113.10", as openssl prints them
 */
public record CertificateInfo(String subject, String issuer, Instant notBefore, Instant notAfter, String serialHex,
                              List<String> subjectAltNames, String signatureAlgorithm, String publicKeyAlgorithm) {
    public CertificateInfo {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /**
     * Every handshake of a world presents the same few certificates, and {@link Certs} hands out
     * one parsed object per DER encoding, so the descriptions are kept per certificate (bounded,
     * least recently used out): reading the names and dates again gives the same strings.
     */
    private static final int CACHE = 256;
    private static final Map<X509Certificate, CertificateInfo> KNOWN = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<X509Certificate, CertificateInfo> e) {
            return size() > CACHE;
        }
    };

    public static CertificateInfo of(X509Certificate c) {
        synchronized (KNOWN) {
            CertificateInfo known = KNOWN.get(c);
            if (known != null) {
                return known;
            }
        }
        CertificateInfo info = describe(c);
        synchronized (KNOWN) {
            KNOWN.put(c, info);
        }
        return info;
    }

    private static CertificateInfo describe(X509Certificate c) {
        List<String> sans = new ArrayList<>();
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    int type = (Integer) san.get(0);
                    String prefix = type == 2 ? "DNS:" : type == 7 ? "IP Address:" : "type" + type + ":";
                    sans.add(prefix + san.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            sans.add("unparsable");
        }
        return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), c.getSerialNumber().toString(16), sans,
                c.getSigAlgName(), c.getPublicKey().getAlgorithm());
    }

    public static List<CertificateInfo> of(List<X509Certificate> chain) {
        return chain.stream().map(CertificateInfo::of).toList();
    }
}
