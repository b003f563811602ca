package dev.minternet.tls;

import java.util.Objects;

/**
 * Why a TLS connection failed, in the words and exit codes curl uses (curl's
 * {@code CURLE_PEER_FAILED_VERIFICATION} = 60 for certificate problems, {@code
 * CURLE_SSL_CONNECT_ERROR} = 35 for the rest of the handshake). OpenSSL's verify messages are
 * kept verbatim: they are what users search for.
 *
 * @param reason what went wrong
 * @param detail the offending name, alert, or the JDK's message, for logs (may be empty)
 */
public record TlsFailure(Reason reason, String detail) {
    public TlsFailure {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    /** The failure classes a narrator and curl distinguish. */
    public enum Reason {
        /** No trusted root issued the chain (OpenSSL X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY). */
        UNTRUSTED(60, "SSL certificate problem: unable to get local issuer certificate"),
        /** The chain ends in a root the client does not trust (X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN). */
        SELF_SIGNED_IN_CHAIN(60, "SSL certificate problem: self-signed certificate in certificate chain"),
        /** A certificate's notAfter is before the (simulated) date (X509_V_ERR_CERT_HAS_EXPIRED). */
        EXPIRED(60, "SSL certificate problem: certificate has expired"),
        /** A certificate's notBefore is after the (simulated) date (X509_V_ERR_CERT_NOT_YET_VALID). */
        NOT_YET_VALID(60, "SSL certificate problem: certificate is not yet valid"),
        /** The leaf is not for TLS servers (X509_V_ERR_INVALID_PURPOSE). */
        UNSUPPORTED_PURPOSE(60, "SSL certificate problem: unsupported certificate purpose"),
        /** Some other path validation failure (bad signature, not a CA, path too long). */
        INVALID_CERTIFICATE(60, "SSL certificate problem: certificate verify failed"),
        /** The chain is fine but names another host (curl's own check, after OpenSSL's). */
        WRONG_NAME(60, "SSL: no alternative certificate subject name matches target host name"),
        /** The peer aborted the handshake with a fatal alert. */
        PEER_ALERT(35, "TLS connect error: the peer sent a fatal alert"),
        /** The local engine aborted the handshake (no common version, cipher or ALPN protocol, bad record). */
        HANDSHAKE(35, "TLS connect error");

        private final int curlExitCode;
        private final String message;

        Reason(int curlExitCode, String message) {
            this.curlExitCode = curlExitCode;
            this.message = message;
        }

        public int curlExitCode() {
            return curlExitCode;
        }
    }

    /** curl's exit code for this failure: 60 (peer verification) or 35 (TLS connect error). */
    public int curlExitCode() {
        return reason.curlExitCode;
    }

    /**
     * The line curl prints after {@code curl: (NN) }, e.g. "SSL certificate problem: certificate
     * has expired" or "SSL: no alternative certificate subject name matches target host name
     * 'www.example.com'".
     */
    public String curlMessage() {
        return switch (reason) {
            case WRONG_NAME -> reason.message + " '" + detail + "'";
            case PEER_ALERT, HANDSHAKE -> detail.isEmpty() ? reason.message : reason.message + ": " + detail;
            default -> reason.message;
        };
    }

    /**
     * The net error Chromium reports for this failure (its interstitial's code, the HAR's
     * {@code _error}): a certificate for another name (or without an iPAddress entry for an IP
     * literal) is {@code NET::ERR_CERT_COMMON_NAME_INVALID}.
     */
    public String chromiumError() {
        return switch (reason) {
            case UNTRUSTED, SELF_SIGNED_IN_CHAIN -> "NET::ERR_CERT_AUTHORITY_INVALID";
            case EXPIRED, NOT_YET_VALID -> "NET::ERR_CERT_DATE_INVALID";
            case WRONG_NAME -> "NET::ERR_CERT_COMMON_NAME_INVALID";
            case UNSUPPORTED_PURPOSE, INVALID_CERTIFICATE -> "NET::ERR_CERT_INVALID";
            case PEER_ALERT, HANDSHAKE -> "ERR_SSL_PROTOCOL_ERROR";
        };
    }

    /** Whether the certificate check failed (curl exit 60), as opposed to the handshake itself. */
    public boolean isVerificationFailure() {
        return reason.curlExitCode == 60;
    }

    @Override
    public String toString() {
        return reason + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
