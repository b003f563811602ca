package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Strict-Transport-Security as RFC 6797 section 6.1 reads it. */
class HstsTest {
    @Test
    void max_age_is_required_and_include_subdomains_is_optional() {
        assertThat(Hsts.parse("max-age=31536000")).isEqualTo(new Hsts.Policy(31536000, false));
        assertThat(Hsts.parse("max-age=31536000; includeSubDomains")).isEqualTo(new Hsts.Policy(31536000, true));
        // names are case-insensitive, values may be quoted, unknown directives (preload) are ignored, blanks around ';'
        assertThat(Hsts.parse(" INCLUDESUBDOMAINS ;Max-Age=\"600\"; preload")).isEqualTo(new Hsts.Policy(600, true));
        assertThat(Hsts.parse("max-age=0")).isEqualTo(new Hsts.Policy(0, false));
    }

    @Test
    void an_invalid_field_is_ignored_whole() {
        assertThat(Hsts.parse(null)).isNull();
        assertThat(Hsts.parse("includeSubDomains")).as("no max-age").isNull();
        assertThat(Hsts.parse("max-age=-1")).isNull();
        assertThat(Hsts.parse("max-age=1y")).isNull();
        assertThat(Hsts.parse("max-age")).isNull();
        assertThat(Hsts.parse("max-age=1; max-age=2")).as("a directive twice").isNull();
        assertThat(Hsts.parse("max-age=1; includeSubDomains=yes")).as("a valueless directive with a value").isNull();
    }
}
