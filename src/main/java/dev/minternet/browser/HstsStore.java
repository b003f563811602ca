package dev.minternet.browser;

import dev.minternet.http.Hsts;
import dev.minternet.sim.Durations;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The browser's HSTS hosts (RFC 6797 section 8.1): what a Strict-Transport-Security field received
 * over HTTPS from a host named by a domain (not an IP literal) asked, kept for its max-age
 * (max-age=0 forgets the host), and looked up before a plain-HTTP navigation: the host itself, or a
 * superdomain whose policy includes subdomains (section 8.2). Chromium's preload list is not
 * modelled: only what the simulated sites sent is known.
 */
final class HstsStore {
    /** A known HSTS host: until when, whether it covers subdomains, and the field and visit that set it. */
    record Entry(String host, long expiresNs, boolean includeSubDomains, String field, long visit) {
    }

    private final Map<String, Entry> hosts = new HashMap<>();

    /**
     * Notes {@code field} received from {@code host} at {@code nowNs} during {@code visit}; returns the
     * entry stored, null when the field is absent or invalid, or when the host is an address.
     */
    Entry note(String host, String field, long nowNs, long visit) {
        Hsts.Policy p = Hsts.parse(field);
        if (p == null || Urls.literal(host) != null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (p.maxAgeSeconds() == 0) {
            hosts.remove(h);
            return new Entry(h, nowNs, p.includeSubDomains(), field, visit);
        }
        long ns = p.maxAgeSeconds() > Long.MAX_VALUE / Durations.S - nowNs ? Long.MAX_VALUE : nowNs + p.maxAgeSeconds() * Durations.S;
        Entry e = new Entry(h, ns, p.includeSubDomains(), field, visit);
        hosts.put(h, e);
        return e;
    }

    /** The entry that makes {@code host} HTTPS-only at {@code nowNs}, or null. */
    Entry find(String host, long nowNs) {
        if (Urls.literal(host) != null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String d = h; ; ) {
            Entry e = hosts.get(d);
            if (e != null && e.expiresNs() > nowNs && (d.equals(h) || e.includeSubDomains())) {
                return e;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return null;
            }
            d = d.substring(dot + 1);
        }
    }
}
