package dev.minternet.tools;

import dev.minternet.tls.TlsSessionInfo;
import dev.minternet.tls.TrustStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code openssl s_client} (OpenSSL 3.0) prints for a completed TLS 1.3 or 1.2 handshake: the
 * verify callback's lines ({@code apps/lib/s_cb.c verify_callback}, called by {@code
 * X509_verify_cert} as it builds the chain and then checks it from the top down), and the
 * summary of {@code print_stuff} in {@code apps/s_client.c}. A pure function of the session, the
 * client's trust store and the simulated date, so tests can set it beside the real tool's output.
 */
final class SClientText {
    static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private SClientText() {
    }

    /** X509_V_ERR_* numbers and X509_verify_cert_error_string texts of the errors a world can produce. */
    enum VerifyError {
        OK(0, "ok"),
        NOT_YET_VALID(9, "certificate is not yet valid"),
        EXPIRED(10, "certificate has expired"),
        SELF_SIGNED(18, "self-signed certificate"),
        SELF_SIGNED_IN_CHAIN(19, "self-signed certificate in certificate chain"),
        NO_LOCAL_ISSUER(20, "unable to get local issuer certificate"),
        UNABLE_TO_VERIFY_LEAF(21, "unable to verify the first certificate");

        final int num;
        final String text;

        VerifyError(int num, String text) {
            this.num = num;
            this.text = text;
        }
    }

    /** The callback's lines and the result SSL_get_verify_result gives: the last error raised, or OK. */
    record Verification(List<String> lines, VerifyError result) {
    }

