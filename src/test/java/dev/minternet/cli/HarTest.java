package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code visit --har}: an HTTP Archive that the HAR 1.2 schema accepts (the schema is written from
 * the spec into src/test/resources), whose timings are the narration's numbers, the same file on
 * every run.
 */
class HarTest {
    /** The narration rounds each step to a microsecond; a HAR total sums rounded phases. */
    private static final double ROUNDING_MS = 0.002;

    @TempDir
    Path dir;

    static Schema schema() throws Exception {
        try (InputStream in = HarTest.class.getResourceAsStream("/har-1.2.schema.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(text, InputFormat.JSON);
        }
    }

    @Test
    void the_har_of_two_visits_is_valid_har_1_2_and_the_same_on_every_run() throws Exception {
        Path har = dir.resolve("out/v.har"); // a folder that does not exist yet is created, as for --trace
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--quiet", "--har", har.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String text = Files.readString(har);
        List<Error> errors = schema().validate(text, InputFormat.JSON);
        assertThat(errors).as(text).isEmpty();
        JsonNode log = new ObjectMapper().readTree(text).get("log");
        assertThat(log.get("version").asString()).isEqualTo("1.2");
        assertThat(log.get("pages")).hasSize(2);
        assertThat(log.get("pages").get(0).get("startedDateTime").asString()).isEqualTo("2026-11-21T09:00:01.000Z");
        // the first visit fetches the page and its 5 sub-resources; the second revalidates the page and
        // fetches /api/users (no max-age); the other 4 are fresh in the cache and no entries
        assertThat(log.get("entries")).hasSize(8);
        assertThat(log.get("entries").get(6).get("response").get("status").asInt()).isEqualTo(304);
        assertThat(log.get("entries").get(6).get("timings").get("dns").asDouble()).as("the browser's DNS cache").isEqualTo(-1);
        JsonNode first = log.get("entries").get(0);
        assertThat(first.get("request").get("httpVersion").asString()).isEqualTo("h2");
        assertThat(first.get("serverIPAddress").asString()).isEqualTo("[2001:db8:93:32::34]"); // IPv6 won (Happy Eyeballs); bracketed as Chromium writes it
        assertThat(first.get("response").get("content").get("mimeType").asString()).startsWith("text/html");
        for (JsonNode e : log.get("entries")) {
            JsonNode t = e.get("timings");
            double sum = 0;
            for (String phase : List.of("blocked", "dns", "connect", "send", "wait", "receive")) {
                sum += Math.max(0, t.get(phase).asDouble());
            }
            assertThat(e.get("time").asDouble()).as("time is the sum of the phases").isCloseTo(sum, within(1e-9));
        }
        CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--quiet", "--har", dir.resolve("again.har").toString());
        assertThat(Files.readString(dir.resolve("again.har"))).isEqualTo(text);
    }

    @Test
    void the_schema_rejects_an_entry_without_its_timings() throws Exception {
        String broken = """
                {"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [{
                  "startedDateTime": "2026-11-21T09:00:01.000Z", "time": 1, "cache": {},
                  "request": {"method": "GET", "url": "https://a/", "httpVersion": "h2", "cookies": [], "headers": [],
                              "queryString": [], "headersSize": -1, "bodySize": 0},
                  "response": {"status": 200, "statusText": "", "httpVersion": "h2", "cookies": [], "headers": [],
                               "content": {"size": 0, "mimeType": ""}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
                  "timings": {"send": 0, "receive": 0}}]}}
                """;
        assertThat(schema().validate(broken, InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void the_har_timings_are_the_narrations_numbers() throws Exception {
        Path har = dir.resolve("v.har");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--har", har.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String story = o.out();
        JsonNode log = new ObjectMapper().readTree(Files.readString(har)).get("log");
        JsonNode page = log.get("entries").get(0);
        JsonNode t = page.get("timings");
        double dns = step(story, "DNS lookup");
        double tcp = step(story, "TCP connection");
        double tls = step(story, "TLS handshake");
        assertThat(t.get("dns").asDouble()).isEqualTo(dns);
        assertThat(t.get("ssl").asDouble()).isEqualTo(tls);
        assertThat(t.get("connect").asDouble()).as("connect includes ssl").isCloseTo(tcp + tls, within(ROUNDING_MS));
        assertThat(t.get("wait").asDouble()).isEqualTo(number(story, "first byte back \\(([0-9.]+) ms after sending\\)"));
        assertThat(log.get("pages").get(0).get("pageTimings").get("onLoad").asDouble())
                .isEqualTo(number(story, "Page loaded in ([0-9.]+) ms"));
        for (JsonNode e : log.get("entries")) {
            String url = e.get("request").get("url").asString();
            boolean origin = url.startsWith("https://www.example.com/");
            // the narration names the origin's resources by path, the CDN's (static.example.com) by URL
            String path = origin ? url.substring("https://www.example.com".length()) : url;
            if (path.equals("/")) {
                continue;
            }
            if (origin) {
                assertThat(e.get("timings").get("dns").asDouble()).isEqualTo(-1);
                assertThat(e.get("timings").get("connect").asDouble()).isEqualTo(-1);
            }
            assertThat(e.get("time").asDouble()).as(path)
                    .isCloseTo(number(story, "GET " + Pattern.quote(path) + " -> 200, .*\\[([0-9.]+) ms\\]"), within(ROUNDING_MS));
        }
    }

    @Test
    void a_navigation_that_fails_before_its_request_is_an_entry_with_status_0_and_the_net_error_as_devtools_exports_it()
            throws Exception {
        Path har = dir.resolve("failed.har");
        // no such name, a certificate without the IPv6 literal, a closed port over IPv6 (refused by a RST)
        CliTest.Outcome o = CliTest.exec("visit", "--har", har.toString(), "https://nosuch.example.com/",
                "https://[2001:db8:93:32::34]/", "http://[2001:db8:153::10]:81/");
        assertThat(o.code()).isEqualTo(1);
        String text = Files.readString(har);
        assertThat(schema().validate(text, InputFormat.JSON)).as(text).isEmpty();
        JsonNode log = new ObjectMapper().readTree(text).get("log");
        assertThat(log.get("pages")).hasSize(3);
        assertThat(log.get("entries")).hasSize(3);
        List<String> errors = List.of("net::ERR_NAME_NOT_RESOLVED", "net::ERR_CERT_COMMON_NAME_INVALID", "net::ERR_CONNECTION_REFUSED");
        List<String> urls = List.of("https://nosuch.example.com/", "https://[2001:db8:93:32::34]/", "http://[2001:db8:153::10]:81/");
        Matcher failedIn = Pattern.compile("Page failed in ([0-9.]+) ms").matcher(o.out());
        for (int i = 0; i < 3; i++) {
            JsonNode e = log.get("entries").get(i);
            JsonNode page = log.get("pages").get(i);
            assertThat(e.get("pageref").asString()).isEqualTo(page.get("id").asString());
            assertThat(e.get("startedDateTime").asString()).isEqualTo(page.get("startedDateTime").asString());
            assertThat(e.get("request").get("url").asString()).isEqualTo(urls.get(i));
            assertThat(e.get("request").get("headers")).isEmpty();
            JsonNode r = e.get("response");
            assertThat(r.get("status").asInt()).isZero();
            assertThat(r.get("_error").asString()).isEqualTo(errors.get(i));
            assertThat(r.get("bodySize").asInt()).isEqualTo(-1);
            assertThat(r.get("content").get("mimeType").asString()).isEqualTo("x-unknown");
            assertThat(e.has("serverIPAddress")).isFalse();
            // devtools has no timing for a request without a response: the whole time is blocked
            JsonNode t = e.get("timings");
            assertThat(failedIn.find()).isTrue();
            double ms = Double.parseDouble(failedIn.group(1));
            assertThat(t.get("blocked").asDouble()).isEqualTo(ms);
            assertThat(e.get("time").asDouble()).isEqualTo(ms);
            for (String phase : List.of("dns", "connect", "ssl")) {
                assertThat(t.get(phase).asDouble()).as(phase).isEqualTo(-1);
            }
            for (String phase : List.of("send", "wait", "receive")) {
                assertThat(t.get(phase).asDouble()).as(phase).isZero();
            }
        }
    }

    /** The duration of the narration's step whose title starts with {@code title}. */
    private static double step(String story, String title) {
        return number(story, "\\[[0-9.]+ s \\+([0-9.]+) ms\\] " + Pattern.quote(title));
    }

    private static double number(String story, String regex) {
        Matcher m = Pattern.compile(regex).matcher(story);
        assertThat(m.find()).as(regex).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
