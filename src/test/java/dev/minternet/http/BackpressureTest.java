package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.transport.StreamPipe;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    @Test
    void largeBodies_crossASmallSendBuffer_intactAndAtLinkSpeed() {
        byte[] body = new byte[1_000_000];
        new Random(7).nextBytes(body); // incompressible
        for (HttpProtocol p : HttpProtocol.values()) {
            // 100 Mbit/s: 1 MB takes 80 ms on the wire; 32 KiB send buffers
            HttpFixture f = new HttpFixture(new StreamPipe.Config(5 * MS, 100_000_000, 32 * 1024, 16 * 1024));
            f.server.route("GET", "/blob", HttpHandler.of(r -> Response.ok("application/octet-stream", body)));
            f.connect(p, HttpClient.Options.curl("h").withCompressed(true));
            f.send(Request.get("/blob"));
            f.send(Request.get("/blob"));
            f.run();
            assertThat(f.done).hasSize(2);
            for (Exchange e : f.done) {
                assertThat(e.error()).as(p.name()).isNull();
                assertThat(e.response().body()).as(p.name()).isEqualTo(body);
                // at least the serialisation time plus a round trip; the buffer, not the link, may limit
                assertThat(e.totalNs()).as(p.name()).isGreaterThan(90 * MS);
            }
            assertThat(f.client.bridge().error()).isNull();
            assertThat(f.sim.pending()).isZero();
        }
    }

    @Test
    void http2_manyStreamsOfLargeBodies_shareTheConnection() {
        byte[] body = new byte[200_000];
        new Random(3).nextBytes(body);
        HttpFixture f = new HttpFixture(new StreamPipe.Config(5 * MS, 50_000_000, 64 * 1024, 16 * 1024));
        f.server.route("GET", "/*", HttpHandler.of(r -> Response.ok("application/octet-stream", body)));
        f.connect(HttpProtocol.H2);
        for (int i = 0; i < 40; i++) {
            f.send(Request.get("/blob/" + i));
        }
        f.run();
        assertThat(f.done).hasSize(40).allSatisfy(e -> {
            assertThat(e.error()).isNull();
            assertThat(e.response().body()).isEqualTo(body);
        });
        // 8 MB at 50 Mbit/s is at least 1.28 s of serialisation, shared by all streams
        long last = f.done.stream().mapToLong(Exchange::doneNs).max().orElseThrow();
        assertThat(last).isGreaterThan(1_280 * MS);
        assertThat(f.server.connections()).isEqualTo(1);
    }
}
