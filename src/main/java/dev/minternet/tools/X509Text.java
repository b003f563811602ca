package dev.minternet.tools;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A certificate as OpenSSL 3.0's {@code openssl x509} prints it: {@code -text} is {@code
 * X509_print_ex} (crypto/x509/t_x509.c) with the key printers of the providers and the
 * extension printers of crypto/x509/v3_*.c; {@code -subject}, {@code -issuer}, {@code -dates},
 * {@code -serial} and {@code -fingerprint} are the one-line forms of apps/x509.c.
 */
final class X509Text {
    private X509Text() {
    }

    /** {@code openssl x509 -text}: every line of X509_print_ex's default layout. */
    static List<String> text(X509Certificate c) {
        Certificate asn1 = Certificate.getInstance(encoded(c));
        List<String> out = new ArrayList<>();
        out.add("Certificate:");
        out.add("    Data:");
        out.add("        Version: " + c.getVersion() + " (0x" + Integer.toHexString(c.getVersion() - 1) + ")");
        out.addAll(serial(c.getSerialNumber()));
        out.add("        Signature Algorithm: " + CertText.signatureName(c));
        out.add("        Issuer: " + CertText.opensslName(c.getIssuerX500Principal()));
        out.add("        Validity");
        out.add("            Not Before: " + SClientText.ASN1_TIME.format(c.getNotBefore().toInstant()));
        out.add("            Not After : " + SClientText.ASN1_TIME.format(c.getNotAfter().toInstant()));
        out.add("        Subject: " + CertText.opensslName(c.getSubjectX500Principal()));
        out.add("        Subject Public Key Info:");
        out.addAll(publicKey(c.getPublicKey(), asn1.getSubjectPublicKeyInfo()));
        Extensions ext = asn1.getTBSCertificate().getExtensions();
        if (ext != null) {
            out.add("        X509v3 extensions:");
            for (ASN1ObjectIdentifier oid : ext.getExtensionOIDs()) {
                Extension e = ext.getExtension(oid);
                out.add("            " + extensionName(oid) + ": " + (e.isCritical() ? "critical" : ""));
                out.addAll(extensionValue(e));
            }
        }
        out.add("    Signature Algorithm: " + CertText.signatureName(c));
        out.add("    Signature Value:");
        out.addAll(dump(c.getSignature(), 18, "        "));
        return out;
    }

    /** {@code -subject}, {@code -issuer}: {@code subject=CN = www.example.com}. */
    static String subject(X509Certificate c) {
        return "subject=" + CertText.opensslName(c.getSubjectX500Principal());
    }

    static String issuer(X509Certificate c) {
        return "issuer=" + CertText.opensslName(c.getIssuerX500Principal());
    }

    /** {@code -dates}: the notBefore and notAfter lines. */
    static List<String> dates(X509Certificate c) {
        return List.of("notBefore=" + SClientText.ASN1_TIME.format(c.getNotBefore().toInstant()),
                "notAfter=" + SClientText.ASN1_TIME.format(c.getNotAfter().toInstant()));
    }

    /** {@code -serial}: the serial number in upper-case hex, whole octets (i2a_ASN1_INTEGER). */
    static String serialLine(X509Certificate c) {
        String h = c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return "serial=" + (h.length() % 2 == 1 ? "0" + h : h);
    }

    /** {@code -fingerprint}: SHA-1 of the DER, OpenSSL 3.0's default digest for it. */
    static String fingerprint(X509Certificate c) {
        return fingerprint(c, "SHA1", "SHA-1");
    }

