package dev.minternet.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * The key type a world's certificate authorities and leaves use. Ed25519 (the default) keeps
 * certificates small; ECDSA P-256 is what browsers accept (Chromium and Firefox do not take
 * Ed25519 certificates), so live mode mints it for real clients. Both sign deterministically
 * (Ed25519 by RFC 8032, ECDSA with RFC 6979 nonces), so a world's certificates and handshakes
 * stay a pure function of its seed (docs/design.md decision 6).
 */
public enum KeyAlgorithm {
    ED25519("ed25519"),
    ECDSA_P256("ecdsa-p256");

    private final String label;

    KeyAlgorithm(String label) {
        this.label = label;
    }

    /** The name users write: {@code ed25519}, {@code ecdsa-p256}. */
    public String label() {
        return label;
    }

    /** The algorithm named {@code s} as users write it, or null. */
    public static KeyAlgorithm named(String s) {
        for (KeyAlgorithm a : values()) {
            if (a.label.equals(s)) {
                return a;
            }
        }
        return null;
    }

    /** The names, for error messages and help. */
    public static List<String> labels() {
        List<String> out = new ArrayList<>();
        for (KeyAlgorithm a : values()) {
            out.add(a.label);
        }
        return out;
    }
}
