package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {
    @Test
    void wildcards_cover_exactly_one_left_most_label() {
        assertThat(HostnameMatcher.dnsMatches("*.example.com", "www.example.com")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("*.example.com", "WWW.Example.COM.")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("*.example.com", "example.com")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("*.com", "example.com")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("example.com", "example.com")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("www.example.com", "example.com")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("*.example.com", ".example.com")).isFalse();
    }

    @Test
    void ip_literals_match_ip_sans_only() {
        WorldPki pki = new WorldPki(1, Instant.parse("2026-01-01T00:00:00Z"));
        TlsIdentity id = pki.leaf("www.example.com", "192.0.2.7", "2001:db8::7");
        assertThat(HostnameMatcher.matches(id.leaf(), "192.0.2.7")).isTrue();
        assertThat(HostnameMatcher.matches(id.leaf(), "192.0.2.8")).isFalse();
        assertThat(HostnameMatcher.matches(id.leaf(), "2001:db8:0::7")).isTrue();
        assertThat(HostnameMatcher.matches(id.leaf(), "[2001:db8::7]")).isTrue();
        assertThat(HostnameMatcher.matches(id.leaf(), "www.example.com")).isTrue();
        assertThat(HostnameMatcher.isIpLiteral("256.1.1.1")).isFalse();
        assertThat(HostnameMatcher.isIpLiteral("example.com")).isFalse();
        assertThat(HostnameMatcher.isIpLiteral("cafe:443")).isFalse(); // never handed to a resolver
        assertThat(HostnameMatcher.isIpLiteral("::1")).isTrue();
    }
}
