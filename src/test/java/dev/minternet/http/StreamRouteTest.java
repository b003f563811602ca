package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Timer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HttpServer.streamRoute: a body written over simulated time, seen by the client as it comes. */
class StreamRouteTest {
    /** Starts at once with "go\n", writes "a\n" at 10 ms after the request and "bb\n" at 20 ms, ends at 30 ms. */
    static void serve(HttpFixture f, List<String> closed) {
        f.server.streamRoute("GET", "/s", (req, out) -> {
            out.start(Response.of(200, "text/plain", "go\n".getBytes(StandardCharsets.UTF_8)));
            out.onClose(() -> closed.add("closed at " + f.sim.now() / MS));
            new Timer(f.sim, () -> out.write("a\n".getBytes(StandardCharsets.UTF_8))).setAfter(10 * MS);
            new Timer(f.sim, () -> out.write("bb\n".getBytes(StandardCharsets.UTF_8))).setAfter(20 * MS);
            new Timer(f.sim, out::end).setAfter(30 * MS);
        });
    }

    @Test
    void each_write_is_one_chunk_in_one_segment_and_reaches_the_client_when_written() {
        for (HttpProtocol p : HttpProtocol.values()) {
            HttpFixture f = new HttpFixture();
            List<String> closed = new ArrayList<>();
            serve(f, closed);
            List<byte[]> segments = new ArrayList<>();
            ByteArrayOutputStream down = new ByteArrayOutputStream();
            f.pipe.setTap((from, d, off, len) -> {
                if (from == f.pipe.server()) {
                    down.write(d, off, len);
                    byte[] b = new byte[len];
                    System.arraycopy(d, off, b, 0, len);
                    segments.add(b);
                }
            });
            f.connect(p);
            List<String> seen = new ArrayList<>();
            f.client.send(Request.get("/s"), 0, b -> seen.add(f.sim.now() / MS + " " + new String(b, StandardCharsets.UTF_8).strip()),
                    f.done::add);
            f.run();
            // request at 0 reaches the server at 10 ms: the head then, "a" at 20, "bb" at 30, each 10 ms later at the client
            assertThat(seen).as(p.toString()).containsExactly("20 go", "30 a", "40 bb");
            assertThat(f.done).hasSize(1);
            assertThat(f.done.get(0).response().bodyText()).isEqualTo("go\na\nbb\n");
            assertThat(f.done.get(0).doneNs()).isEqualTo(50 * MS);
            if (p == HttpProtocol.HTTP_1_1) {
                String wire = down.toString(StandardCharsets.ISO_8859_1);
                assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked\r\n")
                        .doesNotContain("Content-Length").endsWith("\r\n\r\n3\r\ngo\n\r\n2\r\na\n\r\n3\r\nbb\n\r\n0\r\n\r\n");
                assertThat(segments).extracting(b -> new String(b, StandardCharsets.ISO_8859_1)).endsWith(
                        "2\r\na\n\r\n", "3\r\nbb\n\r\n", "0\r\n\r\n");
            } else {
                // a DATA frame's 9-byte header and its payload in one segment
                assertThat(segments).anySatisfy(b -> assertThat(new String(b, StandardCharsets.ISO_8859_1)).hasSize(9 + 2).endsWith("a\n"));
                assertThat(segments).anySatisfy(b -> assertThat(new String(b, StandardCharsets.ISO_8859_1)).hasSize(9 + 3).endsWith("bb\n"));
            }
            // HTTP/1.1: the connection stays up after the last chunk; HTTP/2: the stream closes with END_STREAM
            assertThat(closed).as(p.toString()).isEqualTo(p == HttpProtocol.HTTP_1_1 ? List.of() : List.of("closed at 40"));
        }
    }

    @Test
    void event_streams_are_never_compressed() {
        assertThat(HttpServer.TextCompressor.compressible("text/event-stream")).isFalse();
        assertThat(HttpServer.TextCompressor.compressible("text/plain")).isTrue();
    }

    @Test
    void the_handler_hears_when_the_client_goes_away() {
        HttpFixture f = new HttpFixture();
        List<String> closed = new ArrayList<>();
        serve(f, closed);
        f.connect(HttpProtocol.HTTP_1_1);
        List<String> seen = new ArrayList<>();
        f.client.send(Request.get("/s"), 35 * MS, b -> seen.add(new String(b, StandardCharsets.UTF_8).strip()), f.done::add);
        f.run();
        assertThat(seen).containsExactly("go", "a");
        assertThat(f.done.get(0).error()).startsWith("timeout");
        assertThat(closed).containsExactly("closed at 45"); // curl's abort reaches the server 10 ms later
    }

    @Test
    void a_plain_route_after_a_stream_route_still_answers_and_head_skips_the_stream() {
        HttpFixture f = new HttpFixture();
        serve(f, new ArrayList<>());
        f.server.route("GET", "/plain", HttpHandler.of(r -> Response.text(200, "plain\n")));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/plain"));
        f.send(Request.of("HEAD", "/s", Headers.EMPTY, new byte[0]));
        f.run();
        assertThat(f.done).extracting(e -> e.response().status()).containsExactly(200, 404);
    }
}
