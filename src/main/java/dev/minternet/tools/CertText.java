package dev.minternet.tools;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Certificates in the words OpenSSL 3 gives curl and {@code openssl}: names as
 * {@code X509_NAME_print_ex} writes them (in the certificate's order), key types and sizes as
 * {@code EVP_PKEY_get0_type_name}, {@code EVP_PKEY_bits} and {@code EVP_PKEY_get_security_bits}
 * report them, and signature algorithms by their OpenSSL short names.
 */
public final class CertText {
    private CertText() {
    }

    /** The relative distinguished names in the order the certificate encodes them (C, O, CN). */
    static List<String[]> rdns(X500Principal p) {
        List<String[]> out = new ArrayList<>();
        try {
            // RFC 2253 text lists the last encoded RDN first; LdapName's index 0 is the rightmost
            for (Rdn r : new LdapName(p.getName(X500Principal.RFC2253)).getRdns()) {
                out.add(new String[] {r.getType(), String.valueOf(r.getValue())});
            }
        } catch (InvalidNameException e) {
            out.add(new String[] {"", p.getName()});
        }
        return out;
    }

    /** {@code C=US; O=Example; CN=www.example.com}, as curl prints subject and issuer. */
    public static String curlName(X500Principal p) {
        return join(p, "=", "; ");
    }

    /** {@code C = US, O = Example, CN = www.example.com}, as {@code openssl x509 -text} prints them. */
    public static String opensslName(X500Principal p) {
        return join(p, " = ", ", ");
    }

    private static String join(X500Principal p, String eq, String sep) {
        StringBuilder b = new StringBuilder();
        for (String[] r : rdns(p)) {
            if (b.length() > 0) {
                b.append(sep);
            }
            b.append(r[0].isEmpty() ? "" : r[0] + eq).append(r[1]);
        }
        return b.toString();
    }

    /** {@code ED25519}, {@code EC}, {@code RSA} (EVP_PKEY_get0_type_name). */
    public static String keyType(PublicKey k) {
        return switch (k.getAlgorithm()) {
            case "EdDSA", "Ed25519" -> "ED25519";
            case "Ed448" -> "ED448";
            case "EC" -> "EC";
            case "RSA" -> "RSA";
            default -> k.getAlgorithm().toUpperCase(Locale.ROOT);
        };
    }

    /**
     * The key's size in bits as OpenSSL counts it (EVP_PKEY_get_bits): 256 for Ed25519 and 456 for
     * Ed448 (OpenSSL's ED25519_BITS and ED448_BITS; 253 is X25519's, a key-exchange key's).
     */
    public static int keyBits(PublicKey k) {
        if (k instanceof RSAPublicKey r) {
            return r.getModulus().bitLength();
        }
        if (k instanceof ECPublicKey e) {
            return e.getParams().getCurve().getField().getFieldSize();
        }
        return switch (keyType(k)) {
            case "ED25519" -> 256;
            case "ED448" -> 456;
            default -> 0;
        };
    }

    /** Security strength in bits (EVP_PKEY_get_security_bits; RSA by NIST SP 800-57's table). */
    public static int securityBits(PublicKey k) {
        if (k instanceof RSAPublicKey) {
            int bits = keyBits(k);
            return bits >= 15360 ? 256 : bits >= 7680 ? 192 : bits >= 3072 ? 128 : bits >= 2048 ? 112 : bits >= 1024 ? 80 : 0;
        }
        if (k instanceof ECPublicKey) {
            return keyBits(k) / 2;
        }
        return keyType(k).equals("ED448") ? 224 : 128;
    }

    /** The named curve of an EC key as OpenSSL names it ({@code prime256v1}), else "". */
    public static String curveName(PublicKey k) {
        if (k instanceof ECPublicKey e) {
            return switch (e.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "prime256v1";
                case 384 -> "secp384r1";
                case 521 -> "secp521r1";
                default -> "";
            };
        }
        return "";
    }

    /** The signature algorithm's OpenSSL name: ED25519, ecdsa-with-SHA256, sha256WithRSAEncryption. */
    public static String signatureName(X509Certificate c) {
        return signatureName(c.getSigAlgName());
    }

    /** OpenSSL's name for a signature algorithm the JDK calls {@code n} (Ed25519, SHA256withECDSA, ...). */
    public static String signatureName(String n) {
        return switch (n.toUpperCase(Locale.ROOT)) {
            case "ED25519", "EDDSA" -> "ED25519";
            case "ED448" -> "ED448";
            case "SHA256WITHECDSA" -> "ecdsa-with-SHA256";
            case "SHA384WITHECDSA" -> "ecdsa-with-SHA384";
            case "SHA512WITHECDSA" -> "ecdsa-with-SHA512";
            case "SHA256WITHRSA" -> "sha256WithRSAEncryption";
            case "SHA384WITHRSA" -> "sha384WithRSAEncryption";
            case "SHA512WITHRSA" -> "sha512WithRSAEncryption";
            case "RSASSA-PSS" -> "rsassaPss";
            default -> n;
        };
    }

    /**
     * curl's line for one certificate of the chain the server sent (curl 8, OpenSSL backend):
     * {@code *   Certificate level 0: Public key type ED25519 (256/128 Bits/secBits), signed using ED25519}.
     */
    public static String curlLevel(int level, X509Certificate c) {
        PublicKey k = c.getPublicKey();
        String curve = curveName(k);
        return "*   Certificate level " + level + ": Public key type " + keyType(k) + (curve.isEmpty() ? "" : "/" + curve)
                + " (" + keyBits(k) + "/" + securityBits(k) + " Bits/secBits), signed using " + signatureName(c);
    }

    /** The PEM armour of a certificate: base64 in lines of 64 characters (RFC 7468 section 2). */
    public static List<String> pem(X509Certificate c) {
        List<String> out = new ArrayList<>();
        out.add("-----BEGIN CERTIFICATE-----");
        String b;
        try {
            b = Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate that does not encode", e);
        }
        for (int i = 0; i < b.length(); i += 64) {
            out.add(b.substring(i, Math.min(b.length(), i + 64)));
        }
        out.add("-----END CERTIFICATE-----");
        return out;
    }
}
