package dev.minternet.tls;

import java.util.List;

/**
 * Per-connection client choices, as curl's and openssl's command lines make them.
 *
 * @param insecure  skip certificate and host name verification (curl -k); the result is still
 *                  computed and reported in {@link TlsSessionInfo#verification()}
 * @param alpn      protocols to offer, in preference order; null means the context's default
 *                  (curl --http1.1 offers only "http/1.1")
 * @param protocols the versions to offer ("TLSv1.3", "TLSv1.2"); null means the context's
 *                  (openssl s_client -tls1_2 offers only "TLSv1.2")
 * @param profile   the ClientHello to send; null means the context's (curl's)
 */
public record ConnectOptions(boolean insecure, List<String> alpn, List<String> protocols, ClientHelloProfile profile) {
    public static final ConnectOptions DEFAULT = new ConnectOptions(false, null);

    public ConnectOptions {
        alpn = alpn == null ? null : List.copyOf(alpn);
        protocols = protocols == null ? null : List.copyOf(protocols);
    }

    public ConnectOptions(boolean insecure, List<String> alpn) {
        this(insecure, alpn, null, null);
    }

    public ConnectOptions withInsecure(boolean k) {
        return new ConnectOptions(k, alpn, protocols, profile);
    }

    public ConnectOptions withAlpn(String... names) {
        return new ConnectOptions(insecure, List.of(names), protocols, profile);
    }

    /** Offers only these versions ("TLSv1.2"), the ClientHello cut down as OpenSSL does ({@link ClientHelloProfile#forVersions}). */
    public ConnectOptions withProtocols(String... versions) {
        return new ConnectOptions(insecure, alpn, List.of(versions), profile);
    }

    public ConnectOptions withProfile(ClientHelloProfile p) {
        return new ConnectOptions(insecure, alpn, protocols, p);
    }
}
