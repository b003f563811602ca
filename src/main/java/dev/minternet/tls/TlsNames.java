package dev.minternet.tls;

/**
 * IANA and JSSE names for what a handshake negotiated, as curl and the JDK print them
 * ("TLSv1.3", "TLS_AES_256_GCM_SHA384").
 */
final class TlsNames {
    private TlsNames() {
    }

    static String version(int v) {
        return switch (v) {
            case 0x0304 -> "TLSv1.3";
            case 0x0303 -> "TLSv1.2";
            case 0x0302 -> "TLSv1.1";
            case 0x0301 -> "TLSv1";
            default -> String.format("0x%04x", v);
        };
    }

    /** Accepts "TLSv1.3" style names (the builders' {@code protocols}) and returns the wire version. */
    static int versionCode(String name) {
        return switch (name) {
            case "TLSv1.3" -> 0x0304;
            case "TLSv1.2" -> 0x0303;
            case "TLSv1.1" -> 0x0302;
            case "TLSv1" -> 0x0301;
            default -> throw new IllegalArgumentException("unknown TLS version " + name);
        };
    }

    /** RFC 8446 appendix B.4 and the TLS 1.2 suites a server of this world could pick. */
    static String cipherSuite(int suite) {
        return switch (suite) {
            case 0x1301 -> "TLS_AES_128_GCM_SHA256";
            case 0x1302 -> "TLS_AES_256_GCM_SHA384";
            case 0x1303 -> "TLS_CHACHA20_POLY1305_SHA256";
            case 0xc02b -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case 0xc02c -> "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
            case 0xcca9 -> "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            case 0xc02f -> "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
            case 0xc030 -> "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
            case 0xcca8 -> "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
            default -> String.format("0x%04x", suite);
        };
    }
}
