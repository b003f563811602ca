package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.problemIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.RedirectServiceType.RedirectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: redirect}: defaults, targets and one-line errors at the field. */
class RedirectFieldsTest {
    @TempDir
    Path dir;

    static final String HEAD = """
            name: w
            duration: 10s
            nodes:
              - {name: db, kind: host}
            """;

    Path write(String yaml) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void a_redirect_reads_its_defaults_and_targets() throws Exception {
        Scenario s = ScenarioLoader.load(write(HEAD + """
                  - name: r
                    kind: host
                    services:
                      - {type: redirect, to: https}
                      - {type: redirect, port: 8080, to: "https://WWW.Example.com:8443/", status: 308}
                      - {type: redirect, tls: true, names: [old.example.com], to: https://www.example.com}
                """));
        RedirectSpec d = (RedirectSpec) s.nodes().get(1).services().get(0);
        assertThat(d.port()).isEqualTo(80);
        assertThat(d.status()).isEqualTo(301);
        assertThat(d.to().scheme()).isEqualTo("https");
        assertThat(d.to().authority()).isNull();
        RedirectSpec b = (RedirectSpec) s.nodes().get(1).services().get(1);
        assertThat(b.port()).isEqualTo(8080);
        assertThat(b.status()).isEqualTo(308);
        assertThat(b.to().authority()).isEqualTo("www.example.com:8443");
        RedirectSpec t = (RedirectSpec) s.nodes().get(1).services().get(2);
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.tls()).isTrue();
        assertThat(t.to().display()).isEqualTo("https://www.example.com");
    }

    @Test
    void bad_fields_are_one_line_errors_at_their_path() throws Exception {
        assertThat(problemIn(write(HEAD + "  - {name: r, kind: host, services: [{type: redirect}]}\n")).getMessage())
                .contains(":5:").contains("nodes[1].services[0].to: missing required field 'to'");
        assertThat(problemIn(write(HEAD + "  - {name: r, kind: host, services: [{type: redirect, to: ftp://x.example}]}\n")).getMessage())
                .contains("nodes[1].services[0].to: a base URL is http:// or https:// with a host");
        assertThat(problemIn(write(HEAD + "  - {name: r, kind: host, services: [{type: redirect, to: \"https://x.example/a?b\"}]}\n"))
                .getMessage()).contains("nodes[1].services[0].to: a base URL has no path, query, fragment or user");
        assertThat(problemIn(write(HEAD + "  - {name: r, kind: host, services: [{type: redirect, to: \"https://x y\"}]}\n")).getMessage())
                .contains("nodes[1].services[0].to: not a URL: 'https://x y'");
        assertThat(problemIn(write(HEAD + "  - {name: r, kind: host, services: [{type: redirect, to: https, status: 200}]}\n"))
                .getMessage()).contains("nodes[1].services[0].status: unknown value '200' (allowed: 301, 302, 303, 307, 308)");
        assertThat(problemIn(write(HEAD + "  - {name: r, kind: host, services: [{type: redirect, to: https, root: x}]}\n"))
                .getMessage()).contains("unknown field 'root'").contains("allowed: type, port, tls, names, to, status");
    }
}
