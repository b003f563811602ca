package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The report a running command has so far: 204 while it runs with nothing to draw (the page polls
 * it from a visit's start, and a 404 there was logged by the browser as a failed load), 404 once it
 * has ended without one, and 404 for a command that never was.
 */
class LiveReportStatusTest {
    @Test
    void a_running_command_without_a_report_is_no_content_and_an_ended_one_not_found() throws Exception {
        try (LiveFixture f = new LiveFixture(1)) {
            String base = "http://127.0.0.1:" + f.port("web");
            HttpClient c = HttpClient.newHttpClient();
            var started = c.send(HttpRequest.newBuilder(URI.create(base + "/api/run?node=laptop"))
                    .header("X-Minternet", "1").POST(HttpRequest.BodyPublishers.ofString("ping -c 100 93.184.216.34")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String id = started.body().replaceAll("\\D", "");
            assertThat(get(c, base + "/api/run/report?id=" + id).statusCode()).isEqualTo(204);
            assertThat(get(c, base + "/api/run/har?id=" + id).statusCode()).isEqualTo(404); // a HAR only once a visit ends
            c.send(HttpRequest.newBuilder(URI.create(base + "/api/run/interrupt?id=" + id)).header("X-Minternet", "1")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String out = "";
            for (int i = 0; i < 200 && !out.contains("\"done\":true"); i++) {
                Thread.sleep(50);
                out = get(c, base + "/api/run?id=" + id).body();
            }
            assertThat(out).contains("\"done\":true");
            assertThat(get(c, base + "/api/run/report?id=" + id).statusCode()).isEqualTo(404);
            assertThat(get(c, base + "/api/run/report?id=987654").statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
