package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.transport.StreamPipe;
import dev.minternet.transport.StreamPipeTest.Recorder;
import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedTest {
    private static final String BODY = "0123456789".repeat(2000); // 20000 bytes: 3 chunks

    @Test
    void chunkedResponse_onTheWireAndDecoded() {
        for (HttpProtocol p : HttpProtocol.values()) {
            HttpFixture f = new HttpFixture();
            ByteArrayOutputStream down = new ByteArrayOutputStream();
            f.pipe.setTap((from, d, off, len) -> {
                if (from == f.pipe.server()) {
                    down.write(d, off, len);
                }
            });
            f.server.route("GET", "/stream", HttpHandler.of(r -> Response.text(200, BODY).withHeader("Transfer-Encoding", "chunked")));
            f.connect(p);
            f.send(Request.get("/stream"));
            f.send(Request.get("/stream"));
            f.run();
            assertThat(f.done).hasSize(2).allSatisfy(e -> assertThat(e.response().bodyText()).isEqualTo(BODY));
            if (p == HttpProtocol.HTTP_1_1) {
                String wire = down.toString(StandardCharsets.ISO_8859_1);
                assertThat(wire).contains("Transfer-Encoding: chunked\r\n").doesNotContain("Content-Length")
                        .contains("\r\n\r\n2000\r\n0123").endsWith("\r\n0\r\n\r\n");
                assertThat(f.done.get(0).wireHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
            }
            assertThat(f.server.connections()).isEqualTo(1);
        }
    }

    @Test
    void chunkedRequestBody_reachesTheHandler() {
        HttpFixture f = new HttpFixture();
        f.server.route("POST", "/upload", HttpHandler.of(r -> Response.text(200, r.body().length + " " + r.bodyText())));
        f.server.serve(f.pipe.server());
        Recorder r = new Recorder(f.sim);
        f.pipe.client().setHandler(r);
        f.pipe.client().send(("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        f.sim.runUntil(100 * MS);
        assertThat(r.data.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n11 hello world");
    }

    @Test
    void responseDelimitedByClose_isReadToTheEnd() {
        HttpFixture f = new HttpFixture();
        f.client = HttpClient.open(f.sim, f.pipe.client(), HttpProtocol.HTTP_1_1, HttpClient.Options.curl("h"));
        f.pipe.server().setHandler(new Recorder(f.sim) {
            @Override
            public void onData(StreamSocket s, byte[] d) {
                s.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end".getBytes(StandardCharsets.ISO_8859_1));
                s.close();
            }
        });
        f.send(Request.get("/"));
        f.run();
        assertThat(f.done.get(0).error()).isNull();
        assertThat(f.done.get(0).response().bodyText()).isEqualTo("until the end");
        assertThat(f.done.get(0).doneNs()).isEqualTo(20 * MS);
    }
}
