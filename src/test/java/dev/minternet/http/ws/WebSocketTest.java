package dev.minternet.http.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 6455 on Netty's codecs over a simulated byte stream: the handshake, frames, fragments, control frames, closing. */
class WebSocketTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] encode(WebSocketFrame f, boolean client) {
        EmbeddedChannel ch = new EmbeddedChannel(client
                ? SeededHandshaker.clientEncoder(() -> 0x37fa213d)
                : new WebSocket13FrameEncoder(false));
        ch.writeOutbound(f);
        ByteBuf out = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.writeBytes(b);
            b.release();
        }
        byte[] r = new byte[out.readableBytes()];
        out.readBytes(r);
        return r;
    }

    static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void frames_are_the_examples_of_rfc6455_section_5_7() {
        // A single-frame unmasked text message
        assertThat(encode(new TextWebSocketFrame("Hello"), false)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        // A single-frame masked text message (masking key 37 fa 21 3d)
        assertThat(encode(new TextWebSocketFrame("Hello"), true)).isEqualTo(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        // A fragmented unmasked text message
        assertThat(encode(new TextWebSocketFrame(false, 0, text("Hel")), false)).isEqualTo(hex("01 03 48 65 6c"));
        assertThat(encode(new ContinuationWebSocketFrame(true, 0, text("lo")), false)).isEqualTo(hex("80 02 6c 6f"));
        // Unmasked Ping request and masked Ping response
        assertThat(encode(new PingWebSocketFrame(text("Hello")), false)).isEqualTo(hex("89 05 48 65 6c 6c 6f"));
        assertThat(encode(new PongWebSocketFrame(text("Hello")), true)).isEqualTo(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
        // 256 bytes binary message in a single unmasked frame: 16-bit extended length
        byte[] b256 = encode(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[256])), false);
        assertThat(Arrays.copyOf(b256, 4)).isEqualTo(hex("82 7e 01 00"));
        assertThat(b256).hasSize(4 + 256);
        // 64 KiB binary message in a single unmasked frame: 64-bit extended length
        byte[] b64k = encode(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[65536])), false);
        assertThat(Arrays.copyOf(b64k, 10)).isEqualTo(hex("82 7f 00 00 00 00 00 01 00 00"));
        assertThat(b64k).hasSize(10 + 65536);
    }

    @Test
    void the_accept_value_of_section_1_3() {
        assertThat(SeededHandshaker.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void the_server_answers_the_handshake_of_section_1_3_and_unmasks_the_masked_hello() {
        WsFixture f = new WsFixture();
        new WsServer(f.sim, f.trace, f.server).deflate(false).serve(f.pipe.server());
        f.pipe.client().setHandler((s, d) -> { });
        f.pipe.client().send(("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Origin: http://example.com\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        f.sim.run();
        String response = f.fromServer.toString(StandardCharsets.US_ASCII);
        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .containsIgnoringCase("upgrade: websocket\r\n").containsIgnoringCase("connection: upgrade\r\n")
                .containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n").endsWith("\r\n\r\n");
        f.pipe.client().send(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        f.sim.run();
        assertThat(f.server.heard).containsExactly("open /chat []", "text Hello");
    }

    @Test
    void client_and_server_exchange_text_binary_fragments_and_pings() {
        WsFixture f = new WsFixture().connect(false);
        assertThat(f.client.heard).containsExactly("open /room/1 []");
        WsSession srv = f.server.session;
        f.clientSession.sendText("Hello");
        f.clientSession.sendBinary(new byte[300]);
        f.clientSession.sendText("a message in three frames", 10);
        f.clientSession.ping("are you there".getBytes(StandardCharsets.US_ASCII));
        srv.sendText("Hello");
        f.sim.run();
        assertThat(f.server.heard).containsExactly("open /room/1 []", "text Hello", "binary 300", "text a message in three frames");
        assertThat(f.client.heard).containsExactly("open /room/1 []", "text Hello");
        // the server's frame is unmasked, exactly section 5.7's
        byte[] s = f.fromServer.toByteArray();
        assertThat(Arrays.copyOfRange(s, s.length - 7 - 15, s.length - 15)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        // the trace has every frame, control frames and fragments included
        assertThat(f.ws(WsEvents.FRAME).stream().map(e -> e.get(WsEvents.SIDE) + " " + e.get(WsEvents.DIR) + " " + e.get(WsEvents.OPCODE) + " "
                + e.get(WsEvents.FIN) + " " + e.get(WsEvents.LENGTH)).toList()).contains(
                "client send text true 5", "server receive text true 5", "client send binary true 300",
                "client send text false 10", "client send continuation false 10", "client send continuation true 5",
                "server receive continuation true 5", "client send ping true 13", "server send pong true 13",
                "client receive pong true 13", "server send text true 5");
    }

    @Test
    void the_closing_handshake_echoes_the_code_and_the_server_closes_tcp() {
        WsFixture f = new WsFixture().connect(false);
        f.clientSession.close(1000, "bye");
        f.sim.run();
        assertThat(f.server.heard).endsWith("close 1000 bye clean=true");
        assertThat(f.client.heard).endsWith("close 1000  clean=true");
        assertThat(f.ws(WsEvents.CLOSE).stream().map(e -> e.get(WsEvents.SIDE) + " " + e.get(WsEvents.INITIATOR)).toList())
                .containsExactlyInAnyOrder("server remote", "client local");
        assertThat(f.fromClient.toByteArray()).hasSizeGreaterThan(0);
    }

    @Test
    void a_server_going_away_closes_with_1001() {
        WsFixture f = new WsFixture().connect(false);
        f.server.session.close(1001, "server restart");
        f.sim.run();
        assertThat(f.client.heard).endsWith("close 1001 server restart clean=true");
        assertThat(f.server.heard).endsWith("close 1001  clean=true");
    }

    @Test
    void a_connection_lost_without_close_frames_is_1006() {
        WsFixture f = new WsFixture().connect(false);
        f.pipe.reset();
        f.sim.run();
        assertThat(f.client.heard).endsWith("close 1006  clean=false");
        assertThat(f.server.heard).endsWith("close 1006  clean=false");
    }

    @Test
    void an_unmasked_client_frame_is_a_protocol_error_1002() {
        WsFixture f = new WsFixture();
        new WsServer(f.sim, f.trace, f.server).deflate(false).serve(f.pipe.server());
        f.pipe.client().setHandler((s, d) -> { });
        f.pipe.client().send(("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        f.sim.run();
        int before = f.fromServer.size();
        f.pipe.client().send(hex("81 05 48 65 6c 6c 6f"));
        f.sim.run();
        byte[] s = f.fromServer.toByteArray();
        // a close frame with status 1002 (0x03ea)
        assertThat(s[before] & 0xff).isEqualTo(0x88);
        assertThat(((s[before + 2] & 0xff) << 8) | (s[before + 3] & 0xff)).isEqualTo(1002);
    }

    @Test
    void a_message_over_the_limit_is_closed_with_1009() {
        WsFixture f = new WsFixture();
        f.connect(new WsServer(f.sim, f.trace, f.server).deflate(false).maxMessage(1000),
                WsClient.Options.of(URI.create("ws://h/x"), new SplittableRandom(1)).withDeflate(false));
        f.clientSession.sendText("x".repeat(2000));
        f.sim.run();
        assertThat(f.client.heard).last().asString().startsWith("close 1009");
    }

    @Test
    void permessage_deflate_is_negotiated_and_compresses_on_the_wire() {
        WsFixture f = new WsFixture().connect(true);
        assertThat(f.client.heard).first().asString().contains("permessage-deflate");
        String msg = "hello hello hello hello hello hello hello hello hello hello hello hello";
        int before = f.fromClient.size();
        f.clientSession.sendText(msg);
        f.sim.run();
        byte[] c = f.fromClient.toByteArray();
        assertThat(c[before] & 0xf0).as("FIN and RSV1 (compressed)").isEqualTo(0xc0);
        assertThat(c.length - before).isLessThan(msg.length() / 2);
        assertThat(f.server.heard).contains("text " + msg);
        // the trace shows the message as the application sent it
        assertThat(f.ws(WsEvents.FRAME).stream().filter(e -> e.get(WsEvents.SIDE).equals("client") && e.get(WsEvents.OPCODE).equals("text"))
                .map(e -> e.get(WsEvents.DATA)).toList()).containsExactly(msg);
    }

    @Test
    void without_context_takeover_the_server_compresses_each_message_alone() {
        String msg = "the room's news: alice joined, bob joined, carol joined, dave joined, erin joined";
        // with its context (RFC 7692's default) the same message again is mostly a back-reference
        int[] with = twiceFromServer(new WsFixture(), true, msg);
        assertThat(with[1]).isLessThan(with[0] / 2);
        // without, it is compressed exactly as the first time, and the acceptance says so unasked
        WsFixture f = new WsFixture();
        int[] without = twiceFromServer(f, false, msg);
        assertThat(f.client.heard).first().asString().contains("permessage-deflate").contains("server_no_context_takeover");
        assertThat(without[1]).isEqualTo(without[0]).isLessThan(msg.length());
        assertThat(f.client.heard).containsSubsequence("text " + msg, "text " + msg);
    }

    /** The wire sizes of {@code msg} sent twice by the server (unmasked frames, so equal text gives equal bytes). */
    private static int[] twiceFromServer(WsFixture f, boolean contextTakeover, String msg) {
        f.connect(new WsServer(f.sim, f.trace, f.server).contextTakeover(contextTakeover),
                WsClient.Options.of(URI.create("ws://chat.example.com/room/1"), new SplittableRandom(7)));
        int[] sizes = new int[2];
        for (int i = 0; i < 2; i++) {
            int before = f.fromServer.size();
            f.server.session.sendText(msg);
            f.sim.run();
            sizes[i] = f.fromServer.size() - before;
            assertThat(f.fromServer.toByteArray()[before] & 0xf0).as("FIN and RSV1 (compressed)").isEqualTo(0xc0);
        }
        return sizes;
    }

    @Test
    void the_client_key_and_masks_come_from_the_seed() {
        byte[] a = run(7);
        assertThat(run(7)).isEqualTo(a);
        assertThat(run(8)).isNotEqualTo(a);
    }

    private static byte[] run(long seed) {
        WsFixture f = new WsFixture();
        f.connect(new WsServer(f.sim, f.trace, f.server),
                WsClient.Options.of(URI.create("ws://h/x"), new SplittableRandom(seed)));
        f.clientSession.sendText("same bytes every time");
        f.clientSession.close(1000, "");
        f.sim.run();
        return f.fromClient.toByteArray();
    }
}
