package dev.minternet.services.db;

import static dev.minternet.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.services.db.BackendMessage.AuthenticationOk;
import dev.minternet.services.db.BackendMessage.BackendKeyData;
import dev.minternet.services.db.BackendMessage.CommandComplete;
import dev.minternet.services.db.BackendMessage.DataRow;
import dev.minternet.services.db.BackendMessage.EmptyQueryResponse;
import dev.minternet.services.db.BackendMessage.ErrorResponse;
import dev.minternet.services.db.BackendMessage.Field;
import dev.minternet.services.db.BackendMessage.NoticeResponse;
import dev.minternet.services.db.BackendMessage.ParameterStatus;
import dev.minternet.services.db.BackendMessage.ReadyForQuery;
import dev.minternet.services.db.BackendMessage.RowDescription;
import dev.minternet.services.db.FrontendMessage.CancelRequest;
import dev.minternet.services.db.FrontendMessage.GssEncRequest;
import dev.minternet.services.db.FrontendMessage.Query;
import dev.minternet.services.db.FrontendMessage.SslRequest;
import dev.minternet.services.db.FrontendMessage.Startup;
import dev.minternet.services.db.FrontendMessage.Terminate;
import dev.minternet.testing.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pgwire v3 codec against byte vectors written from the protocol documentation ("Message
 * Formats"), round trips, and framing of messages that arrive in arbitrary pieces.
 */
class PgCodecTest {

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] cstr(String s) {
        return cat(s.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertBytes(byte[] actual, byte[] expected) {
        assertThat(Bytes.toHex(actual)).isEqualTo(Bytes.toHex(expected));
    }

    // ------------------------------------------------------------ known vectors, frontend

    @Test
    void test_startup_message_bytes() {
        // Int32 length 33 | Int32 196608 (3.0) | "user" "alice" "database" "app" | terminator
        byte[] expected = cat(hex("00 00 00 21 | 00 03 00 00"), cstr("user"), cstr("alice"), cstr("database"), cstr("app"),
                hex("00"));
        assertBytes(PgCodec.encode(Startup.v3(params("user", "alice", "database", "app"))), expected);
    }

    @Test
    void test_query_select_1_bytes() {
        // 'Q' | Int32 13 (4 + "SELECT 1" + NUL) | "SELECT 1\0"
        assertBytes(PgCodec.encode(new Query("SELECT 1")), hex("51 00 00 00 0d 53 45 4c 45 43 54 20 31 00"));
    }

    @Test
    void test_ssl_gss_cancel_terminate_bytes() {
        // 80877103 = 0x04d2162f (1234 << 16 | 5679)
        assertBytes(PgCodec.encode(new SslRequest()), hex("00 00 00 08 04 d2 16 2f"));
        assertBytes(PgCodec.encode(new GssEncRequest()), hex("00 00 00 08 04 d2 16 30"));
        assertBytes(PgCodec.encode(new CancelRequest(1000, 0x01020304)), hex("00 00 00 10 04 d2 16 2e 00 00 03 e8 01 02 03 04"));
        assertBytes(PgCodec.encode(new Terminate()), hex("58 00 00 00 04"));
    }

    // ------------------------------------------------------------ known vectors, backend

    @Test
    void test_backend_fixed_messages_bytes() {
        assertBytes(PgCodec.encode(new AuthenticationOk()), hex("52 00 00 00 08 00 00 00 00"));
        assertBytes(PgCodec.encode(new ReadyForQuery('I')), hex("5a 00 00 00 05 49"));
        assertBytes(PgCodec.encode(new ReadyForQuery('T')), hex("5a 00 00 00 05 54"));
        assertBytes(PgCodec.encode(new EmptyQueryResponse()), hex("49 00 00 00 04"));
        assertBytes(PgCodec.encode(new BackendKeyData(1000, -1)), hex("4b 00 00 00 0c 00 00 03 e8 ff ff ff ff"));
        assertBytes(PgCodec.encode(new ParameterStatus("client_encoding", "UTF8")),
                cat(hex("53 00 00 00 19"), cstr("client_encoding"), cstr("UTF8")));
        assertBytes(PgCodec.encode(new CommandComplete("SELECT 1")), cat(hex("43 00 00 00 0d"), cstr("SELECT 1")));
    }

    @Test
    void test_row_description_bytes() {
        // 'T' | len 26 | 1 field | "x\0" table 0 | attr 0 | type 23 (int4) | size 4 | typmod -1 | format 0
        RowDescription d = new RowDescription(List.of(Field.of("x", PgType.INT4)));
        assertBytes(PgCodec.encode(d), hex("54 00 00 00 1a 00 01 78 00 00 00 00 00 00 00 00 00 00 17 00 04 ff ff ff ff 00 00"));
    }

    @Test
    void test_data_row_with_null_bytes() {
        // 'D' | len 15 | 2 columns | len 1 "1" | len -1 (NULL)
        assertBytes(PgCodec.encode(new DataRow(Arrays.asList("1", null))), hex("44 00 00 00 0f 00 02 00 00 00 01 31 ff ff ff ff"));
    }

    @Test
    void test_error_response_bytes() {
        byte[] body = cat(hex("53"), cstr("ERROR"), hex("56"), cstr("ERROR"), hex("43"), cstr("42P01"), hex("4d"),
                cstr("relation \"nope\" does not exist"), hex("00"));
        byte[] expected = cat(new byte[] {'E'}, hex(String.format("%08x", body.length + 4)), body);
        assertBytes(PgCodec.encode(new ErrorResponse("ERROR", "42P01", "relation \"nope\" does not exist")), expected);
    }

    // ------------------------------------------------------------ round trips

    static List<BackendMessage> backendSamples() {
        return List.of(new AuthenticationOk(), new ParameterStatus("server_version", "16.4"), new BackendKeyData(1001, 42),
                new ReadyForQuery('E'),
                new RowDescription(List.of(Field.of("id", PgType.INT4), new Field("name", 0, 0, 1043, -1, 104, 0),
                        Field.of("ok", PgType.BOOL))),
                new RowDescription(List.of()),
                new DataRow(Arrays.asList("1", "Ada Lovelace — ✓", null)), new DataRow(List.of()),
                new DataRow(List.of("")),
                new CommandComplete("INSERT 0 3"), new EmptyQueryResponse(),
                new ErrorResponse("FATAL", "3D000", "database \"x\" does not exist"),
                new NoticeResponse("WARNING", "25001", "there is already a transaction in progress"));
    }

    @Test
    void test_backend_round_trip() {
        for (BackendMessage m : backendSamples()) {
            BackendReader r = new BackendReader();
            r.feed(PgCodec.encode(m));
            assertThat(r.next()).as("%s", m).isEqualTo(m);
            assertThat(r.next()).isNull();
            assertThat(r.buffered()).isZero();
        }
    }

    @Test
    void test_frontend_round_trip() {
        FrontendReader r = new FrontendReader();
        r.feed(PgCodec.encode(new SslRequest()));
        assertThat(r.next()).isEqualTo(new SslRequest());
        assertThat(r.inStartupPhase()).isTrue();
        Startup st = Startup.v3(params("user", "bob", "database", "app", "application_name", "api"));
        r.feed(PgCodec.encode(st));
        assertThat(r.next()).isEqualTo(st);
        assertThat(r.inStartupPhase()).isFalse();
        r.feed(PgCodec.encode(new Query("SELECT 'a;b'; SELECT 2")));
        r.feed(PgCodec.encode(new Query("")));
        r.feed(PgCodec.encode(new Terminate()));
        assertThat(r.next()).isEqualTo(new Query("SELECT 'a;b'; SELECT 2"));
        assertThat(r.next()).isEqualTo(new Query(""));
        assertThat(r.next()).isEqualTo(new Terminate());
        assertThat(r.next()).isNull();
    }

    @Test
    void test_cancel_request_round_trip_and_unsupported_typed_message() {
        FrontendReader r = new FrontendReader();
        r.feed(PgCodec.encode(new CancelRequest(1000, 77)));
        assertThat(r.next()).isEqualTo(new CancelRequest(1000, 77));
        FrontendReader r2 = new FrontendReader();
        r2.feed(PgCodec.encode(Startup.v3(params("user", "u"))));
        r2.next();
        r2.feed(hex("50 00 00 00 08 00 00 00 00")); // Parse ('P'), extended protocol
        FrontendMessage m = r2.next();
        assertThat(m).isInstanceOf(FrontendMessage.Unsupported.class);
        assertThat(((FrontendMessage.Unsupported) m).type()).isEqualTo('P');
    }

    // ------------------------------------------------------------ partial messages

    @Test
    void test_messages_split_at_every_byte_are_reassembled() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (BackendMessage m : backendSamples()) {
            all.writeBytes(PgCodec.encode(m));
        }
        byte[] stream = all.toByteArray();
        BackendReader r = new BackendReader();
        List<BackendMessage> got = new ArrayList<>();
        for (byte b : stream) {
            r.feed(new byte[] {b});
            BackendMessage m;
            while ((m = r.next()) != null) {
                got.add(m);
            }
        }
        assertThat(got).isEqualTo(backendSamples());
    }

    @Test
    void test_random_chunks_from_a_seeded_stream_are_reassembled() {
        Startup st = Startup.v3(params("user", "alice", "database", "app"));
        List<FrontendMessage> sent = new ArrayList<>(List.of(new SslRequest(), st));
        for (int i = 0; i < 50; i++) {
            sent.add(new Query("SELECT " + "x".repeat(i * 7) + " FROM t" + i));
        }
        sent.add(new Terminate());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (FrontendMessage m : sent) {
            all.writeBytes(PgCodec.encode(m));
        }
        byte[] stream = all.toByteArray();
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            FrontendReader r = new FrontendReader();
            List<FrontendMessage> got = new ArrayList<>();
            int p = 0;
            while (p < stream.length) {
                int k = Math.min(stream.length - p, 1 + rnd.nextInt(40));
                r.feed(stream, p, k);
                p += k;
                FrontendMessage m;
                while ((m = r.next()) != null) {
                    got.add(m);
                }
            }
            assertThat(got).as("seed %d", seed).isEqualTo(sent);
        }
    }

    @Test
    void test_ssl_answer_byte_precedes_typed_messages() {
        BackendReader r = new BackendReader();
        r.expectEncryptionResponse();
        r.feed(cat(new byte[] {'N'}, PgCodec.encode(new AuthenticationOk())));
        assertThat(r.nextAny()).isEqualTo(new BackendReader.EncryptionResponse('N'));
        assertThat(r.nextAny()).isEqualTo(new AuthenticationOk());
    }

    // ------------------------------------------------------------ malformed input

    @Test
    void test_bad_lengths_are_protocol_errors() {
        BackendReader r = new BackendReader();
        r.feed(hex("5a 00 00 00 03 49")); // length below 4
        assertThatThrownBy(r::next).isInstanceOf(PgProtocolException.class).hasMessageContaining("invalid message length 3");

        FrontendReader f = new FrontendReader();
        f.feed(hex("00 01 00 00")); // startup packet of 65536 bytes > 10000
        assertThatThrownBy(f::next).isInstanceOf(PgProtocolException.class).hasMessageContaining("startup packet");
    }

    @Test
    void test_protocol_2_is_refused() {
        FrontendReader f = new FrontendReader();
        f.feed(cat(hex("00 00 00 0d 00 02 00 00"), cstr("user"), hex("")));
        assertThatThrownBy(f::next).isInstanceOf(PgProtocolException.class).hasMessageContaining("unsupported frontend protocol 2.0");
    }

    @Test
    void test_truncated_bodies_are_protocol_errors_not_index_errors() {
        // RowDescription announcing 2 fields but carrying one
        byte[] one = PgCodec.encode(new RowDescription(List.of(Field.of("x", PgType.INT4))));
        one[6] = 2;
        BackendReader r = new BackendReader();
        r.feed(one);
        assertThatThrownBy(r::next).isInstanceOf(PgProtocolException.class);
        // DataRow whose value length runs past the end
        BackendReader r2 = new BackendReader();
        r2.feed(hex("44 00 00 00 0b 00 01 00 00 00 09 31"));
        assertThatThrownBy(r2::next).isInstanceOf(PgProtocolException.class);
        // Query without its terminating zero
        FrontendReader f = new FrontendReader();
        f.feed(PgCodec.encode(Startup.v3(params("user", "u"))));
        f.next();
        f.feed(hex("51 00 00 00 05 31"));
        assertThatThrownBy(f::next).isInstanceOf(PgProtocolException.class).hasMessageContaining("unterminated");
    }

    @Test
    void test_strings_with_nul_cannot_be_encoded() {
        assertThatThrownBy(() -> PgCodec.encode(new Query("a\0b"))).isInstanceOf(IllegalArgumentException.class);
    }
}
