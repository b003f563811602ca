package dev.minternet.services.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/server-sent-events.yaml end to end: curl -N prints the app server's clock ticks as
 * they arrive (tick N at N x 5 s), a reconnect with Last-Event-ID gets the missed tick at once,
 * HTTP/2 carries the same stream, and tshark sees one well-formed chunk per event.
 */
class ServerSentEventsExampleTest {
    static final Path EXAMPLE = Path.of("examples/server-sent-events.yaml");
    /** The example's start: 2026-12-03T12:00:00Z. */
    static final long EPOCH_S = 1_796_299_200L;
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);
    static List<String> laptop;

    @BeforeAll
    static void readRun() throws Exception {
        laptop = run.terminal("laptop");
    }

    static List<String> event(long n) {
        return List.of("id: " + n, "event: tick",
                "data: {\"tick\":" + n + ",\"time\":\"2026-12-03T12:00:" + String.format("%02d", 5 * n) + "Z\"}", "");
    }

    @Test
    void curl_prints_the_stream_retry_events_and_the_keep_alive_comment() {
        List<String> first = new ArrayList<>(List.of("retry: 3000", ""));
        for (long n = 1; n <= 3; n++) {
            first.addAll(event(n));
        }
        first.addAll(List.of(": ping", "", "curl: (28) Operation timed out after 17000 milliseconds with 219 bytes received"));
        assertThat(laptop).containsSequence(first);
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop")))
                .extracting(e -> e.num(ToolEvents.CODE)).containsExactly(28L, 28L, 28L);
    }

    @Test
    void each_event_is_printed_when_it_arrives_at_the_simulated_schedule() {
        // "   5.005210 laptop | id: 1": the tick's time plus the same one-way trip for every live tick
        List<Long> lag = new ArrayList<>();
        for (String line : run.output()) {
            String[] f = line.trim().split("\\s+", 4);
            if (f.length == 4 && f[1].equals("laptop") && f[3].startsWith("id: ")) {
                long n = Long.parseLong(f[3].substring(4));
                long at = new BigDecimal(f[0]).movePointRight(9).longValueExact();
                if (n != 4 && n != 7) { // 4 is the replay; 7 came over HTTP/2 (a 9-byte frame header more to serialize)
                    lag.add(at - n * 5 * S);
                }
            }
        }
        assertThat(lag).hasSize(5);
        assertThat(lag).allSatisfy(l -> assertThat(l).isEqualTo(lag.get(0)).isPositive().isLessThan(10_000_000L));
        // the server sent each at exactly N x 5 s
        assertThat(run.events(SseEvents.SEND)).extracting(e -> e.time() + " " + e.num(SseEvents.ID))
                .containsExactly(5 * S + " 1", 10 * S + " 2", 15 * S + " 3", 25 * S + " 5", 30 * S + " 6", 35 * S + " 7");
        // the keep-alive 15 s after the first connection's 200
        String ping = run.output().stream().filter(l -> l.endsWith("laptop | : ping")).findFirst().orElseThrow();
        String ok = run.output().stream().filter(l -> l.endsWith("laptop | retry: 3000")).findFirst().orElseThrow();
        assertThat(new BigDecimal(ping.trim().split("\\s+")[0]).subtract(new BigDecimal(ok.trim().split("\\s+")[0])))
                .isBetween(new BigDecimal("14.999"), new BigDecimal("15.001"));
    }

    @Test
    void a_reconnect_with_last_event_id_gets_what_it_missed_then_the_live_ticks() {
        List<String> second = new ArrayList<>(List.of("retry: 3000", ""));
        for (long n = 4; n <= 6; n++) {
            second.addAll(event(n));
        }
        second.add("curl: (28) Operation timed out after 9000 milliseconds with 211 bytes received");
        assertThat(laptop).containsSequence(second);
        List<TraceEvent> opens = run.events(SseEvents.OPEN);
        assertThat(opens).extracting(e -> e.num(SseEvents.LAST_ID) + " " + e.num(SseEvents.FROM))
                .containsExactly("-1 1", "3 4", "-1 7");
        assertThat(run.events(SseEvents.REPLAY)).extracting(e -> e.num(SseEvents.FROM) + " " + e.num(SseEvents.COUNT))
                .containsExactly("4 1");
        // the server stops each client's timers when curl goes away at --max-time
        assertThat(run.events(SseEvents.CLOSE)).hasSize(3);
    }

    @Test
    void http2_carries_the_same_stream() {
        List<String> third = new ArrayList<>(List.of("retry: 3000", ""));
        third.addAll(event(7));
        third.add("curl: (28) Operation timed out after 6000 milliseconds with 79 bytes received");
        assertThat(laptop).containsSequence(third);
    }

    @Test
    void tshark_sees_a_chunked_event_stream_with_one_well_formed_chunk_per_event() throws Exception {
        Oracles.tshark();
        Path pcap = run.dir().resolve("laptop-eth0.pcap");
        Tshark.assertClean(pcap);
        List<String> h1 = List.of("-d", "tcp.port==8080,http", "-o", "http.desegment_body:FALSE");
        assertThat(Tshark.fieldsWith(pcap, h1, "_ws.malformed", "frame.number")).isEmpty();
        List<Map<String, String>> responses = Tshark.fieldsWith(pcap, h1, "tcp.srcport == 8080 && http.response",
                "http.response.code", "http.transfer_encoding", "http.content_type", "http.cache_control");
        assertThat(responses).extracting(r -> String.join(" ", r.values()))
                .containsExactly("200 chunked text/event-stream no-cache", "200 chunked text/event-stream no-cache");
        // every later segment is exactly one chunk: hex size CRLF, that many bytes, CRLF
        List<String> chunks = new ArrayList<>();
        for (Map<String, String> r : Tshark.fieldsWith(pcap, h1, "tcp.srcport == 8080 && http && !http.response",
                "frame.time_epoch", "data.data")) {
            String body = new String(HexFormat.of().parseHex(r.get("data.data")), StandardCharsets.UTF_8);
            int crlf = body.indexOf("\r\n");
            int size = Integer.parseInt(body.substring(0, crlf), 16);
            assertThat(body).hasSize(crlf + 2 + size + 2).endsWith("\r\n");
            String payload = body.substring(crlf + 2, crlf + 2 + size);
            long at = new BigDecimal(r.get("frame.time_epoch")).movePointRight(9).longValueExact() - EPOCH_S * S;
            if (payload.startsWith("id: ")) {
                long n = Long.parseLong(payload.substring(4, payload.indexOf('\n')));
                assertThat(payload).isEqualTo(String.join("\n", event(n)) + "\n");
                assertThat(at - n * 5 * S).as("tick %d on the wire", n).isPositive().isLessThan(10_000_000L);
            }
            chunks.add(payload.startsWith("id: ") ? payload.substring(0, payload.indexOf('\n')) : payload.strip());
        }
        assertThat(chunks).containsExactly("id: 1", "id: 2", "id: 3", ": ping", "id: 5", "id: 6");
        // HTTP/2: the headers with the first DATA frame (retry), then tick 7 in a DATA frame of its own
        List<String> h2 = List.of("-d", "tcp.port==8080,http2");
        List<String> data = new ArrayList<>();
        for (Map<String, String> r : Tshark.fieldsWith(pcap, h2, "http2.type == 0 && tcp.srcport == 8080 && !tcp.analysis.retransmission",
                "http2.data.data")) {
            data.add(new String(HexFormat.of().parseHex(r.get("http2.data.data").replace(":", "")), StandardCharsets.UTF_8));
        }
        assertThat(data).containsExactly("retry: 3000\n\n", String.join("\n", event(7)) + "\n");
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