    /**
     * X509_verify_cert as s_client runs it: no host name check (s_client checks one only with
     * {@code -verify_hostname}), chain building from the presented certificates to a trusted root,
     * then each certificate from the top down: validity dates, then a success call that keeps the
     * error already raised (so an expired certificate's notAfter line comes twice, as in OpenSSL).
     */
    static Verification verify(List<X509Certificate> presented, TrustStore trust, Instant now) {
        List<String> out = new ArrayList<>();
        VerifyError last = VerifyError.OK;
        List<X509Certificate> chain = new ArrayList<>();
        // chain building: follow issuers through what the peer sent
        X509Certificate cur = presented.get(0);
        chain.add(cur);
        while (!selfIssued(cur)) {
            X509Certificate next = null;
            for (X509Certificate c : presented) {
                if (c != cur && !chain.contains(c) && c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())) {
                    next = c;
                }
            }
            if (next == null) {
                break;
            }
            chain.add(next);
            cur = next;
        }
        int top = chain.size() - 1;
        boolean skipTop = false;
        VerifyError building = null;
        if (selfIssued(cur)) {
            if (!trust.roots().contains(cur)) {
                building = chain.size() == 1 ? VerifyError.SELF_SIGNED : VerifyError.SELF_SIGNED_IN_CHAIN;
            }
        } else {
            X509Certificate root = trust.issuerOf(cur);
            if (root != null) {
                chain.add(root);
                top++;
            } else {
                building = VerifyError.NO_LOCAL_ISSUER;
                skipTop = true;
            }
        }
        if (building != null) {
            error(out, top, chain.get(top), building, null);
            last = building;
        }
        int from = top;
        if (skipTop) {
            if (top == 0) {
                error(out, 0, chain.get(0), VerifyError.UNABLE_TO_VERIFY_LEAF, null);
                last = VerifyError.UNABLE_TO_VERIFY_LEAF;
            } else {
                from = top - 1;
            }
        }
        for (int d = from; d >= 0; d--) {
            X509Certificate c = chain.get(d);
            VerifyError time = now.isBefore(c.getNotBefore().toInstant()) ? VerifyError.NOT_YET_VALID
                    : now.isAfter(c.getNotAfter().toInstant()) ? VerifyError.EXPIRED : null;
            if (time != null) {
                error(out, d, c, time, dateLine(time, c));
                last = time;
            }
            out.add("depth=" + d + " " + CertText.opensslName(c.getSubjectX500Principal()));
            if (last == VerifyError.EXPIRED || last == VerifyError.NOT_YET_VALID) {
                out.add(dateLine(last, c)); // the retained error's switch case, on the success call too
            }
            out.add("verify return:1");
        }
        return new Verification(out, last);
    }

    private static String dateLine(VerifyError e, X509Certificate c) {
        return e == VerifyError.EXPIRED ? "notAfter=" + ASN1_TIME.format(c.getNotAfter().toInstant())
                : "notBefore=" + ASN1_TIME.format(c.getNotBefore().toInstant());
    }

    private static void error(List<String> out, int depth, X509Certificate c, VerifyError e, String extra) {
        out.add("depth=" + depth + " " + CertText.opensslName(c.getSubjectX500Principal()));
        out.add("verify error:num=" + e.num + ":" + e.text);
        if (extra != null) {
            out.add(extra);
        }
        out.add("verify return:1");
    }

    static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** The "a:" line's key name: rsaEncryption, id-ecPublicKey, ED25519 (OBJ_nid2ln of the key's type). */
    static String keyName(PublicKey k) {
        return switch (CertText.keyType(k)) {
            case "RSA" -> "rsaEncryption";
            case "EC" -> "id-ecPublicKey";
            default -> CertText.keyType(k);
        };
    }

    /** The "a:" line's signature name: RSA-SHA256, ecdsa-with-SHA256, ED25519 (OBJ_nid2sn of the signature). */
    static String sigalgShort(X509Certificate c) {
        String n = CertText.signatureName(c);
        return n.startsWith("sha") && n.endsWith("WithRSAEncryption")
                ? "RSA-SHA" + n.substring(3, n.indexOf('W')) : n;
    }

    /** "Peer signature type": ed25519, ecdsa_secp256r1_sha256 (by scheme); RSA-PSS with a digest line before. */
    static List<String> peerSignature(PublicKey k) {
        return switch (CertText.keyType(k)) {
            case "ED25519" -> List.of("Peer signature type: ed25519");
            case "ED448" -> List.of("Peer signature type: ed448");
            case "EC" -> List.of("Peer signing digest: SHA" + (CertText.keyBits(k) == 521 ? 512 : CertText.keyBits(k)),
                    "Peer signature type: ECDSA");
            default -> List.of("Peer signing digest: SHA256", "Peer signature type: RSA-PSS");
        };
    }

    /** "Server Temp Key": the key share group as OpenSSL names it, with its size in bits. */
    static String tempKey(String group) {
        return switch (group.toLowerCase(Locale.ROOT)) {
            case "x448" -> "X448, 448 bits";
            case "secp256r1" -> "ECDH, prime256v1, 256 bits";
            case "secp384r1" -> "ECDH, secp384r1, 384 bits";
            case "secp521r1" -> "ECDH, secp521r1, 521 bits";
            default -> "X25519, 253 bits";
        };
    }

    /**
     * The full report after "CONNECTED(00000003)" (print_stuff with full output), from "---" to
     * "Verify return code", without the post-handshake session tickets (the simulated servers send
     * none).
     */
    static List<String> summary(TlsSessionInfo s, Verification v, boolean showcerts, long read, long written) {
        return summary(s, v, showcerts, read, written, 0);
    }

    /** The full report; a TLS 1.2 session ends with its SSL-Session block, which {@code startTime} (epoch seconds) is part of. */
    static List<String> summary(TlsSessionInfo s, Verification v, boolean showcerts, long read, long written, long startTime) {
        List<String> out = new ArrayList<>();
        List<X509Certificate> chain = s.peerCertificates();
        out.add("---");
        out.add("Certificate chain");
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            out.add(" " + i + " s:" + CertText.opensslName(c.getSubjectX500Principal()));
            out.add("   i:" + CertText.opensslName(c.getIssuerX500Principal()));
            out.add("   a:PKEY: " + keyName(c.getPublicKey()) + ", " + CertText.keyBits(c.getPublicKey()) + " (bit); sigalg: " + sigalgShort(c));
            out.add("   v:NotBefore: " + ASN1_TIME.format(c.getNotBefore().toInstant()) + "; NotAfter: "
                    + ASN1_TIME.format(c.getNotAfter().toInstant()));
            if (showcerts) {
                out.addAll(CertText.pem(c));
            }
        }
        out.add("---");
        X509Certificate leaf = chain.get(0);
        out.add("Server certificate");
        if (!showcerts) {
            out.addAll(CertText.pem(leaf));
        }
        out.add("subject=" + CertText.opensslName(leaf.getSubjectX500Principal()));
        out.add("issuer=" + CertText.opensslName(leaf.getIssuerX500Principal()));
        out.add("---");
        out.add("No client certificate CA names sent");
        out.addAll(peerSignature(leaf.getPublicKey()));
        out.add("Server Temp Key: " + tempKey(s.keyExchangeGroup()));
        out.add("---");
        out.add("SSL handshake has read " + read + " bytes and written " + written + " bytes");
        out.add(v.result() == VerifyError.OK ? "Verification: OK" : "Verification error: " + v.result().text);
        out.add("---");
        out.add("New, " + s.protocol() + ", Cipher is " + cipherName(s.cipherSuite()));
        out.add("Server public key is " + CertText.keyBits(leaf.getPublicKey()) + " bit");
        out.add("Secure Renegotiation IS " + (s.tls12() != null && s.tls12().secureRenegotiation() ? "" : "NOT ") + "supported");
        out.add("Compression: NONE");
        out.add("Expansion: NONE");
        out.add(s.applicationProtocol().isEmpty() ? "No ALPN negotiated" : "ALPN protocol: " + s.applicationProtocol());
        if (s.tls12() == null) {
            out.add("Early data was not sent");
            out.add("Verify return code: " + v.result().num + " (" + v.result().text + ")");
        } else {
            TlsSessionInfo.Tls12 t = s.tls12();
            out.addAll(session(s.protocol(), cipherName(s.cipherSuite()), t.sessionId(), t.masterSecret(), t.ticket(),
                    t.ticketLifetimeHint(), startTime, v.result(), t.extendedMasterSecret()));
        }
        out.add("---");
        return out;
    }

    /** s_client's default session timeout (SSL_get_default_timeout for TLS: two hours), its "Timeout" line. */
    static final long DEFAULT_TIMEOUT = 7200;

    /** SSL_SESSION_print (ssl/ssl_txt.c) for a TLS 1.2 session: what print_stuff shows where TLS 1.3 shows "Early data". */
    static List<String> session(String protocol, String cipher, byte[] id, byte[] master, byte[] ticket, long hint,
                                long startTime, VerifyError verify, boolean ems) {
        List<String> out = new ArrayList<>();
        out.add("SSL-Session:");
        out.add("    Protocol  : " + protocol);
        out.add("    Cipher    : " + cipher);
        out.add("    Session-ID: " + hexUpper(id));
        out.add("    Session-ID-ctx: ");
        out.add("    Master-Key: " + hexUpper(master));
        out.add("    PSK identity: None");
        out.add("    PSK identity hint: None");
        out.add("    SRP username: None");
        if (hint != 0) {
            out.add("    TLS session ticket lifetime hint: " + hint + " (seconds)");
        }
        if (ticket.length > 0) {
            out.add("    TLS session ticket:");
            out.addAll(dump(ticket, 4));
            out.add(""); // the "\n" that starts the next field
        }
        out.add("    Start Time: " + startTime);
        out.add("    Timeout   : " + DEFAULT_TIMEOUT + " (sec)");
        out.add("    Verify return code: " + verify.num + " (" + verify.text + ")");
        out.add("    Extended master secret: " + (ems ? "yes" : "no"));
        return out;
    }

    /**
     * What s_client prints after "CONNECTED" when the handshake failed before any certificate (a
     * fatal alert in answer to the ClientHello): print_stuff of an empty session, read and written
     * counting the alert and the ClientHello; TLS 1.3 only ({@code -tls1_3}) ends as a 1.3 report.
     */
    static List<String> noSession(long read, long written, boolean tls13Only, long startTime) {
        List<String> out = new ArrayList<>(List.of("---", "no peer certificate available", "---",
                "No client certificate CA names sent", "---",
                "SSL handshake has read " + read + " bytes and written " + written + " bytes", "Verification: OK", "---",
                "New, (NONE), Cipher is (NONE)", "Secure Renegotiation IS NOT supported", "Compression: NONE",
                "Expansion: NONE", "No ALPN negotiated"));
        if (tls13Only) {
            out.add("Early data was not sent");
            out.add("Verify return code: 0 (ok)");
        } else {
            out.addAll(session("TLSv1.2", "0000", new byte[0], new byte[0], new byte[0], 0, startTime, VerifyError.OK, false));
        }
        out.add("---");
        return out;
    }

    /** OpenSSL's name of a cipher suite: TLS 1.3's are the IANA names, TLS 1.2's its own (ECDHE-ECDSA-AES256-GCM-SHA384). */
    static String cipherName(String iana) {
        if (!iana.startsWith("TLS_ECDHE_")) {
            return iana;
        }
        String[] kx = iana.substring("TLS_".length()).split("_WITH_");
        String auth = kx[0].replace('_', '-');
        String c = kx[1];
        String name = switch (c) {
            case "AES_256_GCM_SHA384" -> "AES256-GCM-SHA384";
            case "AES_128_GCM_SHA256" -> "AES128-GCM-SHA256";
            case "CHACHA20_POLY1305_SHA256" -> "CHACHA20-POLY1305";
            default -> c.replace('_', '-');
        };
        return auth + "-" + name;
    }

    private static String hexUpper(byte[] b) {
        StringBuilder sb = new StringBuilder(2 * b.length);
        for (byte x : b) {
            sb.append(String.format("%02X", x & 0xff));
        }
        return sb.toString();
    }

    /** BIO_dump_indent: 16 bytes a line, "-" after the eighth, then the printable ASCII. */
    static List<String> dump(byte[] b, int indent) {
        List<String> out = new ArrayList<>();
        for (int off = 0; off < b.length; off += 16) {
            StringBuilder line = new StringBuilder(" ".repeat(indent)).append(String.format("%04x - ", off));
            StringBuilder ascii = new StringBuilder();
            for (int j = 0; j < 16; j++) {
                if (off + j >= b.length) {
                    line.append("   ");
                    continue;
                }
                int ch = b[off + j] & 0xff;
                line.append(String.format("%02x%c", ch, j == 7 ? '-' : ' '));
                ascii.append(ch >= ' ' && ch <= '~' ? (char) ch : '.');
            }
            out.add(line.append("  ").append(ascii).toString());
        }
        return out;
    }

    /** -brief's lines (print_verify_detail and print_ssl_summary), between the ones the caller adds. */
    static List<String> brief(TlsSessionInfo s, Verification v) {
        X509Certificate leaf = s.peerCertificates().get(0);
        String type = CertText.keyType(leaf.getPublicKey());
        boolean ed = type.startsWith("ED");
        List<String> out = new ArrayList<>();
        out.add("CONNECTION ESTABLISHED");
        out.add("Protocol version: " + s.protocol());
        out.add("Ciphersuite: " + cipherName(s.cipherSuite()));
        out.add("Peer certificate: " + CertText.opensslName(leaf.getSubjectX500Principal()));
        out.add("Hash used: " + (ed ? "UNDEF" : "SHA256"));
        out.add("Signature type: " + (ed ? type.toLowerCase(Locale.ROOT) : type.equals("EC") ? "ECDSA" : "RSA-PSS"));
        out.add(v.result() == VerifyError.OK ? "Verification: OK" : "Verification error: " + v.result().text);
        out.add("Server Temp Key: " + tempKey(s.keyExchangeGroup()));
        return out;
    }
}
