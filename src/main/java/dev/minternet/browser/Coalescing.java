package dev.minternet.browser;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate a connection already verified also covers another host, the check
 * Chromium makes before it sends that host's requests on the connection (its
 * VerifyDomainAuthentication: the name matches one of the certificate's DNS subjectAltNames, as RFC
 * 6125 section 6.4 matches them: case-insensitively, a wildcard only as the whole leftmost label,
 * standing for exactly one label).
 */
final class Coalescing {
    private Coalescing() {
    }

    static boolean covers(X509Certificate cert, String host) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (List<?> san : sans) {
            if (((Integer) san.get(0)) == 2 && matches(((String) san.get(1)).toLowerCase(Locale.ROOT), h)) {
                return true;
            }
        }
        return false;
    }

    /** A DNS subjectAltName (lower case) against a host name (lower case, no trailing dot). */
    static boolean matches(String name, String host) {
        if (name.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(name.substring(1));
        }
        return name.equals(host);
    }
}
