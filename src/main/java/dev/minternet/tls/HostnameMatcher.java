package dev.minternet.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.util.IPAddress;

/**
 * Server identity check, as curl and browsers do it (RFC 6125 section 6, RFC 9110 section 4.3.4):
 * a DNS host name is matched, case-insensitively, against the certificate's dNSName
 * subjectAltNames, where a wildcard may stand for the whole left-most label only
 * ({@code *.example.com} matches {@code www.example.com}, not {@code example.com} nor
 * {@code a.b.example.com}); an IP literal is matched against iPAddress entries byte for byte.
 * The subject common name is never consulted (curl 7.x onward ignores it once SANs exist, and
 * every certificate we mint has them).
 *
 * <p>We implement this here instead of using the SSLEngine's endpoint identification
 * ("HTTPS"): the JDK applies that only inside its own trust manager, and ours must validate at
 * the simulated date and report curl's reasons.
 */
public final class HostnameMatcher {
    private HostnameMatcher() {
    }

    /** Whether {@code host} is an IPv4 dotted quad or an IPv6 literal (never a DNS lookup). */
    public static boolean isIpLiteral(String host) {
        return ipBytes(host) != null;
    }

    /** Whether {@code cert} names {@code host}. */
    public static boolean matches(X509Certificate cert, String host) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        byte[] ip = ipBytes(host);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = (String) san.get(1);
            if (ip != null && type == 7) {
                byte[] v = ipBytes(value);
                if (v != null && Arrays.equals(v, ip)) {
                    return true;
                }
            } else if (ip == null && type == 2 && dnsMatches(value, host)) {
                return true;
            }
        }
        return false;
    }

    static boolean dnsMatches(String pattern, String host) {
        String p = stripDot(pattern.toLowerCase(Locale.ROOT));
        String h = stripDot(host.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false; // "*.com": a wildcard needs at least two labels after it
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(suffix);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null for anything else. */
    static byte[] ipBytes(String s) {
        if (s.indexOf(':') >= 0) {
            String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            if (!IPAddress.isValidIPv6(v)) {
                return null; // checked first: InetAddress would resolve a non-literal through the host's DNS
            }
            try {
                return InetAddress.getByName(v).getAddress(); // a valid literal: parsed, never resolved
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }
}
