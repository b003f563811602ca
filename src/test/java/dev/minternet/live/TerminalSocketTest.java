package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node terminal's WebSocket ({@code /api/term}, RFC 6455) with the JDK's WebSocket client: it
 * opens only with the web view's own Origin (none, another site's, or the right one on another
 * port is refused with 403), a plain GET gets 426, and over an open socket a command's lines and
 * its end come back as text messages.
 */
class TerminalSocketTest {
    @Test
    void the_terminal_socket_opens_only_from_the_pages_origin_and_streams_a_commands_lines() throws Exception {
        try (LiveFixture f = new LiveFixture(1)) {
            int port = f.port("web");
            URI uri = URI.create("ws://127.0.0.1:" + port + "/api/term");
            HttpClient c = HttpClient.newHttpClient();
            for (String origin : new String[] {null, "http://evil.example", "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1)}) {
                WebSocket.Builder b = c.newWebSocketBuilder();
                if (origin != null) {
                    b.header("Origin", origin);
                }
                assertThatThrownBy(() -> b.buildAsync(uri, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).as(origin).isEqualTo(403));
            }
            var plain = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/term")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(426);

            List<String> got = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            WebSocket ws = c.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(uri, new WebSocket.Listener() {
                        private final StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                got.add(part.toString());
                                if (part.toString().contains("\"done\":true")) {
                                    done.complete(null);
                                }
                                part.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            ws.sendText("run laptop\nnosuchtool -x", true).get(5, TimeUnit.SECONDS);
            done.get(20, TimeUnit.SECONDS);
            assertThat(got.get(0)).isEqualTo("{\"error\":\"messages are 'run NODE\\nLINE' or 'interrupt'\"}");
            assertThat(got.subList(1, got.size())).hasSize(3);
            String id = got.get(1).replaceAll("\\D", "");
            assertThat(got.subList(1, got.size())).containsExactly("{\"id\":" + id + ",\"started\":true}",
                    "{\"id\":" + id + ",\"line\":\"sh: nosuchtool: command not found\"}",
                    "{\"id\":" + id + ",\"done\":true,\"exit\":127,\"report\":false}");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A visit narrated as it happens: its first steps come over the socket while the visit is still
     * loading (the clock paused right after them, no end arrives), then the rest once it runs on;
     * every step once, numbered in order, then the waterfall and the load time.
     */
    @Test
    void a_visit_is_narrated_step_by_step_as_it_happens() throws Exception {
        try (LiveFixture f = new LiveFixture(1)) {
            int port = f.port("web");
            HttpClient c = HttpClient.newHttpClient();
            List<String> got = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> firstStep = new CompletableFuture<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            WebSocket ws = c.newWebSocketBuilder().header("Origin", "http://localhost:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/term"), new WebSocket.Listener() {
                        private final StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                String m = part.toString();
                                got.add(m);
                                if (m.contains("\"line\":\" 1. [")) {
                                    firstStep.complete(null);
                                }
                                if (m.contains("\"done\":true")) {
                                    done.complete(null);
                                }
                                part.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            // the clock paused, then stepped one instant at a time until the first step is told
            control(c, port, "pause");
            ws.sendText("run laptop\nvisit https://www.example.com/", true).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 20_000 && !firstStep.isDone(); i++) {
                control(c, port, "step");
            }
            firstStep.get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            List<String> sofar = List.copyOf(got);
            assertThat(sofar).anyMatch(m -> m.contains("\"line\":\"Visit 1: https://www.example.com/\""))
                    .noneMatch(m -> m.contains("Page loaded")).noneMatch(m -> m.contains("\"done\":true"));
            control(c, port, "resume");
            done.get(60, TimeUnit.SECONDS);
            List<String> lines = got.stream().filter(m -> m.contains("\"line\":")).map(m -> m.replaceAll("^.*\"line\":\"|\"}$", ""))
                    .toList();
            List<Integer> steps = lines.stream().filter(l -> l.matches(" ?\\d+\\. \\[.*"))
                    .map(l -> Integer.parseInt(l.strip().split("\\.")[0])).toList();
            assertThat(steps).hasSizeGreaterThan(3);
            for (int i = 0; i < steps.size(); i++) {
                assertThat(steps.get(i)).as("step numbers in order, each once").isEqualTo(i + 1);
            }
            assertThat(lines).filteredOn(l -> l.startsWith("Visit 1:")).hasSize(1);
            assertThat(lines).anyMatch(l -> l.startsWith("Waterfall (0 .. ")).anyMatch(l -> l.startsWith("Page loaded in "));
            assertThat(got.get(got.size() - 1)).endsWith("\"done\":true,\"exit\":0,\"report\":true}");
        }
    }

    private static void control(HttpClient c, int port, String what) throws Exception {
        var r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/control?do=" + what))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
