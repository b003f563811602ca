package dev.minternet.wire;

import static dev.minternet.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Internet checksum against the worked examples of RFC 1071 and RFC 1624. */
class ChecksumTest {

    /** RFC 1071 section 3, "Numerical Examples": the bytes 00 01 f2 03 f4 f5 f6 f7. */
    private static final byte[] RFC1071_EXAMPLE = hex("00 01 f2 03 f4 f5 f6 f7");

    @Test
    void test_rfc1071_section3_example_sum() {
        // 0001 + f203 + f4f5 + f6f7 = 2ddf0 (the "Sum1" row, carries not yet folded); the running
        // sum may come back partly folded, so it is compared modulo 0xffff (one's complement)
        assertThat(Checksum.sum(RFC1071_EXAMPLE, 0, 8, 0) % 0xffff).isEqualTo(0x2ddf0L % 0xffff);
        // folding the carry 2 back in gives the RFC's "Sum2" ddf2; the checksum is its complement
        assertThat(Checksum.finish(0x2ddf0L)).isEqualTo(~0xddf2 & 0xffff).isEqualTo(0x220d);
        assertThat(Checksum.compute(RFC1071_EXAMPLE, 0, 8)).isEqualTo(0x220d);
    }

    @Test
    void test_rfc1071_section3_example_byte_order_independence() {
        // Same example summed with bytes swapped (RFC 1071 2(B)): the folded sum is f2dd, i.e.
        // ddf2 swapped, so the checksum is the byte-swap of the normal-order one.
        byte[] swapped = hex("01 00 03 f2 f5 f4 f7 f6");
        assertThat(Checksum.sum(swapped, 0, 8, 0) % 0xffff).isEqualTo(0x1f2dcL % 0xffff);
        assertThat(Checksum.compute(swapped, 0, 8)).isEqualTo(~0xf2dd & 0xffff).isEqualTo(Integer.reverseBytes(0x220d) >>> 16);
    }

    @Test
    void test_checksum_of_data_including_its_checksum_is_zero() {
        // RFC 1071 section 1 (3): the receiver sums everything, checksum included, and gets all ones.
        byte[] b = hex("00 01 f2 03 f4 f5 f6 f7 22 0d");
        assertThat(Checksum.compute(b, 0, b.length)).isZero();
    }

    @Test
    void test_checksum_odd_length_pads_with_zero_byte() {
        // RFC 1071 4.1: a final odd byte is summed as the high byte of a word whose low byte is 0.
        byte[] b = hex("12 34 56");
        assertThat(Checksum.sum(b, 0, 3, 0)).isEqualTo(0x1234L + 0x5600L);
        assertThat(Checksum.compute(b, 0, 3)).isEqualTo(Checksum.compute(hex("12 34 56 00"), 0, 4));
    }

    @Test
    void test_checksum_range_offset_and_running_sum() {
        byte[] b = hex("ff ff 00 01 f2 03 f4 f5 f6 f7 ff");
        assertThat(Checksum.compute(b, 2, 8)).isEqualTo(0x220d);
        long first = Checksum.sum(b, 2, 4, 0);
        assertThat(Checksum.finish(Checksum.sum(b, 6, 4, first))).isEqualTo(0x220d);
        assertThat(Checksum.compute(b, 0, 0)).isEqualTo(0xffff);
    }

    @Test
    void test_checksum_large_buffer_does_not_overflow() {
        // 64 KiB of 0xff: 32768 words of ffff; the one's complement sum stays ffff, checksum 0.
        byte[] b = new byte[65536];
        Arrays.fill(b, (byte) 0xff);
        assertThat(Checksum.compute(b, 0, b.length)).isZero();
    }

    @Test
    void test_pseudo_header_sum() {
        // 10.0.0.1 -> 10.0.0.2, UDP, length 13: 0a00 + 0001 + 0a00 + 0002 + 0011 + 000d = 1421
        assertThat(Checksum.pseudoHeader(0x0a000001, 0x0a000002, 17, 13)).isEqualTo(0x1421L);
        // high addresses must not sign-extend
        assertThat(Checksum.pseudoHeader(0xffffffff, 0xc0a80001, 6, 0)).isEqualTo(0xffffL * 2 + 0xc0a8 + 0x0001 + 6);
    }

    @Test
    void test_rfc1624_section4_example() {
        // RFC 1624 section 4: other header words sum to CD7A, a field changes from 5555 to 3285.
        // HC = ~(CD7A + 5555) = DD2F; eqn. 3 gives ~(~DD2F + ~5555 + 3285) = ~FFFF = 0000,
        // where the older eqn. 2 of RFC 1141 wrongly gives FFFF.
        assertThat(Checksum.update(0xdd2f, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Test
    void test_rfc1624_update_matches_recompute_for_random_words() {
        SplittableRandom rnd = new SplittableRandom(1624);
        byte[] b = new byte[20];
        for (int n = 0; n < 100_000; n++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            b[0] |= 0x01; // never an all-zero buffer, whose checksum is the one ambiguous case
            BigEndian.put16(b, 10, 0);
            BigEndian.put16(b, 10, Checksum.compute(b, 0, 20));
            int word = 2 * rnd.nextInt(10);
            if (word == 10) {
                continue; // the checksum field itself
            }
            int oldWord = BigEndian.u16(b, word);
            int newWord = n % 8 == 0 ? (n % 16 == 0 ? 0 : 0xffff) : rnd.nextInt(0x10000);
            BigEndian.put16(b, word, newWord);
            int incremental = Checksum.update(BigEndian.u16(b, 10), oldWord, newWord);
            BigEndian.put16(b, 10, 0);
            int full = Checksum.compute(b, 0, 20);
            assertThat(incremental).as("case %d, word %d: %04x -> %04x", n, word, oldWord, newWord).isEqualTo(full);
        }
    }
}
