package dev.minternet.services.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RESP values to bytes and back, against the bytes the protocol specification and Redis 7.0 use. */
class RespCodecTest {
    static String enc(Resp v, int proto) {
        return new String(Resp.encode(v, proto), StandardCharsets.ISO_8859_1);
    }

    static Resp parse(String bytes) {
        RespReader r = new RespReader();
        r.feed(bytes.getBytes(StandardCharsets.ISO_8859_1));
        return r.nextReply();
    }

    final Resp map = new Resp.Agg(Resp.Kind.MAP, List.of(Resp.Bulk.of("k"), new Resp.Int(1)));
    final Resp set = new Resp.Agg(Resp.Kind.SET, List.of(Resp.Bulk.of("m")));
    final Resp push = new Resp.Agg(Resp.Kind.PUSH, List.of(Resp.Bulk.of("message"), Resp.Bulk.of("c"), Resp.Bulk.of("hi")));

    @Test
    void resp3_types_and_their_resp2_fallbacks() {
        assertThat(enc(map, 3)).isEqualTo("%1\r\n$1\r\nk\r\n:1\r\n");
        assertThat(enc(map, 2)).isEqualTo("*2\r\n$1\r\nk\r\n:1\r\n");
        assertThat(enc(set, 3)).isEqualTo("~1\r\n$1\r\nm\r\n");
        assertThat(enc(set, 2)).isEqualTo("*1\r\n$1\r\nm\r\n");
        assertThat(enc(push, 3)).isEqualTo(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n");
        assertThat(enc(new Resp.Null(false), 2)).isEqualTo("$-1\r\n");
        assertThat(enc(new Resp.Null(true), 2)).isEqualTo("*-1\r\n");
        assertThat(enc(new Resp.Null(true), 3)).isEqualTo("_\r\n");
        assertThat(enc(new Resp.Bool(true), 3)).isEqualTo("#t\r\n");
        assertThat(enc(new Resp.Bool(false), 2)).isEqualTo(":0\r\n");
        assertThat(enc(new Resp.Double("1.5"), 3)).isEqualTo(",1.5\r\n");
        assertThat(enc(new Resp.Double("1.5"), 2)).isEqualTo("$3\r\n1.5\r\n");
        assertThat(enc(new Resp.Verbatim("txt", "a".getBytes()), 3)).isEqualTo("=5\r\ntxt:a\r\n");
        assertThat(enc(new Resp.Verbatim("txt", "a".getBytes()), 2)).isEqualTo("$1\r\na\r\n");
        assertThat(new String(Resp.command(List.of("SET", "user:1", "alice")), StandardCharsets.US_ASCII))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$6\r\nuser:1\r\n$5\r\nalice\r\n");
    }

    @Test
    void every_value_round_trips_through_the_reader() {
        for (Resp v : List.of(map, set, push, Resp.OK, new Resp.Error("ERR x"), new Resp.Int(-7), new Resp.Bool(true),
                new Resp.Double("2.5"), new Resp.Null(false))) {
            Resp back = parse(enc(v, 3));
            assertThat(enc(back, 3)).as(v.toString()).isEqualTo(enc(v, 3));
        }
        Resp.Verbatim v = (Resp.Verbatim) parse("=15\r\ntxt:Some string\r\n");
        assertThat(v.format()).isEqualTo("txt");
        assertThat(new String(v.bytes())).isEqualTo("Some string");
    }

    @Test
    void a_reply_in_pieces_waits_for_its_last_byte() {
        String bytes = "*2\r\n$5\r\nhello\r\n:42\r\n";
        RespReader r = new RespReader();
        for (int i = 0; i < bytes.length() - 1; i++) {
            r.feed(new byte[] {(byte) bytes.charAt(i)});
            assertThat(r.nextReply()).isNull();
        }
        r.feed(new byte[] {'\n'});
        assertThat(enc(r.nextReply(), 2)).isEqualTo(bytes);
        assertThat(r.buffered()).isZero();
    }

    @Test
    void bad_bytes_are_protocol_errors_with_redis_wording() {
        RespReader r = new RespReader();
        r.feed("*1\r\n$-5\r\n".getBytes());
        assertThatThrownBy(r::nextCommand).hasMessage("Protocol error: invalid bulk length");
        RespReader m = new RespReader();
        m.feed("*x\r\n".getBytes());
        assertThatThrownBy(m::nextCommand).hasMessage("Protocol error: invalid multibulk length");
        RespReader d = new RespReader();
        d.feed("*1\r\n+PING\r\n".getBytes());
        assertThatThrownBy(d::nextCommand).hasMessage("Protocol error: expected '$', got '+'");
        RespReader big = new RespReader();
        big.feed(new byte[RespReader.INLINE_MAX + 1]);
        assertThatThrownBy(big::nextCommand).hasMessage("Protocol error: too big inline request");
        assertThat(RespReader.splitArgs("SET \"a\\x41\\n\" 'b c'".getBytes())).extracting(String::new)
                .containsExactly("SET", "aA\n", "b c");
    }
}
