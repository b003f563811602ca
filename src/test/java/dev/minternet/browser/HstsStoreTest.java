package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

/** The browser's HSTS hosts: max-age, includeSubDomains, forgetting, and no policy for addresses. */
class HstsStoreTest {
    @Test
    void a_host_is_https_only_for_its_max_age_and_its_subdomains_only_when_included() {
        HstsStore s = new HstsStore();
        assertThat(s.note("Example.COM", "max-age=60", 0, 1)).isNotNull();
        assertThat(s.find("example.com", 59 * Durations.S)).isNotNull();
        assertThat(s.find("example.com", 60 * Durations.S)).as("expired").isNull();
        assertThat(s.find("www.example.com", Durations.S)).as("no includeSubDomains").isNull();
        s.note("example.com", "max-age=60; includeSubDomains", 0, 1);
        assertThat(s.find("a.b.example.com", Durations.S).host()).isEqualTo("example.com");
        assertThat(s.find("badexample.com", Durations.S)).isNull();
    }

    @Test
    void max_age_zero_forgets_and_addresses_and_invalid_fields_are_ignored() {
        HstsStore s = new HstsStore();
        s.note("example.com", "max-age=60", 0, 1);
        assertThat(s.note("example.com", "max-age=0", Durations.S, 2).expiresNs()).isEqualTo(Durations.S);
        assertThat(s.find("example.com", 2 * Durations.S)).isNull();
        assertThat(s.note("203.0.113.7", "max-age=60", 0, 1)).isNull();
        assertThat(s.note("[2001:db8::1]", "max-age=60", 0, 1)).isNull();
        assertThat(s.note("example.com", "includeSubDomains", 0, 1)).isNull();
        assertThat(s.note("example.com", null, 0, 1)).isNull();
        assertThat(s.find("203.0.113.7", 0)).isNull();
    }
}