    /** {@code LABEL Fingerprint=AB:CD:...}: the JDK digest {@code algorithm} of the DER. */
    static String fingerprint(X509Certificate c, String label, String algorithm) {
        try {
            return label + " Fingerprint=" + upperHex(MessageDigest.getInstance(algorithm).digest(encoded(c)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate that does not encode", e);
        }
    }

    /** A serial that fits a long on the label's line, a longer one as hex octets below it. */
    private static List<String> serial(BigInteger s) {
        byte[] b = s.abs().toByteArray();
        int len = b.length > 1 && b[0] == 0 ? b.length - 1 : b.length; // the DER content's length
        if (len <= Long.BYTES && s.abs().bitLength() < Long.SIZE) {
            String neg = s.signum() < 0 ? "-" : "";
            return List.of("        Serial Number: " + neg + s.abs() + " (" + neg + "0x" + s.abs().toString(16) + ")");
        }
        byte[] octets = new byte[len];
        System.arraycopy(b, b.length - len, octets, 0, len);
        return List.of("        Serial Number:" + (s.signum() < 0 ? " (Negative)" : ""),
                "            " + HexFormat.ofDelimiter(":").formatHex(octets));
    }

    /** The key printers: ecx_key_print, rsa_pkey_print, ec key_print (indent 16). */
    private static List<String> publicKey(PublicKey k, SubjectPublicKeyInfo spki) {
        List<String> out = new ArrayList<>();
        String pad = "                ";
        byte[] raw = spki.getPublicKeyData().getBytes();
        switch (CertText.keyType(k)) {
            case "ED25519", "ED448" -> {
                out.add("            Public Key Algorithm: " + CertText.keyType(k));
                out.add(pad + CertText.keyType(k) + " Public-Key:");
                out.add(pad + "pub:");
                out.addAll(dump(raw, 15, pad + "    "));
            }
            case "RSA" -> {
                RSAPublicKey r = (RSAPublicKey) k;
                out.add("            Public Key Algorithm: rsaEncryption");
                out.add(pad + "Public-Key: (" + r.getModulus().bitLength() + " bit)");
                out.add(pad + "Modulus:");
                out.addAll(dump(r.getModulus().toByteArray(), 15, pad + "    "));
                BigInteger e = r.getPublicExponent();
                out.add(pad + "Exponent: " + e + " (0x" + e.toString(16) + ")");
            }
            case "EC" -> {
                ECPublicKey e = (ECPublicKey) k;
                int bits = e.getParams().getCurve().getField().getFieldSize();
                out.add("            Public Key Algorithm: id-ecPublicKey");
                out.add(pad + "Public-Key: (" + bits + " bit)");
                out.add(pad + "pub:");
                out.addAll(dump(raw, 15, pad + "    "));
                out.add(pad + "ASN1 OID: " + CertText.curveName(k));
                out.add(pad + "NIST CURVE: P-" + bits);
            }
            default -> out.add("            Public Key Algorithm: " + spki.getAlgorithm().getAlgorithm().getId());
        }
        return out;
    }

    /** ASN1_buf_print and X509_signature_dump: lower-case hex octets, {@code perLine} to a line. */
    static List<String> dump(byte[] b, int perLine, String indent) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < b.length; i++) {
            if (i > 0 && i % perLine == 0) {
                out.add(line.toString());
                line = new StringBuilder(indent);
            }
            line.append(String.format("%02x", b[i] & 0xff)).append(i == b.length - 1 ? "" : ":");
        }
        out.add(line.toString());
        return out;
    }

    /** The extension's long name (OBJ_obj2txt via i2a_ASN1_OBJECT), its OID when OpenSSL has none. */
    private static String extensionName(ASN1ObjectIdentifier oid) {
        if (oid.equals(Extension.basicConstraints)) {
            return "X509v3 Basic Constraints";
        } else if (oid.equals(Extension.keyUsage)) {
            return "X509v3 Key Usage";
        } else if (oid.equals(Extension.extendedKeyUsage)) {
            return "X509v3 Extended Key Usage";
        } else if (oid.equals(Extension.subjectAlternativeName)) {
            return "X509v3 Subject Alternative Name";
        } else if (oid.equals(Extension.issuerAlternativeName)) {
            return "X509v3 Issuer Alternative Name";
        } else if (oid.equals(Extension.subjectKeyIdentifier)) {
            return "X509v3 Subject Key Identifier";
        } else if (oid.equals(Extension.authorityKeyIdentifier)) {
            return "X509v3 Authority Key Identifier";
        }
        return oid.getId();
    }

