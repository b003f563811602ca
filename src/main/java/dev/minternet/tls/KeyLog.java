package dev.minternet.tls;

import java.util.HexFormat;

/**
 * Receives a connection's TLS 1.3 secrets as they are derived, for an SSLKEYLOGFILE-style key log
 * that Wireshark and tshark read to decrypt a capture (NSS key log format: {@code LABEL
 * client_random secret}, hex). Labels, RFC 8446 section 7.1: {@code CLIENT_HANDSHAKE_TRAFFIC_SECRET},
 * {@code SERVER_HANDSHAKE_TRAFFIC_SECRET}, {@code CLIENT_TRAFFIC_SECRET_0},
 * {@code SERVER_TRAFFIC_SECRET_0}, {@code EXPORTER_SECRET}.
 *
 * <p>Set on a context ({@code TlsClientContext.Builder.keyLog}); every connection of the context
 * reports through it, on the simulation thread.
 */
@FunctionalInterface
public interface KeyLog {
    /** One secret of the connection whose ClientHello carried {@code clientRandom}. */
    void secret(String label, byte[] clientRandom, byte[] secret);

    /** The key log line for one secret, as NSS, OpenSSL and curl write it (without the newline). */
    static String line(String label, byte[] clientRandom, byte[] secret) {
        HexFormat hex = HexFormat.of();
        return label + " " + hex.formatHex(clientRandom) + " " + hex.formatHex(secret);
    }

    /**
     * The key log label of an RFC 8446 HKDF-Expand-Label label, or null for secrets that are not
     * logged (keys, IVs, finished keys, "derived").
     */
    static String labelOf(String hkdfLabel) {
        return switch (hkdfLabel) {
            case "c hs traffic" -> "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
            case "s hs traffic" -> "SERVER_HANDSHAKE_TRAFFIC_SECRET";
            case "c ap traffic" -> "CLIENT_TRAFFIC_SECRET_0";
            case "s ap traffic" -> "SERVER_TRAFFIC_SECRET_0";
            case "exp master" -> "EXPORTER_SECRET";
            case "c e traffic" -> "CLIENT_EARLY_TRAFFIC_SECRET";
            default -> null;
        };
    }
}
