package dev.minternet.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a TLS server presents: its certificate chain (leaf first, then intermediates, without the
 * root, as real servers send it) and the leaf's private key.
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {
    public TlsIdentity {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /** The end-entity certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }
}
