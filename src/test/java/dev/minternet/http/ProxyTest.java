package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.transport.StreamPipe;
import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/** A reverse proxy built from the pieces: a server whose handler forwards over a client, adding X-Forwarded-For. */
class ProxyTest {

    @Test
    void backendSeesTheOriginalClient_throughAProxy() {
        HttpFixture f = new HttpFixture(); // laptop 10.0.0.1 -> proxy 10.0.0.2, 10 ms
        StreamPipe upstream = StreamPipe.create(f.sim, StreamPipe.Config.DEFAULT.withDelay(1 * MS), "proxy",
                Ip4.parse("10.1.0.1"), 50000, "backend", Ip4.parse("10.1.0.2"), 8080);
        HttpServer backend = new HttpServer(f.sim, HttpFixture.EPOCH).serverName("backend");
        backend.route("GET", "/who", HttpHandler.of(r -> Response.text(200,
                r.clientAddress() + " via " + Ip4.str(r.remoteAddress()) + " xff=" + r.headers().get("X-Forwarded-For"))));
        backend.serve(upstream.server());
        HttpClient toBackend = HttpClient.open(f.sim, upstream.client(), HttpProtocol.H2, HttpClient.Options.curl("backend"));
        f.server.route(null, "/*", (req, reply) -> toBackend.send(req.forwardedFor(), e ->
                reply.accept(e.ok() ? e.response().forwarded() : Response.text(502, "502 Bad Gateway\n"))));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/who"));
        f.run();
        Exchange e = f.done.get(0);
        assertThat(e.error()).isNull();
        assertThat(e.response().bodyText()).isEqualTo("10.0.0.1 via 10.1.0.1 xff=10.0.0.1");
        assertThat(e.totalNs()).isEqualTo(22 * MS);
        assertThat(e.response().headers().get("Server")).isEqualTo("backend");
    }

    @Test
    void hopByHopHeaders_stayBehind() {
        Headers h = Headers.of("Connection", "close, X-Secret", "X-Secret", "1", "Keep-Alive", "timeout=5",
                "Transfer-Encoding", "chunked", "Accept", "*/*");
        assertThat(h.withoutHopByHop()).isEqualTo(Headers.of("Accept", "*/*"));
    }
}
