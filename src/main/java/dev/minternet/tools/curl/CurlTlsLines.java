package dev.minternet.tools.curl;

import dev.minternet.tls.CertificateInfo;
import dev.minternet.tls.TlsSessionInfo;
import dev.minternet.tools.CertText;
import dev.minternet.tools.Terminal;
import dev.minternet.transport.tcp.TcpConnection;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What {@code curl -v} prints of a TLS handshake: OpenSSL's message callback as curl's
 * ossl_trace prints it, for TLS 1.3 and, when {@code --tls-max 1.2} (or a server) makes it so,
 * TLS 1.2 (RFC 5246 7.3's full handshake, as the real curl 7.88.1 printed it against
 * {@code openssl s_server}: src/test/resources/reference/curl-7.88.1/tls12max12.txt).
 */
final class CurlTlsLines {
    private static final DateTimeFormatter CERT_DATE =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Marks {@code n} bytes of data passed out ({@code in} false) or in, as the meter's trace does. */
    interface Data {
        void mark(boolean in, long n);
    }

    private CurlTlsLines() {
    }

    /**
     * The TLS handshake's lines of {@code curl -v} (OpenSSL 3's info callback as curl 8.5 prints
     * it): each message, the cipher, ALPN, the server's certificate and its verification; with the
     * progress meter on, {@code data} marks the bytes of each record.
     */
    static void print(Terminal term, CurlArgs a, TcpConnection tcp, TlsSessionInfo s, String host, Data data) {
        if (!a.verbose()) {
            return;
        }
        long acked = tcp == null ? 0 : tcp.bytesAcked();
        long flight = tcp == null ? 0 : tcp.bytesDelivered();
        if (s.protocol().equals("TLSv1.2")) {
            print12(term, a, s, acked, data);
            summary(term, s, host);
            return;
        }
        data.mark(false, 5);
        term.println("* " + helloVersion(a) + " (OUT), TLS handshake, Client hello (1):");
        data.mark(false, HandshakeSizes.clientHello(acked));
        if (!a.insecure()) {
            // the system store of a Debian or Ubuntu curl, loaded once the hello is out
            term.println("*  CAfile: /etc/ssl/certs/ca-certificates.crt");
            term.println("*  CApath: /etc/ssl/certs");
        }
        // the server's flight, then the client's (with the compatibility-mode CCS the JDK sends, RFC 8446 D.4)
        data.mark(true, 5);
        term.println("* TLSv1.3 (IN), TLS handshake, Server hello (2):");
        data.mark(true, HandshakeSizes.serverHello(s));
        term.println("* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):");
        data.mark(true, HandshakeSizes.encryptedExtensions(flight, s));
        if (s.certificateRequested()) {
            term.println("* TLSv1.3 (IN), TLS handshake, Request CERT (13):");
        }
        if (!s.peerCertificates().isEmpty()) {
            term.println("* TLSv1.3 (IN), TLS handshake, Certificate (11):");
            data.mark(true, HandshakeSizes.certificate(s));
            term.println("* TLSv1.3 (IN), TLS handshake, CERT verify (15):");
            data.mark(true, HandshakeSizes.certificateVerify(s));
        }
        term.println("* TLSv1.3 (IN), TLS handshake, Finished (20):");
        data.mark(true, HandshakeSizes.finished(s));
        term.println("* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):");
        data.mark(false, 1);
        if (s.certificateRequested()) {
            // curl without --cert answers with an empty Certificate (and no CertificateVerify)
            term.println("* TLSv1.3 (OUT), TLS handshake, Certificate (11):");
            data.mark(false, HandshakeSizes.certificate(s.localCertificates()));
        }
        term.println("* TLSv1.3 (OUT), TLS handshake, Finished (20):");
        data.mark(false, HandshakeSizes.finished(s));
        summary(term, s, host);
    }

