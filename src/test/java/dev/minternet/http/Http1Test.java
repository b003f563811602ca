package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1Test {

    @Test
    void keepAlive_twoRequestsOneConnection() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/hello", HttpHandler.of(r -> Response.text(200, "hello " + r.path() + "\n")));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/hello"));
        f.send(Request.get("/hello?again"));
        f.run();

        assertThat(f.done).hasSize(2);
        for (Exchange e : f.done) {
            assertThat(e.error()).isNull();
            assertThat(e.response().status()).isEqualTo(200);
            assertThat(e.response().bodyText()).isEqualTo("hello /hello\n");
            // one round trip of 2 x 10 ms, no connection setup in between
            assertThat(e.ttfbNs()).isEqualTo(20 * MS);
            assertThat(e.totalNs()).isEqualTo(20 * MS);
        }
        assertThat(f.done.get(0).sentNs()).isEqualTo(0);
        assertThat(f.done.get(1).sentNs()).isEqualTo(20 * MS);
        assertThat(f.server.connections()).isEqualTo(1);
        assertThat(f.server.requests()).isEqualTo(2);
        assertThat(f.client.bridge().error()).isNull();
    }

    @Test
    void plainGet_isExactlyWhatCurlSends() {
        HttpFixture f = new HttpFixture();
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        f.pipe.setTap((from, data, off, len) -> {
            if (from == f.pipe.client()) {
                up.write(data, off, len);
            }
        });
        f.connect(HttpProtocol.HTTP_1_1, HttpClient.Options.curl("example.com"));
        f.send(Request.get("/"));
        f.run();
        assertThat(up.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n");
        assertThat(f.done.get(0).response().status()).isEqualTo(404);
    }

    @Test
    void traceEvents_matchTheExchangeTimings() {
        HttpFixture f = new HttpFixture();
        Trace trace = new Trace(f.sim);
        List<TraceEvent> events = new ArrayList<>();
        trace.subscribe(events::add);
        f.server.trace(trace).route("GET", "/", HttpHandler.of(r -> Response.text(200, "ok")));
        f.connect(HttpProtocol.HTTP_1_1).trace(trace);
        f.send(Request.get("/"));
        f.run();
        assertThat(events).extracting(e -> e.time() / MS + " " + e.node() + " " + e.get(HttpEvents.SIDE))
                .containsExactly("0 client client", "10 server server", "10 server server", "10 server server", "20 client client");
        assertThat(events).extracting(TraceEvent::type).containsExactly(HttpEvents.CLIENT_REQUEST,
                HttpEvents.SERVER_CONNECTION, HttpEvents.SERVER_REQUEST, HttpEvents.SERVER_RESPONSE, HttpEvents.CLIENT_RESPONSE);
        Exchange x = f.done.get(0);
        assertThat(events.get(4).num(HttpEvents.FIRST_BYTE)).isEqualTo(x.firstByteNs());
        assertThat(events.get(1).get(HttpEvents.PEER)).isEqualTo("10.0.0.1:40000");
        assertThat(events.get(2).get(HttpEvents.CLIENT)).isEqualTo("10.0.0.1");
    }
}
