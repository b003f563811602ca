package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.problemIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.gateway.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: gateway} and {@code type: auth}: the defaults, and each mistake as one line at its field. */
class GatewayServiceTypeTest {
    @TempDir
    Path dir;

    static final String HEAD = """
            name: g
            duration: 10s
            nodes:
              - {name: api, kind: host}
              - {name: auth, kind: host}
              - {name: redis, kind: host}
            """;

    static final String GOOD = """
              - name: gw
                kind: host
                services:
                  - type: gateway
                    pools: [{name: users, backends: [api:8080]}]
                    jwt: {jwks: auth:80, audience: https://api.example.com}
                    api-keys: [{key: k-1, name: partner, scopes: [users:read]}]
                    redis: redis:6379
                    routes:
                      - {prefix: /api, pool: users, auth: jwt-or-api-key, scopes: [users:read], set-headers: ["X-Env: test"],
                         rate-limit: {per: api-key, requests: 5, period: 2s, store: redis}, timeout: 3s, retries: 2}
                      - {host: www.example.com, prefix: /, pool: users, rate-limit: {requests: 10, burst: 20}}
            """;

    Path write(String yaml) throws Exception {
        Path f = dir.resolve("g.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    String problem(String yaml) throws Exception {
        return problemIn(write(yaml)).getMessage();
    }

    @Test
    void a_gateway_is_read_with_its_defaults() throws Exception {
        Scenario s = ScenarioLoader.load(write(HEAD + GOOD));
        GatewayServiceType.GatewaySpec g = (GatewayServiceType.GatewaySpec) s.nodes().get(3).services().get(0);
        assertThat(g.port()).isEqualTo(80);
        assertThat(g.accessLog()).isEqualTo("/var/log/gateway/access.log");
        assertThat(g.realm()).isEqualTo("api");
        Gateway.Route api = g.routes().get(0);
        assertThat(api.name()).isEqualTo("/api");
        assertThat(api.limit()).isEqualTo(new Gateway.Limit(Gateway.Per.API_KEY, 5, 2_000_000_000L, 5, true));
        assertThat(api.request()).containsExactly(new Gateway.HeaderRule("X-Env", "test"));
        assertThat(api.retries()).isEqualTo(2);
        Gateway.Route www = g.routes().get(1);
        assertThat(www.name()).isEqualTo("www.example.com/");
        assertThat(www.timeoutNs()).isEqualTo(60_000_000_000L);
        assertThat(www.limit()).isEqualTo(new Gateway.Limit(Gateway.Per.CLIENT, 10, 1_000_000_000L, 20, false));
        assertThat(ServiceTypes.describe(g)).isEqualTo("gateway port 80, routes /api -> users, www.example.com/ -> users");
    }

    @Test
    void each_mistake_is_one_line_at_its_field() throws Exception {
        assertThat(problem(HEAD + GOOD.replace("pool: users, auth", "pool: orders, auth")))
                .contains("routes[0].pool: no pool 'orders' (pools: users)");
        assertThat(problem(HEAD + GOOD.replace("        jwt: {jwks: auth:80, audience: https://api.example.com}\n", "")))
                .contains("routes[0].auth: auth jwt-or-api-key needs the gateway's jwt");
        assertThat(problem(HEAD + GOOD.replace("        redis: redis:6379\n", "")))
                .contains("routes[0].rate-limit.store: store redis needs the gateway's redis");
        assertThat(problem(HEAD + GOOD.replace("period: 2s, store: redis", "period: 2s, burst: 9, store: redis")))
                .contains("rate-limit.burst: a Redis fixed window has no burst");
        assertThat(problem(HEAD + GOOD.replace("\"X-Env: test\"", "\"X Env\"")))
                .contains("routes[0].set-headers[0]: expected 'Name: value'");
        assertThat(problem(HEAD + GOOD.replace("{host: www.example.com, prefix: /, pool: users,", "{prefix: /, pool: users, scopes: [a],")))
                .contains("routes[1].scopes: scopes need an auth");
        assertThat(problem(HEAD + GOOD.replace("prefix: /api,", "prefix: api,"))).contains("routes[0].prefix: a path prefix starts with '/'");
        assertThat(problem(HEAD + GOOD.replace("requests: 5,", "requests: 0,"))).contains("rate-limit.requests:");
        assertThat(problem(HEAD + GOOD.replace("jwks: auth:80", "jwks: nobody:80"))).contains("unknown node 'nobody'");
        assertThat(problem(HEAD + GOOD.replace("per: api-key", "per: user"))).contains("allowed: route, client, api-key");
        assertThat(problem(HEAD.replace("duration: 10s\n", "") + GOOD)).contains("a gateway checks its pools' backends forever");
    }

    @Test
    void an_auth_service_is_read_with_its_defaults_and_mistakes() throws Exception {
        String auth = "  - {name: a, kind: host, services: [{type: auth, clients: [{id: c1, secret: s, scopes: [x:read], audience: https://api}]}]}\n";
        Scenario s = ScenarioLoader.load(write(HEAD + auth));
        AuthServiceType.AuthSpec a = (AuthServiceType.AuthSpec) s.nodes().get(3).services().get(0);
        assertThat(a.alg().getName()).isEqualTo("ES256");
        assertThat(a.lifetimeNs()).isEqualTo(3600_000_000_000L);
        assertThat(ServiceTypes.describe(a)).isEqualTo("auth port 80, ES256 tokens for 1 client");
        assertThat(problem(HEAD + auth.replace("type: auth,", "type: auth, alg: RS256,"))).contains("alg: unknown value 'RS256' (allowed: ES256, EdDSA)");
        assertThat(problem(HEAD + auth.replace("type: auth,", "type: auth, token-lifetime: 1500ms,"))).contains("token-lifetime: a token lifetime is whole seconds");
        assertThat(problem(HEAD + auth.replace(", audience: https://api", ""))).contains("clients[0].audience: missing required field 'audience'");
        assertThat(problem(HEAD + auth.replace("scopes: [x:read]", "scopes: ['a b']"))).contains("clients[0].scopes[0]: a scope is printable ASCII");
    }
}
