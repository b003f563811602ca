package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.transport.StreamPipe;
import dev.minternet.transport.StreamPipeTest.Recorder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RobustnessTest {

    @Test
    void garbageRequest_gets400AndTheConnectionCloses() {
        HttpFixture f = new HttpFixture();
        f.server.serve(f.pipe.server());
        Recorder r = new Recorder(f.sim);
        f.pipe.client().setHandler(r);
        f.pipe.client().send("GARBAGE\u0001 \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        f.sim.runUntil(100 * MS);
        String got = r.data.toString(StandardCharsets.ISO_8859_1);
        assertThat(got).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(r.events).contains("20ms fin");
    }

    @Test
    void silentServer_clientTimesOutAndAborts() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/never", (req, reply) -> { });
        f.connect(HttpProtocol.HTTP_1_1);
        f.client.send(Request.get("/never"), 500 * MS, f.done::add);
        f.run();
        Exchange e = f.done.get(0);
        assertThat(e.error()).startsWith("timeout");
        assertThat(e.doneNs()).isEqualTo(500 * MS);
        assertThat(f.client.isOpen()).isFalse();
    }

    @Test
    void timeout_withMoreRequestsQueued_failsThemAll_andSendingFromTheCallbackIsSafe() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/never", (req, reply) -> { });
        f.connect(HttpProtocol.HTTP_1_1);
        f.client.send(Request.get("/never"), 500 * MS, e -> {
            f.done.add(e);
            f.send(Request.get("/after"));
        });
        f.send(Request.get("/queued"));
        f.run();
        assertThat(f.done).extracting(Exchange::error).allSatisfy(err -> assertThat(err).startsWith("timeout"));
        assertThat(f.done).extracting(e -> e.request().target()).containsExactlyInAnyOrder("/never", "/queued", "/after");
        assertThat(f.client.bridge().error()).isNull();
    }

    @Test
    void serverAborts_clientHearsTheReset() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/x", (req, reply) -> f.pipe.server().abort());
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/x"));
        f.run();
        assertThat(f.done.get(0).error()).isEqualTo("connection reset");
        assertThat(f.done.get(0).doneNs()).isEqualTo(20 * MS);
    }

    @Test
    void pipelinedRequests_answeredInOrder_evenWhenHandlersFinishOutOfOrder() {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/slow", (req, reply) -> f.sim.schedule(50 * MS, () -> reply.accept(Response.text(200, "slow"))));
        f.server.route("GET", "/fast", HttpHandler.of(req -> Response.text(200, "fast")));
        f.server.serve(f.pipe.server());
        Recorder r = new Recorder(f.sim);
        f.pipe.client().setHandler(r);
        f.pipe.client().send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\nGET /fast HTTP/1.1\r\nHost: h\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        f.sim.runUntil(200 * MS);
        String got = r.data.toString(StandardCharsets.ISO_8859_1);
        assertThat(got.indexOf("\r\n\r\nslow")).isPositive().isLessThan(got.indexOf("\r\n\r\nfast"));
        assertThat(r.events).first().asString().startsWith("70ms data");
    }
}
