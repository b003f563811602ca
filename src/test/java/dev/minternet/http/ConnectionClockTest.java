package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.transport.StreamPipe;
import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nginx's client_header_timeout (60 s) and keepalive_timeout (75 s) on a server's connections
 * ({@link ConnectionClock}), over a pipe with 10 ms each way.
 */
class ConnectionClockTest {
    private static final long S = 1_000 * MS;

    private static HttpFixture nginx() {
        HttpFixture f = new HttpFixture();
        f.server.nginxTimeouts().route("GET", "/", HttpHandler.of(r -> Response.text(200, "x")));
        return f;
    }

    @Test
    void an_idle_http11_connection_is_closed_75_s_after_its_last_response() {
        HttpFixture f = nginx();
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/"));
        // the response leaves the server at 10 ms: the server closes at 75.010 s, the FIN arrives 10 ms later
        f.sim.runUntil(75 * S + 19 * MS);
        assertThat(f.client.isOpen()).isTrue();
        f.sim.runUntil(75 * S + 21 * MS);
        assertThat(f.client.isOpen()).isFalse();
        assertThat(f.done.get(0).response().status()).isEqualTo(200);
    }

    @Test
    void each_request_starts_the_idle_time_again() {
        HttpFixture f = nginx();
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/"));
        f.sim.runUntil(70 * S);
        f.send(Request.get("/")); // served at 70.010 s: the connection now lasts to 145.010 s
        f.sim.runUntil(145 * S);
        assertThat(f.client.isOpen()).isTrue();
        f.sim.runUntil(145 * S + 21 * MS);
        assertThat(f.client.isOpen()).isFalse();
        assertThat(f.done).hasSize(2);
    }

    @Test
    void a_request_in_progress_is_not_cut_however_long_it_takes() {
        HttpFixture f = new HttpFixture();
        f.server.nginxTimeouts().route("GET", "/slow", (req, reply) ->
                f.sim.schedule(100 * S, () -> reply.accept(Response.text(200, "late"))));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/slow"));
        f.sim.runUntil(175 * S);
        assertThat(f.done).hasSize(1);
        assertThat(f.done.get(0).response().status()).isEqualTo(200);
        assertThat(f.client.isOpen()).isTrue(); // idle since 100.010 s
        f.sim.runUntil(175 * S + 21 * MS);
        assertThat(f.client.isOpen()).isFalse();
    }

    @Test
    void an_idle_h2_connection_gets_goaway_no_error_then_the_close() {
        HttpFixture f = nginx();
        List<Long> frames = new ArrayList<>();
        List<Long> streams = new ArrayList<>();
        ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
        f.pipe.setTap((from, data, off, len) -> {
            if (from == f.pipe.server()) {
                fromServer.write(data, off, len);
            }
        });
        f.connect(HttpProtocol.H2);
        f.send(Request.get("/"));
        f.sim.runUntil(74 * S);
        assertThat(types(fromServer.toByteArray(), frames, streams)).doesNotContain(7);
        f.sim.runUntil(76 * S);
        byte[] b = fromServer.toByteArray();
        List<Integer> types = types(b, frames, streams);
        assertThat(types.get(types.size() - 1)).isEqualTo(7); // GOAWAY is the last frame
        long goaway = frames.get(frames.size() - 1);
        // GOAWAY payload: the last stream id is the one request's (the stream of the server's HEADERS), error code 0 (NO_ERROR)
        int headers = types.indexOf(1);
        assertThat(goaway >>> 32).isEqualTo(streams.get(headers)).isPositive();
        assertThat(goaway & 0xffff_ffffL).isZero();
        assertThat(f.client.isOpen()).isFalse();
        assertThat(f.done.get(0).response().status()).isEqualTo(200);
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_after_60_s_without_a_response() {
        HttpFixture f = nginx();
        f.server.serve(f.pipe.server());
        List<String> seen = recordClient(f);
        f.sim.runUntil(61 * S);
        assertThat(seen).containsExactly("FIN at 60010 ms");
    }

    @Test
    void a_header_that_never_ends_is_closed_at_60_s_too() {
        HttpFixture f = nginx();
        f.server.serve(f.pipe.server());
        List<String> seen = recordClient(f);
        StreamPipe.End c = f.pipe.client();
        f.sim.schedule(30 * S, () -> c.send("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)));
        f.sim.runUntil(61 * S);
        assertThat(seen).containsExactly("FIN at 60010 ms");
    }

    @Test
    void without_timeouts_a_connection_stays_open() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/", HttpHandler.of(r -> Response.text(200, "x")));
        f.connect(HttpProtocol.H2);
        f.send(Request.get("/"));
        f.sim.runUntil(3_600 * S);
        assertThat(f.client.isOpen()).isTrue();
    }

    /** What the pipe's client end hears: the server's bytes, and its FIN with the time. */
    private static List<String> recordClient(HttpFixture f) {
        List<String> seen = new ArrayList<>();
        f.pipe.client().setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket s, byte[] data) {
                seen.add(new String(data, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void onPeerClosed(StreamSocket s) {
                seen.add("FIN at " + f.sim.now() / MS + " ms");
            }
        });
        return seen;
    }

    /**
     * The frame types of a server's HTTP/2 byte stream; {@code last} gets each frame's first 8
     * payload bytes, {@code streams} its stream id.
     */
    private static List<Integer> types(byte[] b, List<Long> last, List<Long> streams) {
        List<Integer> out = new ArrayList<>();
        last.clear();
        streams.clear();
        int i = 0;
        while (i + 9 <= b.length) {
            int len = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
            int type = b[i + 3] & 0xff;
            out.add(type);
            streams.add(((b[i + 5] & 0x7fL) << 24) | (b[i + 6] & 0xff) << 16 | (b[i + 7] & 0xff) << 8 | (b[i + 8] & 0xff));
            long first = 0;
            for (int k = 0; k < Math.min(8, len); k++) {
                first = first << 8 | (b[i + 9 + k] & 0xff);
            }
            last.add(first);
            i += 9 + len;
        }
        return out;
    }
}