    /**
     * The lines curl prints between TCP's connect and its ClientHello, in lib/vtls/openssl.c's
     * order (the versions are set before ALPN, the cipher lists after), and the failure that
     * stops it there (null when the handshake goes on).
     */
    static CurlArgs.CurlException setupLines(Terminal term, CurlArgs a, String alpnLine) {
        CurlTlsOptions t = a.x().tls();
        CurlArgs.CurlException e = t.setupError();
        if (e != null && e.exitCode() == 35) {
            verbose(term, a, "* " + e.getMessage());
            return e;
        }
        verbose(term, a, alpnLine);
        if (e != null && e.getMessage().startsWith("failed setting cipher list")) {
            verbose(term, a, "* " + e.getMessage());
            return e;
        }
        if (t.ciphers() != null) {
            verbose(term, a, "* Cipher selection: " + t.ciphers());
        }
        if (e != null) {
            verbose(term, a, "* " + e.getMessage());
            return e;
        }
        if (t.tls13Ciphers() != null) {
            verbose(term, a, "* TLS 1.3 cipher selection: " + t.tls13Ciphers());
        }
        if (t.changesHello() && t.profile(dev.minternet.tls.ClientHelloProfile.CURL_OPENSSL3).cipherSuites().stream()
                .allMatch(c -> c == 0x00ff)) {
            // none of the suites works at the versions offered (--tls-max 1.0 with GCM suites):
            // OpenSSL sends an internal_error alert instead of a ClientHello (not modelled on the wire)
            String message = "OpenSSL/3.0.19: error:0A0000B5:SSL routines::no ciphers available";
            verbose(term, a, "* " + helloVersion(a) + " (OUT), TLS alert, internal error (592):");
            verbose(term, a, "* " + message);
            return new CurlArgs.CurlException(35, message);
        }
        return null;
    }

    private static void verbose(Terminal term, CurlArgs a, String line) {
        if (a.verbose()) {
            term.println(line);
        }
    }

    /** The version OpenSSL names the ClientHello with: the highest one offered. */
    static String helloVersion(CurlArgs a) {
        return switch (a.x().tls().maxVersion()) {
            case 0x0303 -> "TLSv1.2";
            case 0x0302 -> "TLSv1.1";
            case 0x0301 -> "TLSv1.0";
            default -> "TLSv1.3";
        };
    }

    /**
     * A TLS 1.2 full handshake with an ECDHE suite (RFC 5246 7.3, RFC 8422): ServerHello,
     * Certificate, ServerKeyExchange, ServerHelloDone ("Server finished" in OpenSSL's words),
     * the client's ClientKeyExchange, ChangeCipherSpec and Finished, then the server's Finished
     * (its ChangeCipherSpec is not printed: OpenSSL reports only the client's). curl offers no
     * session ticket, so no NewSessionTicket comes.
     */
    private static void print12(Terminal term, CurlArgs a, TlsSessionInfo s, long acked, Data data) {
        data.mark(false, 5);
        term.println("* TLSv1.2 (OUT), TLS handshake, Client hello (1):");
        data.mark(false, HandshakeSizes.clientHello(acked - HandshakeSizes.clientFinishedFlight12(s)));
        if (!a.insecure()) {
            term.println("*  CAfile: /etc/ssl/certs/ca-certificates.crt");
            term.println("*  CApath: /etc/ssl/certs");
        }
        data.mark(true, 5);
        term.println("* TLSv1.2 (IN), TLS handshake, Server hello (2):");
        data.mark(true, HandshakeSizes.serverHello12(s));
        term.println("* TLSv1.2 (IN), TLS handshake, Certificate (11):");
        data.mark(true, HandshakeSizes.certificate12(s.peerCertificates()));
        term.println("* TLSv1.2 (IN), TLS handshake, Server key exchange (12):");
        data.mark(true, HandshakeSizes.serverKeyExchange(s));
        if (s.certificateRequested()) {
            term.println("* TLSv1.2 (IN), TLS handshake, Request CERT (13):");
        }
        term.println("* TLSv1.2 (IN), TLS handshake, Server finished (14):");
        data.mark(true, 4);
        if (s.certificateRequested()) {
            term.println("* TLSv1.2 (OUT), TLS handshake, Certificate (11):");
            data.mark(false, HandshakeSizes.certificate12(s.localCertificates()));
        }
        term.println("* TLSv1.2 (OUT), TLS handshake, Client key exchange (16):");
        data.mark(false, 4 + 1 + HandshakeSizes.keyShareLength(s.keyExchangeGroup()));
        term.println("* TLSv1.2 (OUT), TLS change cipher, Change cipher spec (1):");
        data.mark(false, 1);
        term.println("* TLSv1.2 (OUT), TLS handshake, Finished (20):");
        data.mark(false, 16);
        term.println("* TLSv1.2 (IN), TLS handshake, Finished (20):");
        data.mark(true, 16);
    }

