package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.mesh.Sidecar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code type: sidecar}: its defaults and one-line errors with their field paths. */
class SidecarServiceTypeTest {
    static final String HEAD = "name: w\nduration: 10s\nnodes:\n";

    private static ScenarioException problem(String services) {
        try {
            Scenario s = ScenarioLoader.parse(Path.of("bad.yaml").toString(), HEAD + "  - {name: a, kind: host, services: " + services + "}\n");
            throw new AssertionError("expected a ScenarioException, got " + s);
        } catch (ScenarioException e) {
            return e;
        }
    }

    @Test
    void defaults_follow_istio_and_envoy() throws Exception {
        Scenario s = ScenarioLoader.parse("ok.yaml", HEAD
                + "  - {name: a, kind: host, services: [{type: redis, port: 8080}, {type: sidecar, service: orders, intercept: 8080}]}\n");
        SidecarServiceType.SidecarSpec spec = (SidecarServiceType.SidecarSpec) s.nodes().get(0).services().get(1);
        Sidecar.Config c = spec.config();
        assertThat(spec.port()).isEqualTo(15006);
        assertThat(c.namespace()).isEqualTo("default");
        assertThat(c.trustDomain()).isEqualTo("cluster.local");
        assertThat(c.identity()).isEqualTo(Sidecar.IdentitySource.MESH);
        assertThat(c.certTtlNs()).isEqualTo(24L * 3600 * 1_000_000_000L);
        assertThat(c.renewBeforeNs()).isEqualTo(12L * 3600 * 1_000_000_000L);
        assertThat(c.retries()).isEqualTo(2);
        assertThat(c.perTryTimeoutNs()).isEqualTo(15_000_000_000L);
        assertThat(c.consecutive5xx()).isEqualTo(5);
        assertThat(c.baseEjectionNs()).isEqualTo(30_000_000_000L);
    }

    @Test
    void errors_name_the_field() {
        assertThat(problem("[{type: sidecar}]").getMessage()).contains("nodes[0].services[0].service: missing required field 'service'");
        assertThat(problem("[{type: sidecar, service: Orders_1, intercept: 80}]").getMessage())
                .contains("nodes[0].services[0].service: bad name 'Orders_1'");
        assertThat(problem("[{type: sidecar, service: orders}]").getMessage())
                .contains("nodes[0].services[0].service: a sidecar needs an intercept port, upstreams, or both");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80, cert-ttl: 1h, renew-before: 2h}]").getMessage())
                .contains("nodes[0].services[0].renew-before: renew-before must be shorter than cert-ttl");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80, identity: none}]").getMessage())
                .contains("nodes[0].services[0].intercept: a sidecar without an identity cannot serve mutual TLS");
        assertThat(problem("[{type: sidecar, service: o, identity: vault, intercept: 80}]").getMessage())
                .contains("nodes[0].services[0].identity: unknown value 'vault' (allowed: mesh, rogue, none)");
        assertThat(problem("[{type: sidecar, service: o, upstreams: [{service: p, port: 9001}, {service: q, port: 9001}]}]").getMessage())
                .contains("nodes[0].services[0].upstreams[1].port: port 9001 is already the local port of another upstream");
        assertThat(problem("[{type: sidecar, service: o, upstreams: [{service: p, port: 15000}]}]").getMessage())
                .contains("nodes[0].services[0].upstreams[0].port: port 15000 is the sidecar's own");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80, policies: [{name: a, paths: [api]}]}]").getMessage())
                .contains("nodes[0].services[0].policies[0].paths[0]: a path prefix starts with '/'");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80, policies: [{name: a}, {name: a}]}]").getMessage())
                .contains("nodes[0].services[0].policies[1].name: duplicate policy name 'a'");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80, policies: [{name: a, action: audit}]}]").getMessage())
                .contains("nodes[0].services[0].policies[0].action: unknown value 'audit' (allowed: allow, deny)");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80, outlier: {consecutive-5xx: 0}}]").getMessage())
                .contains("nodes[0].services[0].outlier.consecutive-5xx: expected an integer");
        assertThat(problem("[{type: sidecar, service: o, intercept: 80}, {type: sidecar, service: p, intercept: 81}]").getMessage())
                .contains("port 15006 is already taken by the service on line");
        assertThat(ScenarioLoaderProblem.of("name: w\nnodes:\n  - {name: a, kind: host, services: [{type: sidecar, service: o, intercept: 80}]}\n"))
                .contains("a sidecar renews its certificate forever");
    }

    /** Loads a whole scenario and returns its error message. */
    static final class ScenarioLoaderProblem {
        static String of(String yaml) {
            try {
                ScenarioLoader.parse("bad.yaml", yaml);
                throw new AssertionError("expected a ScenarioException");
            } catch (ScenarioException e) {
                return e.getMessage();
            }
        }
    }
}
