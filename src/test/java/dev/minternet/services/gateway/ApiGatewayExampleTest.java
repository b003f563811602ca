package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/api-gateway.yaml end to end: a token by client credentials, then 200 with it, 401
 * without it, with a forged signature and with alg none, 403 on the admin route, 429 from the
 * per-client token bucket and from the Redis window the two gateways share; the access log read
 * with tail; tshark reading the HTTP and RESP on the wire. One run, every interface captured.
 */
class ApiGatewayExampleTest {
    static final Path EXAMPLE = Path.of("examples/api-gateway.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    /** The gateways' answers, in order: gateway node and status. */
    static List<String> answers() {
        return run.events(e -> e.is(GatewayEvents.ACCESS)).stream().map(e -> e.node() + " " + e.num(GatewayEvents.STATUS)).toList();
    }

    @Test
    void every_command_succeeds_and_the_token_answer_is_oauth_json() {
        assertThat(run.events(e -> e.is(ToolEvents.EXIT)).stream().map(e -> e.num(ToolEvents.CODE))).containsOnly(0L);
        assertThat(run.terminal("client").get(0)).startsWith("{\"access_token\":\"eyJ").endsWith(
                "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"users:read\"}");
        TraceEvent token = run.events(AuthEvents.TOKEN).get(0);
        assertThat(token.get(AuthEvents.GRANT)).isEqualTo("client_credentials");
        assertThat(token.get(AuthEvents.ALG)).isEqualTo("ES256");
    }

    @Test
    void the_statuses_are_200_401_403_and_429_in_the_timelines_order() {
        assertThat(answers()).containsExactly("gw-1 200", "gw-1 401", "gw-1 401", "gw-1 401", "gw-1 403", "gw-1 200", "gw-1 200",
                "gw-1 429", "gw-1 200", "gw-2 200", "gw-1 200", "gw-2 429");
        assertThat(run.terminal("client")).contains("[{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},"
                + "{\"id\":2,\"name\":\"Alan Turing\",\"email\":\"alan@example.com\"},{\"id\":3,\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}]");
    }

    @Test
    void four_oh_one_and_four_oh_three_are_told_apart_in_the_headers_and_the_trace() {
        List<String> out = run.terminal("client");
        assertThat(out).contains("WWW-Authenticate: Bearer realm=\"api\"",
                "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"bad signature (ES256, kid "
                        + run.events(AuthEvents.TOKEN).get(0).get(AuthEvents.KID) + ")\"",
                "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"alg none: an unsigned token proves nothing\"",
                "WWW-Authenticate: Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"users:admin\", error_description=\"the token lacks a scope\"");
        assertThat(run.events(GatewayEvents.AUTH_DENY)).extracting(e -> e.num(GatewayEvents.STATUS) + " " + e.get(GatewayEvents.ERROR))
                .containsExactly("401 ", "401 invalid_token", "401 invalid_token", "403 insufficient_scope");
        assertThat(run.events(GatewayEvents.AUTH_OK)).extracting(e -> e.get(GatewayEvents.METHOD) + " " + e.get(GatewayEvents.SUBJECT))
                .containsExactly("jwt reporting", "api-key partner", "api-key partner", "api-key partner", "api-key partner");
        // the JWKS was fetched once, by gw-1, when the first token came
        assertThat(run.events(GatewayEvents.JWKS)).extracting(TraceEvent::node, e -> e.num(GatewayEvents.KEYS))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gw-1", 2L));
    }

    @Test
    void the_limits_send_429_with_retry_after_and_ratelimit_fields() {
        List<String> client = run.terminal("client");
        int i = client.indexOf("HTTP/1.1 429 Too Many Requests");
        assertThat(client.subList(i, i + 8)).contains("Retry-After: 1", "RateLimit-Limit: 2", "RateLimit-Remaining: 0", "RateLimit-Reset: 2");
        List<String> partner = run.terminal("partner");
        assertThat(partner).containsSequence("200", "200", "200");
        assertThat(partner).contains("HTTP/1.1 429 Too Many Requests", "RateLimit-Limit: 3", "RateLimit-Remaining: 0", "Retry-After: 4");
        // the shared window counted across both gateways, in Redis
        List<TraceEvent> shared = run.events(e -> e.is(GatewayEvents.RATE) && e.get(GatewayEvents.KEY).startsWith("key:"));
        assertThat(shared).extracting(e -> e.node() + " " + e.get(GatewayEvents.STORE) + " " + e.get(GatewayEvents.ALLOWED) + " "
                + e.num(GatewayEvents.REMAINING)).containsExactly("gw-1 redis true 2", "gw-2 redis true 1", "gw-1 redis true 0",
                "gw-2 redis false 0");
        assertThat(partner).anyMatch(l -> l.matches("\\d\\) \"ratelimit:users/key:pk-partner-7f3a:\\d+\""));
    }

    @Test
    void tail_shows_the_access_log_in_nginx_combined_format() {
        List<String> log = run.terminal("gw-1");
        assertThat(log).hasSize(6);
        for (String line : log) {
            assertThat(line).matches("10\\.0\\.[12]\\.2 - - \\[04/Dec/2026:09:00:0\\d \\+0000\\] \"GET /[^ ]* HTTP/1\\.1\" \\d{3} \\d+ \"-\" \"curl/8\\.5\\.0\"");
        }
        assertThat(log.get(3)).isEqualTo("10.0.1.2 - - [04/Dec/2026:09:00:05 +0000] \"GET / HTTP/1.1\" 429 105 \"-\" \"curl/8.5.0\"");
        // X-Request-ID: the same id in the response, the trace and upstream
        String id = run.events(GatewayEvents.ACCESS).get(0).get(GatewayEvents.REQUEST_ID);
        assertThat(id).matches("[0-9a-f]{32}");
    }

    @Test
    void tshark_decodes_http_through_the_gateway_and_resp_to_redis_with_nothing_malformed() throws Exception {
        Oracles.tshark();
        Path gw = run.dir().resolve("gw-1-eth0.pcap");
        assertThat(Tshark.malformedCount(gw)).isZero();
        assertThat(Tshark.malformedCount(run.dir().resolve("client-eth0.pcap"))).isZero();
        assertThat(Tshark.malformedCount(run.dir().resolve("redis-eth0.pcap"))).isZero();
        // what the client was answered on port 80, as tshark reads it
        List<String> codes = Tshark.fields(gw, "http.response && ip.src == 10.0.3.2 && tcp.srcport == 80", "http.response.code").stream()
                .map(r -> r.get("http.response.code")).toList();
        assertThat(codes).containsExactly("200", "401", "401", "401", "403", "200", "200", "429", "200", "200");
        // the request upstream carries the rewrites and the same X-Request-ID the client got
        List<Map<String, String>> up = Tshark.fields(gw, "http.request && tcp.dstport == 8080 && http.request.uri == \"/api/users\""
                + " && !(http.user_agent contains \"health\")", "http.request.line");
        assertThat(up).isNotEmpty();
        assertThat(up.get(0).get("http.request.line")).contains("X-Env: simulation").contains("X-Request-ID: ")
                .contains("X-Consumer: reporting").doesNotContainIgnoringCase("content-length");
        String first = run.events(GatewayEvents.ACCESS).get(0).get(GatewayEvents.REQUEST_ID);
        assertThat(up.get(0).get("http.request.line")).contains("X-Request-ID: " + first);
        assertThat(run.terminal("client")).filteredOn(l -> l.startsWith("X-Request-ID: ")).hasSize(5).doesNotHaveDuplicates();
        assertThat(Tshark.count(run.dir().resolve("redis-eth0.pcap"), "resp")).isPositive();
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
