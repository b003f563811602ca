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

/** What {@code curl -v} prints of a TLS 1.3 handshake. */
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
        data.mark(false, 5);
        term.println("* TLSv1.3 (OUT), TLS handshake, Client hello (1):");
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
        term.println("* SSL connection using " + s.protocol() + " / " + s.cipherSuite() + " / "
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
