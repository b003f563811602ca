package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpFeaturesTest {

    private static String bigText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        return sb.toString();
    }

    @Test
    void compressed_roundTrip_shrinksTheTransferAndKeepsTheBody() {
        String text = bigText();
        for (HttpProtocol p : HttpProtocol.values()) {
            HttpFixture f = new HttpFixture();
            f.server.route("GET", "/big.txt", HttpHandler.of(r -> Response.text(200, text)));
            f.connect(p, HttpClient.Options.curl("www.example.com").withCompressed(true));
            f.send(Request.get("/big.txt"));
            f.run();
            Exchange e = f.done.get(0);
            assertThat(e.error()).as(p.name()).isNull();
            assertThat(e.response().bodyText()).as(p.name()).isEqualTo(text);
            assertThat(e.wireHeaders().get("Content-Encoding")).as(p.name() + ": curl --compressed offers br, which the server prefers").isEqualTo("br");
            // the decoded response's headers describe the decoded body (a proxy can pass it on)
            assertThat(e.response().headers().get("Content-Encoding")).as(p.name()).isNull();
            assertThat(e.response().headers().get("Content-Length")).as(p.name()).isEqualTo(Integer.toString(text.length()));
            assertThat(e.response().headers().get("Transfer-Encoding")).as(p.name()).isNull();
            assertThat(e.wireBodyBytes()).as(p.name()).isLessThan(text.length() / 5).isPositive();
            assertThat(f.pipe.client().remotePort()).isEqualTo(80);
        }
    }

    @Test
    void withoutAcceptEncoding_theBodyIsSentAsIs() {
        String text = bigText();
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/big.txt", HttpHandler.of(r -> Response.text(200, text)));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/big.txt"));
        f.run();
        Exchange e = f.done.get(0);
        assertThat(e.response().headers().get("Content-Encoding")).isNull();
        assertThat(e.response().headers().get("Content-Length")).isEqualTo(Integer.toString(text.length()));
        assertThat(e.wireBodyBytes()).isEqualTo(text.length());
    }

    @Test
    void etag_revalidation_answers304WithoutABody(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("index.html"), "<h1>hi</h1>\n");
        for (HttpProtocol p : HttpProtocol.values()) {
            HttpFixture f = new HttpFixture();
            f.server.staticFiles(root, "max-age=60");
            f.connect(p);
            f.send(Request.get("/"));
            f.run();
            Response first = f.done.get(0).response();
            assertThat(first.status()).isEqualTo(200);
            String etag = first.headers().get("ETag");
            assertThat(etag).isEqualTo(StaticFiles.etag("<h1>hi</h1>\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(first.headers().get("Cache-Control")).isEqualTo("max-age=60");

            f.send(Request.get("/").withHeader("If-None-Match", etag));
            f.send(Request.get("/").withHeader("If-None-Match", "\"other\""));
            f.run();
            Response again = f.done.get(1).response();
            assertThat(again.status()).as(p.name()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().get("ETag")).isEqualTo(etag);
            assertThat(again.headers().get("Cache-Control")).isEqualTo("max-age=60");
            assertThat(f.done.get(2).response().status()).isEqualTo(200);
            assertThat(f.server.connections()).isEqualTo(1);
        }
    }

    @Test
    void ifModifiedSince_answers304() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/x", HttpHandler.of(r -> Response.text(200, "x")
                .withHeader("Last-Modified", HttpDates.format(HttpFixture.EPOCH))));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/x").withHeader("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT"));
        f.send(Request.get("/x").withHeader("If-Modified-Since", "Wed, 31 Dec 2025 23:59:59 GMT"));
        f.run();
        assertThat(f.done.get(0).error()).isNull();
        assertThat(f.done.get(0).response().status()).isEqualTo(304);
        assertThat(f.done.get(1).response().status()).isEqualTo(200);
    }

    @Test
    void staticFiles_contentTypesDatesAnd404(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("index.html"), "<p>home</p>");
        Files.writeString(root.resolve("style.css"), "body{}");
        Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.createDirectories(root.resolve("js"));
        Files.writeString(root.resolve("js/app.js"), "alert(1)");
        Files.writeString(root.resolve("data.json"), "{}");
        HttpFixture f = new HttpFixture();
        f.sim.runUntil(5_000 * MS); // the files count as modified at 00:00:05
        f.server.staticFiles(root, null);
        f.connect(HttpProtocol.HTTP_1_1);
        for (String p : new String[] {"/", "/style.css", "/logo.png", "/js/app.js", "/data.json", "/missing.html",
                "/../etc/passwd"}) {
            f.send(Request.get(p));
        }
        f.run();
        assertThat(f.done).extracting(e -> e.response().status()).containsExactly(200, 200, 200, 200, 200, 404, 404);
        assertThat(f.done.subList(0, 5)).extracting(e -> e.response().headers().get("Content-Type")).containsExactly(
                "text/html; charset=utf-8", "text/css; charset=utf-8", "image/png", "text/javascript; charset=utf-8",
                "application/json");
        Response home = f.done.get(0).response();
        assertThat(home.bodyText()).isEqualTo("<p>home</p>");
        assertThat(home.headers().get("Last-Modified")).isEqualTo("Thu, 01 Jan 2026 00:00:05 GMT");
        // sent at 5 s, answered when the request arrived 10 ms later
        assertThat(home.headers().get("Date")).isEqualTo("Thu, 01 Jan 2026 00:00:05 GMT");
        assertThat(f.done.get(2).response().body()).containsExactly(0x89, 'P', 'N', 'G');
    }

    @Test
    void xForwardedFor_serverSeesTheClientBehindAProxy() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/whoami", HttpHandler.of(r -> Response.text(200, r.clientAddress())));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/whoami"));
        f.send(Request.get("/whoami").withHeader("X-Forwarded-For", "203.0.113.7, 10.9.9.9"));
        f.run();
        assertThat(f.done.get(0).response().bodyText()).isEqualTo("10.0.0.1");
        assertThat(f.done.get(1).response().bodyText()).isEqualTo("203.0.113.7");

        // A proxy appends the peer it heard from.
        Request atProxy = new Request("GET", "/", Headers.of("Host", "a"), null, HttpProtocol.HTTP_1_1, 0xc0000207, 5555);
        assertThat(atProxy.forwardedFor().headers().get("X-Forwarded-For")).isEqualTo("192.0.2.7");
        Request twice = atProxy.withHeader("X-Forwarded-For", "198.51.100.1").forwardedFor();
        assertThat(twice.headers().get("X-Forwarded-For")).isEqualTo("198.51.100.1, 192.0.2.7");
        assertThat(twice.headers().all("X-Forwarded-For")).hasSize(1);
    }

    @Test
    void head_hasTheHeadersButNoBody() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/x", HttpHandler.of(r -> Response.text(200, "twelve bytes")));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.of("HEAD", "/x", Headers.EMPTY, null));
        f.send(Request.get("/x"));
        f.run();
        assertThat(f.done.get(0).response().headers().get("Content-Length")).isEqualTo("12");
        assertThat(f.done.get(0).response().body()).isEmpty();
        assertThat(f.done.get(1).response().bodyText()).isEqualTo("twelve bytes");
    }

    @Test
    void post_bodyReachesTheHandler_andAsyncRepliesComeLater() {
        HttpFixture f = new HttpFixture();
        f.server.route("POST", "/echo", (r, reply) -> f.sim.schedule(7 * MS, () -> reply.accept(Response.text(201, r.bodyText()))));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.of("POST", "/echo", Headers.of("Content-Type", "text/plain"), "ping".getBytes(StandardCharsets.UTF_8)));
        f.run();
        Exchange e = f.done.get(0);
        assertThat(e.response().status()).isEqualTo(201);
        assertThat(e.response().bodyText()).isEqualTo("ping");
        assertThat(e.totalNs()).isEqualTo(27 * MS);
    }

    @Test
    void connectionClose_serverClosesAfterTheResponse() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/x", HttpHandler.of(r -> Response.text(200, "x")));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/x").withHeader("Connection", "close"));
        f.run();
        assertThat(f.done.get(0).response().status()).isEqualTo(200);
        assertThat(f.client.isOpen()).isFalse();
        f.send(Request.get("/x"));
        assertThat(f.done.get(1).error()).isNotNull();
    }
}
