package dev.minternet.tls;

import java.util.List;

/**
 * Per-connection client choices, as curl's command line makes them.
 *
 * @param insecure skip certificate and host name verification (curl -k); the result is still
 *                 computed and reported in {@link TlsSessionInfo#verification()}
 * @param alpn     protocols to offer, in preference order; null means the context's default
 *                 (curl --http1.1 offers only "http/1.1")
 */
public record ConnectOptions(boolean insecure, List<String> alpn) {
    public static final ConnectOptions DEFAULT = new ConnectOptions(false, null);

    public ConnectOptions {
        alpn = alpn == null ? null : List.copyOf(alpn);
    }

    public ConnectOptions withInsecure(boolean k) {
        return new ConnectOptions(k, alpn);
    }

    public ConnectOptions withAlpn(String... protocols) {
        return new ConnectOptions(insecure, List.of(protocols));
    }
}
