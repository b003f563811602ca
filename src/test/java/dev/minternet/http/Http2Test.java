package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http2Test {

    @Test
    void threeConcurrentStreams_oneConnection_oneRoundTrip() {
        HttpFixture f = new HttpFixture();
        // Different service times: responses come back out of order, each on its own stream.
        f.server.route("GET", "/slow", (r, reply) -> f.sim.schedule(30 * MS, () -> reply.accept(Response.text(200, "slow"))));
        f.server.route("GET", "/mid", (r, reply) -> f.sim.schedule(15 * MS, () -> reply.accept(Response.text(200, "mid"))));
        f.server.route("GET", "/fast", HttpHandler.of(r -> Response.text(200, "fast " + r.protocol() + " " + r.host())));
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        f.pipe.setTap((from, d, off, len) -> {
            if (from == f.pipe.client()) {
                up.write(d, off, len);
            }
        });
        f.connect(HttpProtocol.H2);
        f.send(Request.get("/slow"));
        f.send(Request.get("/mid"));
        f.send(Request.get("/fast"));
        f.run();

        assertThat(f.done).extracting(e -> e.request().target()).containsExactly("/fast", "/mid", "/slow");
        assertThat(f.done).extracting(e -> e.response().bodyText()).containsExactly("fast H2 www.example.com", "mid", "slow");
        assertThat(f.done).allSatisfy(e -> {
            assertThat(e.error()).isNull();
            assertThat(e.sentNs()).isZero();
            assertThat(e.protocol()).isEqualTo(HttpProtocol.H2);
        });
        assertThat(f.done).extracting(Exchange::totalNs).containsExactly(20 * MS, 35 * MS, 50 * MS);
        assertThat(f.server.connections()).isEqualTo(1);
        assertThat(f.server.requests()).isEqualTo(3);
        assertThat(up.toString(StandardCharsets.ISO_8859_1)).startsWith("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(f.client.bridge().error()).isNull();
    }

    @Test
    void responseHeadersArriveAsHttp2Fields() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/", HttpHandler.of(r -> Response.text(200, "hi").withHeader("Cache-Control", "no-cache")));
        f.connect(HttpProtocol.H2);
        f.send(Request.get("/"));
        f.run();
        Response r = f.done.get(0).response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("cache-control")).isEqualTo("no-cache");
        assertThat(r.headers().get("content-length")).isEqualTo("2");
        assertThat(r.headers().fields()).allSatisfy(h -> assertThat(h.name()).isLowerCase());
    }
}
