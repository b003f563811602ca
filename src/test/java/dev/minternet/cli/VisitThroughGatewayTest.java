package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A visit through an API gateway tells the gateway's part from the trace: the route matched, the
 * pool and the backend it chose, the X-Request-ID; on a route that needs a token and gets none, the
 * 401 and its reason, and that the pool never saw the request. The diagram has the gateway as a
 * participant, and the narration is the same on every run.
 */
class VisitThroughGatewayTest {
    @TempDir
    Path dir;

    private Path world() throws Exception {
        return world("burst: 5", "<html><h1>hi</h1></html>\n");
    }

    private Path world(String burst, String index) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site/api"));
        Files.writeString(dir.resolve("site/index.html"), index);
        Files.writeString(dir.resolve("site/a.css"), "h1{}\n");
        Files.writeString(site.resolve("private"), "{\"x\":1}\n");
        return Files.writeString(dir.resolve("world.yaml"), """
                name: gw-visit
                routing: global
                duration: 20s
                nodes:
                  - {name: laptop, kind: host}
                  - {name: r, kind: router}
                  - name: gw
                    kind: host
                    services:
                      - type: gateway
                        port: 80
                        pools:
                          - {name: web, algorithm: round-robin, backends: [web-1:80, web-2:80]}
                        jwt: {jwks: auth:80, audience: https://api.example.com, issuer: http://auth}
                        routes:
                          - {name: private, prefix: /api, pool: web, auth: jwt, scopes: [web:read]}
                          - {name: public, prefix: /, pool: web, rate-limit: {per: client, requests: 1, period: 10s, BURST}}
                  - name: auth
                    kind: host
                    services:
                      - type: auth
                        issuer: http://auth
                        alg: ES256
                        clients:
                          - {id: c, secret: s, scopes: [web:read], audience: https://api.example.com}
                  - {name: web-1, kind: host, services: [{type: web, port: 80, root: site}]}
                  - {name: web-2, kind: host, services: [{type: web, port: 80, root: site}]}
                links:
                  - {a: laptop 10.0.1.2/24, b: r 10.0.1.1/24, delay: 5ms}
                  - {a: r 10.0.3.1/24, b: gw 10.0.3.2/24, delay: 200us}
                  - {a: r 10.0.5.1/24, b: auth 10.0.5.2/24, delay: 200us}
                  - {a: r 10.0.7.1/24, b: web-1 10.0.7.2/24, delay: 200us}
                  - {a: r 10.0.8.1/24, b: web-2 10.0.8.2/24, delay: 200us}
                """.replace("BURST", burst));
    }

    @Test
    void the_public_route_is_told_with_its_pool_and_backend() throws Exception {
        Path world = world();
        Path mermaid = dir.resolve("v.mmd");
        Path html = dir.resolve("v.html");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--explain", "--mermaid", mermaid.toString(),
                "--html", html.toString(), "http://gw/");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("GET / -> 200",
                "gw: route public (host gw, path /) -> pool web, X-Request-ID ",
                "gw: rate limit client:10.0.1.2 (local): 4 of 5 left",
                "gw: pool web (round-robin: web-1, next in rotation among [web-1, web-2])",
                "gw: answered 200 in ",
                "gw, an API gateway, matches the request to its route public",
                "Its pool web picks a backend (round-robin: web-1) and the gateway relays its answer back.");
        assertThat(o.out()).doesNotContain("a load balancer, picks");
        assertThat(o.out()).containsPattern("X-Request-ID [0-9a-f]{32}");
        List<String> participants = Files.readAllLines(mermaid).stream().filter(l -> l.strip().startsWith("participant ")).toList();
        assertThat(participants).contains("    participant gw as gw", "    participant web_1 as web-1");
        assertThat(Files.readString(mermaid)).contains("laptop->>gw: ", "gw->>web_1: ", "web_1->>gw: ");
        assertThat(Files.readString(html)).contains("<g class=\"lane\" data-node=\"gw\">");

        CliTest.Outcome again = CliTest.exec("visit", "--world", world.toString(), "--explain", "http://gw/");
        assertThat(again.out()).isEqualTo(CliTest.exec("visit", "--world", world.toString(), "--explain", "http://gw/").out());
    }

    @Test
    void the_protected_route_without_a_token_is_told_as_a_401_with_its_reason() throws Exception {
        Path world = world();
        Path mermaid = dir.resolve("p.mmd");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--explain", "--mermaid", mermaid.toString(),
                "http://gw/api/private");
        assertThat(o.out()).as(o.err()).contains("GET /api/private -> 401",
                "gw: route private (host gw, path /api/private) -> pool web, X-Request-ID ",
                "gw: 401 Unauthorized, missing token (no credentials)",
                "gw answers 401 Unauthorized itself with a WWW-Authenticate challenge: no credentials",
                "so the request never reaches the pool web.");
        assertThat(o.out()).doesNotContain("gw: pool web (", "JWT valid");
        assertThat(Files.readString(mermaid)).contains("participant gw as gw").doesNotContain("web_1");
        CliTest.Outcome again = CliTest.exec("visit", "--world", world.toString(), "--explain", "--mermaid", mermaid.toString(),
                "http://gw/api/private");
        assertThat(again.out()).isEqualTo(o.out());
    }

    @Test
    void a_request_over_the_limit_is_told_as_a_429() throws Exception {
        Path world = world("burst: 1", "<html><link rel=\"stylesheet\" href=\"/a.css\"><h1>hi</h1></html>\n");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--explain", "http://gw/");
        assertThat(o.out()).as(o.err()).contains("GET / -> 200", "gw: rate limit client:10.0.1.2 (local): 0 of 1 left",
                "GET /a.css -> 429",
                "gw: rate limit client:10.0.1.2 (local): 429 Too Many Requests with Retry-After, none of 1 left, whole again in 10 s");
    }
}
