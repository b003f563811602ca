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
}
