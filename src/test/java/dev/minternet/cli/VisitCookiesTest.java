package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser's jar over plain http: the login's Secure cookie is refused, told with the reason, and never sent. */
class VisitCookiesTest {
    @Test
    void a_secure_cookie_from_plain_http_is_refused_and_never_sent(@TempDir Path dir) throws Exception {
        Path world = Files.writeString(dir.resolve("w.yaml"), """
                name: cookies-http
                seed: 1
                start: 2026-12-04T09:00:00Z
                routing: global
                duration: 10s
                nodes:
                  - {name: laptop, kind: host}
                  - name: auth
                    kind: host
                    services:
                      - type: auth
                        clients: [{id: c, secret: s, audience: x}]
                        users: [{name: alice, password: pw, audience: x}]
                links:
                  - {a: laptop 10.0.0.1/24, b: auth 10.0.0.2/24, delay: 1ms}
                """);
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "http://auth/login?username=alice&password=pw",
                "http://auth/health");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("cookie jar: session not stored: Secure cookie from an insecure origin")
                .doesNotContain("cookies sent");
    }
}
