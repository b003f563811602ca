package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Router-LSAs (RFC 2328 A.4.2) and Summary-LSAs (A.4.4): the layout, the Fletcher checksum and
 * which instance is more recent (13.1).
 */
class LsaTest {
    static final List<Lsa.Link> LINKS = List.of(new Lsa.Link(0x0aff0002, 0x0a000c01, Lsa.LINK_P2P, 10),
            new Lsa.Link(0x0a000c00, 0xffffff00, Lsa.LINK_STUB, 10));

    @Test
    void a_router_lsa_carries_its_links_and_a_checksum_that_validates_by_iso_8473() {
        Lsa l = Lsa.router(0x0aff0001, Lsa.INITIAL_SEQUENCE, 0, LINKS);
        assertThat(l.length()).isEqualTo(20 + 4 + 2 * 12);
        assertThat(l.links()).isEqualTo(LINKS);
        assertThat(l.options()).isEqualTo(Lsa.OPTION_E);
        assertThat(l.checksumOk()).isTrue();
        assertThat(PcapOspf.fletcherOk(l.bytes)).isTrue();
        assertThat(l.checksum()).isNotZero();
    }

    @Test
    void aging_does_not_touch_the_checksum_but_a_changed_byte_breaks_it() {
        Lsa l = Lsa.router(0x0aff0001, Lsa.INITIAL_SEQUENCE + 4, 0, LINKS);
        assertThat(l.withAge(1234).checksumOk()).isTrue();
        assertThat(l.withAge(1234).checksum()).isEqualTo(l.checksum());
        for (int i = 2; i < l.bytes.length; i++) {
            byte[] b = l.bytes.clone();
            b[i] ^= 0x10;
            assertThat(PcapOspf.fletcherOk(b)).as("byte " + i).isFalse();
        }
    }

    @Test
    void the_higher_sequence_number_is_newer_counting_from_0x80000001() {
        Lsa first = Lsa.router(1, Lsa.INITIAL_SEQUENCE, 0, LINKS);
        Lsa second = Lsa.router(1, Lsa.INITIAL_SEQUENCE + 1, 0, LINKS);
        Lsa late = Lsa.router(1, 0x10, 0, LINKS);
        assertThat(second.compareTo(first)).isPositive();
        assertThat(first.compareTo(second)).isNegative();
        assertThat(late.compareTo(second)).isPositive(); // signed: 0x00000010 follows 0x80000002
        assertThat(first.compareTo(first.withAge(100))).isZero();
    }

    @Test
    void with_equal_sequence_numbers_max_age_then_a_large_age_difference_decide() {
        Lsa l = Lsa.router(1, Lsa.INITIAL_SEQUENCE, 0, LINKS);
        assertThat(l.withAge(Lsa.MAX_AGE).compareTo(l)).isPositive();
        assertThat(l.withAge(10).compareTo(l.withAge(10 + Lsa.MAX_AGE_DIFF + 1))).isPositive();
        assertThat(l.withAge(10).compareTo(l.withAge(10 + Lsa.MAX_AGE_DIFF))).isZero();
    }

    @Test
    void a_summary_lsa_is_28_bytes_mask_tos_0_and_a_24_bit_metric() {
        Lsa l = Lsa.summary(0x0a000200, 0x0aff0001, Lsa.INITIAL_SEQUENCE, 0, 0xffffff00, 30);
        byte[] b = l.bytes;
        assertThat(b).hasSize(28);
        assertThat(PcapOspf.u16(b, 18)).isEqualTo(28); // length
        assertThat(b[2]).isEqualTo((byte) Lsa.OPTION_E);
        assertThat(b[3]).isEqualTo((byte) 3); // LS type: summary (IP network)
        assertThat(java.util.Arrays.copyOfRange(b, 4, 12)).containsExactly(10, 0, 2, 0, 10, (byte) 255, 0, 1);
        assertThat(java.util.Arrays.copyOfRange(b, 20, 28)).containsExactly((byte) 255, (byte) 255, (byte) 255, 0, 0, 0, 0, 30);
        assertThat(PcapOspf.fletcherOk(b)).isTrue();
        assertThat(l.checksumOk()).isTrue();
        assertThat(l.mask()).isEqualTo(0xffffff00);
        assertThat(l.metric()).isEqualTo(30);
        assertThat(l.describe()).isEqualTo("summary 10.0.2.0 10.255.0.1");
        Lsa far = Lsa.summary(0x0a000200, 0x0aff0001, Lsa.INITIAL_SEQUENCE, 0, 0xffffff00, 0x123456);
        assertThat(java.util.Arrays.copyOfRange(far.bytes, 24, 28)).containsExactly(0, 0x12, 0x34, 0x56);
        assertThat(far.metric()).isEqualTo(0x123456);
    }

    @Test
    void an_area_border_routers_router_lsa_sets_the_b_bit_and_still_checks() {
        Lsa l = Lsa.router(0x0aff0001, Lsa.FLAG_B, Lsa.INITIAL_SEQUENCE, 0, LINKS);
        assertThat(l.bytes[20]).isEqualTo((byte) 0x01);
        assertThat(l.routerFlags()).isEqualTo(Lsa.FLAG_B);
        assertThat(PcapOspf.fletcherOk(l.bytes)).isTrue();
        assertThat(l.sameBody(Lsa.router(0x0aff0001, Lsa.INITIAL_SEQUENCE, 0, LINKS))).isFalse();
        assertThat(Lsa.router(0x0aff0001, Lsa.INITIAL_SEQUENCE, 0, LINKS).routerFlags()).isZero();
    }
}
