package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name check before a connection is shared with another host (RFC 6125 section 6.4). */
class CoalescingTest {
    @Test
    void a_name_matches_itself_and_a_wildcard_stands_for_exactly_one_leftmost_label() {
        assertThat(Coalescing.matches("example.com", "example.com")).isTrue();
        assertThat(Coalescing.matches("www.example.com", "example.com")).isFalse();
        assertThat(Coalescing.matches("*.example.com", "static.example.com")).isTrue();
        assertThat(Coalescing.matches("*.example.com", "example.com")).isFalse();
        assertThat(Coalescing.matches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(Coalescing.matches("*.example.com", ".example.com")).isFalse();
    }
}
