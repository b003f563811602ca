package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 12.5.3: the server weighs Accept-Encoding's q-values over what it offers (br, gzip) and else sends identity. */
class AcceptEncodingTest {
    private static String body() {
        return "the quick brown fox jumps over the lazy dog\n".repeat(200);
    }

    /** What Content-Encoding the server puts on the wire for {@code acceptEncoding}. */
    private static String onTheWire(String acceptEncoding) {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/t.txt", HttpHandler.of(r -> Response.text(200, body())));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/t.txt").withHeader("Accept-Encoding", acceptEncoding));
        f.run();
        String ce = f.done.get(0).wireHeaders().get("Content-Encoding");
        return ce == null ? "identity" : ce;
    }

    @Test
    void the_highest_weight_wins_and_zero_means_not_acceptable() {
        assertThat(onTheWire("gzip")).isEqualTo("gzip");
        assertThat(onTheWire("gzip;q=0")).isEqualTo("identity");
        assertThat(onTheWire("gzip;q=0.001")).isEqualTo("gzip");
        assertThat(onTheWire("identity;q=1, gzip;q=0.5")).as("gzip is still acceptable").isEqualTo("gzip");
        assertThat(onTheWire("*;q=0.5")).as("the server's first offer").isEqualTo("br");
        assertThat(onTheWire("*, br;q=0")).as("br's own weight beats *'s").isEqualTo("gzip");
        assertThat(onTheWire("*, gzip;q=0, br;q=0")).isEqualTo("identity");
        assertThat(onTheWire("br;q=1.0, gzip;q=0.8")).isEqualTo("br");
        assertThat(onTheWire("br;q=0.5, gzip")).as("the client's weights first").isEqualTo("gzip");
        assertThat(onTheWire("deflate, gzip, br, zstd")).as("curl --compressed: a tie goes to Brotli, as with ngx_brotli").isEqualTo("br");
        assertThat(onTheWire("br, zstd")).isEqualTo("br");
        assertThat(onTheWire("zstd")).as("zstd is not offered").isEqualTo("identity");
        assertThat(onTheWire("deflate")).as("deflate is not offered, as with nginx").isEqualTo("identity");
        assertThat(onTheWire("X-GZIP")).isEqualTo("gzip");
    }

    @Test
    void the_client_decodes_brotli_and_counts_the_compressed_bytes() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/t.txt", HttpHandler.of(r -> Response.text(200, body())));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/t.txt").withHeader("Accept-Encoding", "br"));
        f.run();
        Exchange e = f.done.get(0);
        assertThat(e.wireHeaders().get("Content-Encoding")).isEqualTo("br");
        assertThat(new String(e.response().body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(body());
        assertThat(e.wireBodyBytes()).as("200 repeated lines compress to a few dozen bytes").isBetween(20L, 200L);
    }

    @Test
    void qvalues_follow_the_grammar() {
        assertThat(AcceptEncoding.qvalue("1")).isEqualTo(1000);
        assertThat(AcceptEncoding.qvalue("1.000")).isEqualTo(1000);
        assertThat(AcceptEncoding.qvalue("0.5")).isEqualTo(500);
        assertThat(AcceptEncoding.qvalue("0.125")).isEqualTo(125);
        assertThat(AcceptEncoding.qvalue("0.1234")).as("four decimals: malformed").isZero();
        assertThat(AcceptEncoding.qvalue("1.5")).isZero();
        assertThat(AcceptEncoding.qvalue("high")).isZero();
        assertThat(AcceptEncoding.weight("gzip; Q=0.7", "gzip")).isEqualTo(700);
        assertThat(AcceptEncoding.choose("gzip;q=0.2, deflate;q=0.9", List.of("gzip", "deflate"))).isEqualTo("deflate");
        assertThat(AcceptEncoding.choose("gzip, deflate", List.of("gzip", "deflate"))).as("a tie goes to the server's order").isEqualTo("gzip");
        assertThat(AcceptEncoding.choose(null, List.of("gzip"))).isNull();
        assertThat(AcceptEncoding.choose("", List.of("gzip"))).isNull();
    }
}
