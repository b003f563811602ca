package dev.minternet.http.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** grpc-timeout, grpc-message and length prefixes as PROTOCOL-HTTP2.md defines them. */
class GrpcWireTest {
    @Test
    void a_timeout_takes_the_finest_unit_that_fits_eight_digits_rounded_up_as_grpc_go_sends_it() {
        assertThat(GrpcWire.encodeTimeout(79_086_992L)).isEqualTo("79086992n");
        assertThat(GrpcWire.encodeTimeout(100_000_000L)).isEqualTo("100000u");
        assertThat(GrpcWire.encodeTimeout(100_000_001L)).isEqualTo("100001u");
        assertThat(GrpcWire.encodeTimeout(3_600_000_000_000L)).isEqualTo("3600000m");
        assertThat(GrpcWire.encodeTimeout(0)).isEqualTo("0n");
    }

    @Test
    void a_timeout_decodes_every_unit_and_refuses_what_is_malformed() {
        assertThat(GrpcWire.decodeTimeout("1H")).isEqualTo(3_600_000_000_000L);
        assertThat(GrpcWire.decodeTimeout("2M")).isEqualTo(120_000_000_000L);
        assertThat(GrpcWire.decodeTimeout("3S")).isEqualTo(3_000_000_000L);
        assertThat(GrpcWire.decodeTimeout("4m")).isEqualTo(4_000_000L);
        assertThat(GrpcWire.decodeTimeout("5u")).isEqualTo(5_000L);
        assertThat(GrpcWire.decodeTimeout("6n")).isEqualTo(6L);
        assertThat(GrpcWire.decodeTimeout("123456789n")).as("nine digits").isEqualTo(-1);
        assertThat(GrpcWire.decodeTimeout("5x")).isEqualTo(-1);
        assertThat(GrpcWire.decodeTimeout("S")).isEqualTo(-1);
    }

    @Test
    void grpc_message_is_percent_encoded_outside_printable_ascii_and_for_percent() {
        assertThat(GrpcWire.encodeMessage("100% naïve\n")).isEqualTo("100%25 na%C3%AFve%0A");
        assertThat(GrpcWire.decodeMessage("100%25 na%C3%AFve%0A")).isEqualTo("100% naïve\n");
        assertThat(GrpcWire.decodeMessage("bad %zz escape")).isEqualTo("bad %zz escape");
    }

    @Test
    void a_message_is_prefixed_by_a_zero_flag_and_its_big_endian_length() {
        assertThat(GrpcWire.frame(new byte[] {8, 1})).containsExactly(0, 0, 0, 0, 2, 8, 1);
        GrpcWire.Deframer d = new GrpcWire.Deframer(GrpcWire.MAX_MESSAGE);
        byte[] two = GrpcWire.frame(new byte[] {8, 1});
        d.feed(two, 0, 3);
        assertThat(d.poll()).isNull();
        d.feed(two, 3, 4);
        d.feed(GrpcWire.frame(new byte[0]), 0, 5);
        assertThat(d.poll()).containsExactly(8, 1);
        assertThat(d.poll()).isEmpty();
        assertThat(d.pending()).isZero();
    }

    @Test
    void the_proto_reader_names_the_line_of_what_it_does_not_read() {
        assertThatThrownBy(() -> ProtoFile.parse("x.proto", "syntax = \"proto3\";\nenum E { A = 0; }"))
                .hasMessage("x.proto:2: unexpected 'enum'");
        assertThat(ProtoFile.jsonName("page_size")).isEqualTo("pageSize");
    }
}