    /** The extension's value at indent 16, as its X509V3_EXT_METHOD prints it. */
    private static List<String> extensionValue(Extension e) {
        String pad = "                ";
        ASN1Encodable v = e.getParsedValue();
        ASN1ObjectIdentifier oid = e.getExtnId();
        if (oid.equals(Extension.basicConstraints)) {
            BasicConstraints bc = BasicConstraints.getInstance(v);
            return List.of(pad + "CA:" + (bc.isCA() ? "TRUE" : "FALSE")
                    + (bc.getPathLenConstraint() != null ? ", pathlen:" + bc.getPathLenConstraint() : ""));
        }
        if (oid.equals(Extension.keyUsage)) {
            return List.of(pad + keyUsage(KeyUsage.getInstance(v)));
        }
        if (oid.equals(Extension.extendedKeyUsage)) {
            List<String> names = new ArrayList<>();
            for (KeyPurposeId p : ExtendedKeyUsage.getInstance(v).getUsages()) {
                names.add(purposeName(p));
            }
            return List.of(pad + String.join(", ", names));
        }
        if (oid.equals(Extension.subjectAlternativeName) || oid.equals(Extension.issuerAlternativeName)) {
            List<String> names = new ArrayList<>();
            for (GeneralName n : GeneralNames.getInstance(v).getNames()) {
                names.add(generalName(n));
            }
            return List.of(pad + String.join(", ", names));
        }
        if (oid.equals(Extension.subjectKeyIdentifier)) {
            return List.of(pad + upperHex(SubjectKeyIdentifier.getInstance(v).getKeyIdentifier()));
        }
        if (oid.equals(Extension.authorityKeyIdentifier)) {
            AuthorityKeyIdentifier a = AuthorityKeyIdentifier.getInstance(v);
            boolean more = a.getAuthorityCertIssuer() != null || a.getAuthorityCertSerialNumber() != null;
            List<String> parts = new ArrayList<>();
            if (a.getKeyIdentifier() != null) {
                parts.add((more ? "keyid:" : "") + upperHex(a.getKeyIdentifier()));
            }
            if (a.getAuthorityCertIssuer() != null) {
                for (GeneralName n : a.getAuthorityCertIssuer().getNames()) {
                    parts.add(generalName(n));
                }
            }
            if (a.getAuthorityCertSerialNumber() != null) {
                parts.add("serial:" + upperHex(a.getAuthorityCertSerialNumber().toByteArray()));
            }
            return List.of(pad + String.join(", ", parts));
        }
        // an extension OpenSSL has no printer for: its DER as ASN1_STRING_print shows it
        return List.of(pad + printable(ASN1OctetString.getInstance(e.getExtnValue()).getOctets()));
    }

    /** ASN1_STRING_print: printable ASCII kept, anything else as '.'. */
    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 0x20 && x < 0x7f || x == '\n' || x == '\r' ? (char) x : '.');
        }
        return s.toString();
    }

    private static String upperHex(byte[] b) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(b);
    }

    /** The bit names of v3_bitst.c, in bit order. */
    private static final String[] KEY_USAGE = {"Digital Signature", "Non Repudiation", "Key Encipherment",
        "Data Encipherment", "Key Agreement", "Certificate Sign", "CRL Sign", "Encipher Only", "Decipher Only"};
    private static final int[] KEY_USAGE_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation,
        KeyUsage.keyEncipherment, KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign,
        KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly};

    private static String keyUsage(KeyUsage ku) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < KEY_USAGE.length; i++) {
            if (ku.hasUsages(KEY_USAGE_BITS[i])) {
                names.add(KEY_USAGE[i]);
            }
        }
        return String.join(", ", names);
    }

    /** OBJ_nid2ln of an extended key usage. */
    private static String purposeName(KeyPurposeId p) {
        if (p.equals(KeyPurposeId.id_kp_serverAuth)) {
            return "TLS Web Server Authentication";
        } else if (p.equals(KeyPurposeId.id_kp_clientAuth)) {
            return "TLS Web Client Authentication";
        } else if (p.equals(KeyPurposeId.id_kp_codeSigning)) {
            return "Code Signing";
        } else if (p.equals(KeyPurposeId.id_kp_emailProtection)) {
            return "E-mail Protection";
        } else if (p.equals(KeyPurposeId.id_kp_timeStamping)) {
            return "Time Stamping";
        } else if (p.equals(KeyPurposeId.id_kp_OCSPSigning)) {
            return "OCSP Signing";
        }
        return p.getId();
    }

    /** i2v_GENERAL_NAME: {@code DNS:www.example.com}, {@code IP Address:192.0.2.1}. */
    private static String generalName(GeneralName n) {
        ASN1Primitive v = n.getName().toASN1Primitive();
        return switch (n.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + v;
            case GeneralName.rfc822Name -> "email:" + v;
            case GeneralName.uniformResourceIdentifier -> "URI:" + v;
            case GeneralName.iPAddress -> "IP Address:" + ipText(ASN1OctetString.getInstance(v).getOctets());
            default -> "othername:<unsupported>";
        };
    }

    /** IPv4 dotted; IPv6 as eight upper-case hex groups, uncompressed (OpenSSL 3.0's ossl_ipaddr_to_asc). */
    private static String ipText(byte[] a) {
        if (a.length == 16) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 16; i += 2) {
                s.append(i > 0 ? ":" : "").append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))
                        .toUpperCase(Locale.ROOT));
            }
            return s.toString();
        }
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            return "<invalid>";
        }
    }
}
