package dev.minternet.tls;

import java.security.cert.CertificateException;

/**
 * Thrown by our trust manager into the SSLEngine when a peer's chain fails verification; the
 * wrapper finds it in the cause chain of the engine's SSLHandshakeException and reports its
 * {@link TlsFailure}. Its cause, when PKIX produced one, lets the JDK pick the matching alert
 * (e.g. certificate_expired).
 */
final class TlsVerificationException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final transient TlsFailure failure;

    TlsVerificationException(TlsFailure failure, Throwable cause) {
        super(failure.curlMessage(), cause);
        this.failure = failure;
    }

    public TlsFailure failure() {
        return failure;
    }
}
