package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.tls.ConnectOptions;
import dev.minternet.tls.TlsClientContext;
import dev.minternet.tls.TlsServerContext;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tls.WorldPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTPS: HTTP/1.1 and HTTP/2 over TLS 1.3 on the pipe, the protocol picked by ALPN. */
class HttpsTest {
    static final long SEED = 7;
    static final String HOST = "www.example.com";
    static final WorldPki PKI = new WorldPki(SEED, HttpFixture.EPOCH.minusSeconds(86_400));

    /** One HTTPS connection: TLS handshake on the pipe, then HTTP on whatever ALPN chose. */
    static final class Https {
        final HttpFixture f = new HttpFixture();
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<Request> later = new ArrayList<>();
        long handshakeDoneNs = -1;
        TlsStreamSocket client;

        Https(String... clientAlpn) {
            f.pipe.setTap((from, d, off, len) -> wire.write(d, off, len));
            f.server.route("GET", "/*", HttpHandler.of(r -> Response.text(200, "hello over " + r.protocol() + " for " + r.path())));
            TlsServerContext sctx = TlsServerContext.builder(SEED, "web1").identity(PKI.leaf(HOST)).build();
            TlsStreamSocket.start(sctx.accept(), f.pipe.server(), null,
                    s -> f.server.serve(s, HttpProtocol.fromAlpn(s.applicationProtocol())), x -> { throw new AssertionError(x); });
            TlsClientContext cctx = TlsClientContext.builder(SEED, "laptop").trustStore(PKI.trustStore())
                    .clock(() -> HttpFixture.EPOCH.plusNanos(f.sim.now())).build();
            ConnectOptions o = clientAlpn.length == 0 ? ConnectOptions.DEFAULT : ConnectOptions.DEFAULT.withAlpn(clientAlpn);
            client = TlsStreamSocket.start(cctx.connect(HOST, o), f.pipe.client(), null, s -> {
                handshakeDoneNs = f.sim.now();
                f.client = HttpClient.open(f.sim, s, HttpProtocol.fromAlpn(s.applicationProtocol()),
                        HttpClient.Options.curl(HOST).withScheme("https").withCompressed(true));
                later.forEach(f::send);
            }, x -> { throw new AssertionError(x); });
        }

        Https get(String... paths) {
            for (String p : paths) {
                later.add(Request.get(p));
            }
            return this;
        }

        Https run() {
            f.run();
            return this;
        }
    }

    @Test
    void h2_byAlpn_threeStreams_afterOneRoundTripOfHandshake() {
        Https h = new Https().get("/a", "/b", "/c").run();
        assertThat(h.client.applicationProtocol()).isEqualTo("h2");
        assertThat(h.f.client.protocol()).isEqualTo(HttpProtocol.H2);
        assertThat(h.f.done).extracting(e -> e.response().bodyText())
                .containsExactly("hello over H2 for /a", "hello over H2 for /b", "hello over H2 for /c");
        // ClientHello at 0, server flight back at 20 ms: requests leave with the client Finished
        assertThat(h.handshakeDoneNs).isEqualTo(20 * MS);
        assertThat(h.f.done).allSatisfy(e -> {
            assertThat(e.sentNs()).isEqualTo(20 * MS);
            assertThat(e.doneNs()).isEqualTo(40 * MS);
        });
        String onWire = h.wire.toString(StandardCharsets.ISO_8859_1);
        assertThat(onWire).doesNotContain("hello").doesNotContain("PRI * HTTP/2.0").contains(HOST); // SNI is clear text
        assertThat(h.f.client.bridge().error()).isNull();
    }

    @Test
    void http11_whenTheClientOffersOnlyHttp11() {
        Https h = new Https("http/1.1").get("/x", "/y").run();
        assertThat(h.client.applicationProtocol()).isEqualTo("http/1.1");
        assertThat(h.f.done).extracting(e -> e.response().bodyText())
                .containsExactly("hello over HTTP_1_1 for /x", "hello over HTTP_1_1 for /y");
        assertThat(h.f.done.get(1).sentNs()).isEqualTo(40 * MS);
        assertThat(h.f.server.connections()).isEqualTo(1);
    }

    @Test
    void deterministic_withTlsAndHttp2() throws Exception {
        String[] hashes = new String[2];
        for (int i = 0; i < 2; i++) {
            Https h = new Https().get("/a", "/b").run();
            hashes[i] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(h.wire.toByteArray()));
        }
        assertThat(hashes[1]).isEqualTo(hashes[0]);
    }
}
