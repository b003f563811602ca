package dev.minternet.tls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a leaf (end-entity) certificate should say: its subject common name, its subjectAltName
 * entries (RFC 5280 section 4.2.1.6; hosts are matched against these, RFC 6125) and its validity
 * period in simulated dates. {@code keyName} names the Ed25519 key: two leaves with the same key
 * name share a key, as a renewed certificate often does.
 */
record LeafSpec(String commonName, List<String> dnsNames, List<String> ipAddresses,
                       Instant notBefore, Instant notAfter, String keyName) {
    public LeafSpec {
        Objects.requireNonNull(commonName, "commonName");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(keyName, "keyName");
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a leaf needs at least one DNS name or IP address");
        }
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    /**
     * A leaf for {@code names} (DNS names or IPv4/IPv6 literals, the first is the common name),
     * valid from {@code notBefore} to {@code notAfter}.
     */
    public static LeafSpec of(Instant notBefore, Instant notAfter, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a leaf needs at least one name");
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String n : names) {
            if (HostnameMatcher.isIpLiteral(n)) {
                ips.add(n);
            } else {
                dns.add(n);
            }
        }
        return new LeafSpec(names[0], dns, ips, notBefore, notAfter, names[0]);
    }

    /** The same leaf with another validity period (an expired or not-yet-valid twin). */
    public LeafSpec validity(Instant from, Instant to) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, from, to, keyName);
    }

    /** The same leaf with another key name. */
    public LeafSpec withKeyName(String name) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, notBefore, notAfter, name);
    }
}
