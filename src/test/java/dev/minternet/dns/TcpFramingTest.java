package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 1035 4.2.2 / RFC 7766 8: a 2-byte length before each message, in any segmentation. */
class TcpFramingTest {
    @Test
    void a_frame_is_the_length_in_network_order_then_the_message() {
        byte[] f = TcpFraming.frame(new byte[] {1, 2, 3});
        assertThat(f).containsExactly(0, 3, 1, 2, 3);
        assertThat(TcpFraming.frame(new byte[300])).startsWith(1, 44);
    }

    @Test
    void messages_split_anywhere_are_reassembled() {
        byte[] a = TcpFraming.frame(new byte[] {10, 11, 12});
        byte[] b = TcpFraming.frame(new byte[300]);
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            TcpFraming.Decoder d = new TcpFraming.Decoder();
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < stream.length; i += chunk) {
                out.addAll(d.feed(stream, i, Math.min(chunk, stream.length - i)));
            }
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).containsExactly(10, 11, 12);
            assertThat(out.get(1)).hasSize(300);
            assertThat(d.midMessage()).isFalse();
        }
    }

    @Test
    void a_half_received_length_or_body_is_mid_message() {
        TcpFraming.Decoder d = new TcpFraming.Decoder();
        assertThat(d.feed(new byte[] {0})).isEmpty();
        assertThat(d.midMessage()).isTrue();
        assertThat(d.feed(new byte[] {2, 7})).isEmpty();
        assertThat(d.midMessage()).isTrue();
        assertThat(d.feed(new byte[] {8})).hasSize(1);
    }

    @Test
    void a_message_over_65535_bytes_cannot_be_framed() {
        assertThatThrownBy(() -> TcpFraming.frame(new byte[65536])).isInstanceOf(IllegalArgumentException.class);
    }
}
