package dev.minternet.http;

/**
 * The HTTP version a connection speaks. Over TLS, ALPN picks it (RFC 7301 identifiers); in
 * cleartext the server recognises the HTTP/2 connection preface (prior knowledge, RFC 9113
 * section 3.3).
 */
public enum HttpProtocol {
    HTTP_1_1("http/1.1", "HTTP/1.1"),
    H2("h2", "HTTP/2");

    private final String alpnId;
    private final String display;

    HttpProtocol(String alpnId, String display) {
        this.alpnId = alpnId;
        this.display = display;
    }

    /** The ALPN protocol identifier ("h2", "http/1.1"). */
    public String alpnId() {
        return alpnId;
    }

    /** How curl names the version on a status line ("HTTP/1.1", "HTTP/2"). */
    public String display() {
        return display;
    }

    /** The protocol for an ALPN result; no ALPN (null or empty) means HTTP/1.1. */
    public static HttpProtocol fromAlpn(String id) {
        if (id == null || id.isEmpty() || id.equals("http/1.1")) {
            return HTTP_1_1;
        }
        if (id.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("unknown ALPN protocol: " + id);
    }
}
