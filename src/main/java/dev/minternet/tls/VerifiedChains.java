package dev.minternet.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chains verified against one trust store, so that the thousandth connection to the same
 * server (from the same client or from a crowd of clients that trust the same roots) does not
 * repeat the same signature checks: {@link ChainVerifier}'s answer is a pure function of the
 * chain, the trust store (each store has its own cache), the host name and the date, and a
 * successful verification stays successful at any date inside every certificate's validity. A hit
 * is therefore exactly what verifying again would return; a date outside the window, another
 * host or a failed chain verifies in full. Bounded (least recently used out). Clients on several
 * threads share it (a partitioned run): the map is locked, the verification is not (two threads
 * missing at once both verify, to the same answer).
 */
final class VerifiedChains {
    private static final int CAPACITY = 64;

    private record Key(List<X509Certificate> presented, String host) {
    }

    /** A verified path and the dates at which every certificate on it is valid. */
    private record Verified(List<X509Certificate> path, Instant from, Instant to) {
    }

    /** The store these chains were verified against. */
    private final TrustStore trust;

    VerifiedChains(TrustStore trust) {
        this.trust = trust;
    }

    private final Map<Key, Verified> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Verified> e) {
            return size() > CAPACITY;
        }
    };

    /** {@link ChainVerifier#verify}, remembering successes. */
    List<X509Certificate> verify(List<X509Certificate> presented, Instant at, String host)
            throws TlsVerificationException {
        Key key = new Key(List.copyOf(presented), host);
        Verified v;
        synchronized (cache) {
            v = cache.get(key);
        }
        if (v != null && !at.isBefore(v.from()) && !at.isAfter(v.to())) {
            return v.path();
        }
        List<X509Certificate> path = ChainVerifier.verify(presented, trust, at, host);
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        for (X509Certificate c : path) {
            Instant nb = c.getNotBefore().toInstant();
            Instant na = c.getNotAfter().toInstant();
            from = nb.isAfter(from) ? nb : from;
            to = na.isBefore(to) ? na : to;
        }
        synchronized (cache) {
            cache.put(key, new Verified(List.copyOf(path), from, to));
        }
        return path;
    }
}
