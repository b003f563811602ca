package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    /** A run mixing both protocols, gzip, static-ish routes and async replies; returns every byte and time on the pipes. */
    private static String run() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        StringBuilder log = new StringBuilder();
        for (HttpProtocol p : HttpProtocol.values()) {
            HttpFixture f = new HttpFixture();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            f.pipe.setTap((from, d, off, len) -> {
                log.append(f.sim.now()).append(' ').append(from.nodeName()).append(' ').append(len).append('\n');
                all.write(d, off, len);
            });
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                big.append("row ").append(i).append('\n');
            }
            f.server.route("GET", "/big", HttpHandler.of(r -> Response.text(200, big.toString())));
            f.server.route("GET", "/later", (r, reply) -> f.sim.schedule(3 * MS, () -> reply.accept(Response.json("{}"))));
            f.connect(p, HttpClient.Options.curl("h").withCompressed(true));
            for (int i = 0; i < 3; i++) {
                f.send(Request.get("/big"));
                f.send(Request.get("/later"));
            }
            f.run();
            for (Exchange e : f.done) {
                log.append(e.request().target()).append(' ').append(e.sentNs()).append(' ').append(e.firstByteNs())
                        .append(' ').append(e.doneNs()).append(' ').append(e.wireBodyBytes()).append('\n');
            }
            md.update(all.toByteArray());
        }
        return HexFormat.of().formatHex(md.digest()) + "\n" + log;
    }

    @Test
    void twoRuns_identicalBytesOnThePipe() throws Exception {
        String first = run();
        String second = run();
        assertThat(second).isEqualTo(first);
        assertThat(first.lines().count()).isGreaterThan(10);
    }
}
