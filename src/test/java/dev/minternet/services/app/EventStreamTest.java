package dev.minternet.services.app;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.Headers;
import dev.minternet.http.HttpFixture;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.sim.Timer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/events on its own: the format, Accept, Last-Event-ID and the replay's bound. */
class EventStreamTest {
    static final long S = 1_000_000_000L;

    /** Sends {@code r} at {@code at} and collects the body it gets until {@code timeout} after. */
    static String get(long at, Request r, long timeout, List<Integer> status) {
        HttpFixture f = new HttpFixture();
        EventStream es = new EventStream(f.sim, null, "app", HttpFixture.EPOCH, S);
        f.server.streamRoute("GET", EventStream.PATH, es::handle);
        f.connect(HttpProtocol.HTTP_1_1);
        StringBuilder body = new StringBuilder();
        new Timer(f.sim, () -> f.client.send(r, timeout, b -> body.append(new String(b, StandardCharsets.UTF_8)), e -> {
            if (e.ok()) {
                status.add(e.response().status());
            }
        })).setAt(at);
        f.sim.runUntil(at + timeout + S);
        return body.toString();
    }

    @Test
    void ticks_follow_the_clock_with_retry_first_and_a_ping_every_15_s() {
        String body = get(0, Request.get(EventStream.PATH), 16 * S, new ArrayList<>());
        assertThat(body).startsWith("retry: 3000\n\nid: 1\nevent: tick\ndata: {\"tick\":1,\"time\":\"2026-01-01T00:00:01Z\"}\n\n");
        assertThat(body).contains("id: 15\nevent: tick\ndata: {\"tick\":15,\"time\":\"2026-01-01T00:00:15Z\"}\n\n: ping\n\n");
        assertThat(body.split("\n\n")).hasSize(1 + 15 + 1);
    }

    @Test
    void last_event_id_replays_what_was_missed_at_most_the_history() {
        Request r = Request.get(EventStream.PATH).withHeader("Last-Event-ID", "7");
        String body = get(10 * S + 500 * MS, r, 200 * MS, new ArrayList<>());
        assertThat(body).isEqualTo("retry: 3000\n\n" + new EventStream(null, null, "app", HttpFixture.EPOCH, S).event(8)
                + new EventStream(null, null, "app", HttpFixture.EPOCH, S).event(9)
                + new EventStream(null, null, "app", HttpFixture.EPOCH, S).event(10));
        String far = get(150 * S + 500 * MS, Request.get(EventStream.PATH).withHeader("Last-Event-ID", "0"), 200 * MS, new ArrayList<>());
        assertThat(far).startsWith("retry: 3000\n\nid: 51\n").contains("id: 150\n").doesNotContain("id: 50\n");
        assertThat(far.split("\n\n")).hasSize(1 + EventStream.HISTORY);
        // an id that is not one of ours counts as none
        String junk = get(3 * S + 500 * MS, Request.get(EventStream.PATH).withHeader("Last-Event-ID", "abc"), 200 * MS, new ArrayList<>());
        assertThat(junk).isEqualTo("retry: 3000\n\n");
    }

    @Test
    void an_accept_without_event_streams_is_refused() {
        List<Integer> status = new ArrayList<>();
        String body = get(0, Request.of("GET", EventStream.PATH, Headers.EMPTY.with("Accept", "application/json"), new byte[0]),
                S, status);
        assertThat(status).containsExactly(406);
        assertThat(body).contains("text/event-stream");
        assertThat(EventStream.accepts("text/event-stream")).isTrue();
        assertThat(EventStream.accepts("text/*;q=0.5")).isTrue();
        assertThat(EventStream.accepts("application/json, text/html")).isFalse();
        assertThat(EventStream.lastEventId(" 12 ")).isEqualTo(12);
        assertThat(EventStream.lastEventId("-3")).isEqualTo(-1);
    }
}
