package dev.minternet.services.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void strings_in_bodies_are_also_javascript_literals_with_the_two_letter_escapes() {
        String json = new Json().beginObject().name("n\u2028").string("a\b\f\u2029\u0001\"\\\n").endObject().toString();
        assertThat(json).isEqualTo("{\"n\\u2028\":\"a\\b\\f\\u2029\\u0001\\\"\\\\\\n\"}");
    }
}
