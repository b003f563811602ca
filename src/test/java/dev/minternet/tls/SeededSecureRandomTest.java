package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeededSecureRandomTest {
    static byte[] draw(SeededSecureRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void the_stream_is_a_function_of_seed_and_name_whatever_the_read_sizes() {
        SeededSecureRandom a = SeededSecureRandom.of(1, "tls/client/laptop");
        SeededSecureRandom b = SeededSecureRandom.of(1, "tls/client/laptop");
        byte[] whole = draw(a, 100);
        byte[] parts = new byte[100];
        System.arraycopy(draw(b, 7), 0, parts, 0, 7);
        System.arraycopy(draw(b, 93), 0, parts, 7, 93);
        assertThat(parts).isEqualTo(whole);
    }

    @Test
    void other_seeds_and_names_give_other_streams() {
        byte[] x = draw(SeededSecureRandom.of(1, "tls/client/laptop"), 32);
        assertThat(draw(SeededSecureRandom.of(2, "tls/client/laptop"), 32)).isNotEqualTo(x);
        assertThat(draw(SeededSecureRandom.of(1, "tls/client/phone"), 32)).isNotEqualTo(x);
    }

    @Test
    void set_seed_is_ignored() {
        SeededSecureRandom a = SeededSecureRandom.of(1, "n");
        a.setSeed(new byte[] {1, 2, 3});
        a.setSeed(99L);
        assertThat(draw(a, 16)).isEqualTo(draw(SeededSecureRandom.of(1, "n"), 16));
    }
}
