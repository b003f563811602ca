package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.problemIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields of {@code type: cdn}, {@code type: cdn-dns} and a gateway route's {@code cache}: each error at its path, one line. */
class CdnFieldsTest {
    private static final String NODES = ServicesFieldsTest.HEAD + "  - {name: o, kind: host, services: [{type: web, port: 80, root: site}]}\n";

    @TempDir
    Path dir;

    private ScenarioException problem(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        return problemIn(f);
    }

    @Test
    void a_cdn_edge_needs_an_origin_or_a_shield_but_not_both() throws Exception {
        assertThat(problem(NODES + "  - {name: e, kind: host, services: [{type: cdn}]}\n").getMessage())
                .contains("nodes[3].services[0]: a cdn edge needs an origin (node:port, e.g. web:80) or a shield");
        assertThat(problem(NODES + "  - {name: e, kind: host, services: [{type: cdn, origin: o:80, shield: o:80}]}\n").getMessage())
                .contains("give an origin or a shield, not both");
        assertThat(problem(NODES + "  - {name: e, kind: host, services: [{type: cdn, origin: nobody:80}]}\n").getMessage())
                .contains("nodes[3].services[0].origin: unknown node 'nobody'");
        assertThat(problem(NODES + "  - {name: e, kind: host, services: [{type: cdn, origin: o:80, cache: {size: 12}}]}\n").getMessage())
                .contains("nodes[3].services[0].cache.size: a cache's size is from 1KB to 1TiB, got 12 bytes");
        assertThat(problem(NODES + "  - {name: e, kind: host, services: [{type: cdn, origin: o:80, cache: {size: 10Mb}}]}\n").getMessage())
                .contains("nodes[3].services[0].cache.size:").contains("bits");
    }

    @Test
    void a_steering_server_needs_a_zone_and_edges() throws Exception {
        assertThat(problem(NODES + "  - {name: d, kind: host, services: [{type: cdn-dns, edges: [o]}]}\n").getMessage())
                .contains("nodes[3].services[0].zone: missing required field 'zone'");
        assertThat(problem(NODES + "  - {name: d, kind: host, services: [{type: cdn-dns, zone: 'a..b', edges: [o]}]}\n").getMessage())
                .contains("nodes[3].services[0].zone: bad zone name 'a..b'");
        assertThat(problem(NODES + "  - {name: d, kind: host, services: [{type: cdn-dns, zone: cdn.example.net, edges: []}]}\n").getMessage())
                .contains("nodes[3].services[0].edges: needs at least one edge");
        assertThat(problem(NODES + "  - {name: d, kind: host, services: [{type: cdn-dns, zone: cdn.example.net, edges: [o], ttl: 1500ms}]}\n")
                .getMessage()).contains("nodes[3].services[0].ttl: a DNS TTL is whole seconds");
    }

    @Test
    void a_gateway_routes_cache_is_a_size() throws Exception {
        assertThat(problem(NODES + "  - {name: g, kind: host, services: [{type: gateway, pools: [{name: p, backends: [o:80]}],"
                + " routes: [{prefix: /, pool: p, cache: {bytes: 1}}]}]}\n").getMessage())
                .contains("nodes[3].services[0].routes[0].cache.bytes: unknown field 'bytes' (allowed: size)");
    }
}