    /**
     * The lines and message of a handshake the server ended with an alert before its
     * ServerHello: no version in common (protocol_version, as nginx answers a TLS 1.1 client)
     * or no suite in common (handshake_failure). Null for other failures.
     */
    static String alertFailure(Terminal term, CurlArgs a, String alert) {
        String[] what = switch (alert) {
            case "protocol_version" -> new String[] {"protocol version (582)", "0A00042E", "tlsv1 alert protocol version"};
            case "handshake_failure" -> new String[] {"handshake failure (552)", "0A000410", "sslv3 alert handshake failure"};
            default -> null;
        };
        if (what == null) {
            return null;
        }
        String message = "OpenSSL/3.0.19: error:" + what[1] + ":SSL routines::" + what[2];
        if (a.verbose()) {
            term.println("* " + helloVersion(a) + " (OUT), TLS handshake, Client hello (1):");
            if (!a.insecure()) {
                term.println("*  CAfile: /etc/ssl/certs/ca-certificates.crt");
                term.println("*  CApath: /etc/ssl/certs");
            }
            term.println("* " + helloVersion(a) + " (IN), TLS alert, " + what[0] + ":");
            term.println("* " + message);
        }
        return message;
    }

    /** The negotiated suite's name as OpenSSL gives it (TLS 1.2's own names: ECDHE-ECDSA-AES256-GCM-SHA384). */
    static String suiteName(TlsSessionInfo s) {
        return switch (s.cipherSuite()) {
            case "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" -> "ECDHE-ECDSA-AES256-GCM-SHA384";
            case "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" -> "ECDHE-ECDSA-AES128-GCM-SHA256";
            case "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" -> "ECDHE-ECDSA-CHACHA20-POLY1305";
            case "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" -> "ECDHE-RSA-AES256-GCM-SHA384";
            case "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" -> "ECDHE-RSA-AES128-GCM-SHA256";
            case "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" -> "ECDHE-RSA-CHACHA20-POLY1305";
            default -> s.cipherSuite(); // TLS 1.3's names are the IANA ones
        };
    }

    /** "SSL connection using", ALPN's answer and the server's certificate. */
    private static void summary(Terminal term, TlsSessionInfo s, String host) {
        term.println("* SSL connection using " + s.protocol() + " / " + suiteName(s) + " / "
                + s.keyExchangeGroup().toUpperCase(Locale.ROOT) + " / "
                + (s.peerCertificates().isEmpty() ? "UNDEF" : CertText.signatureName(s.peerCertificates().get(0))));
        term.println(s.applicationProtocol().isEmpty() ? "* ALPN: server did not agree on a protocol. Uses default."
                : "* ALPN: server accepted " + s.applicationProtocol());
        if (!s.peerCertificates().isEmpty()) {
            X509Certificate leaf = s.peerCertificates().get(0);
            CertificateInfo c = s.peerChain().get(0);
            term.println("* Server certificate:");
            term.println("*  subject: " + CertText.curlName(leaf.getSubjectX500Principal()));
            term.println("*  start date: " + CERT_DATE.format(c.notBefore()));
            term.println("*  expire date: " + CERT_DATE.format(c.notAfter()));
            if (s.verification() == null) {
                term.println("*  subjectAltName: host \"" + host + "\" matched cert's \"" + matched(c, host) + "\"");
            }
            term.println("*  issuer: " + CertText.curlName(leaf.getIssuerX500Principal()));
            term.println(s.verification() == null ? "*  SSL certificate verify ok."
                    : "*  SSL certificate verify result: " + s.verification().curlMessage() + ", continuing anyway.");
            for (int i = 0; i < s.peerCertificates().size(); i++) {
                term.println(CertText.curlLevel(i, s.peerCertificates().get(i)));
            }
        }
    }

    static String matched(CertificateInfo c, String host) {
        for (String san : c.subjectAltNames()) {
            String n = san.startsWith("DNS:") ? san.substring(4) : san;
            if (n.equalsIgnoreCase(host) || (n.startsWith("*.") && host.endsWith(n.substring(1)))) {
                return n;
            }
        }
        return host;
    }
}
