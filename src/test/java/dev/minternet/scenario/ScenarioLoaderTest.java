package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.minternet.scenario.Scenario.Endpoint;
import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.LinkState;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.RouteSpec;
import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ScenarioLoaderTest.class.getResource("/scenarios/" + name).toURI());
    }

    private static Scenario helloInternet() throws Exception {
        return ScenarioLoader.load(resource("hello-internet.yaml"));
    }

    @Test
    void top_level_fields_are_read() throws Exception {
        Scenario s = helloInternet();
        assertThat(s.file()).endsWith("hello-internet.yaml");
        assertThat(s.name()).isEqualTo("hello-internet");
        assertThat(s.description()).isEqualTo("A laptop reaches a server");
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.start()).isEqualTo(Instant.parse("2026-11-21T09:00:00Z"));
        assertThat(s.routing()).isEqualTo(Routing.GLOBAL);
        assertThat(s.durationNs()).isEqualTo(60_000_000_000L);
    }

    @Test
    void nodes_keep_file_order_with_their_routes() throws Exception {
        Scenario s = helloInternet();
        assertThat(s.nodes()).extracting(NodeSpec::name).containsExactly("laptop", "home-router", "isp", "server");
        assertThat(s.nodes()).extracting(NodeSpec::kind)
                .containsExactly(NodeKind.HOST, NodeKind.ROUTER, NodeKind.ROUTER, NodeKind.HOST);
        NodeSpec laptop = s.nodes().get(0);
        assertThat(laptop.loc()).isEqualTo(new Loc(s.file(), 9, 5));
        assertThat(laptop.routes()).containsExactly(
                new RouteSpec(new Cidr(0, 0), Ip4.parse("192.168.1.1"), null, new Loc(s.file(), 12, 9)));

        NodeSpec router = s.nodes().get(1);
        assertThat(router.routes()).hasSize(3);
        assertThat(router.routes().get(0).dest()).isEqualTo(new Cidr(0, 0));
        assertThat(router.routes().get(0).via()).isEqualTo(Ip4.parse("100.64.0.1"));
        assertThat(router.routes().get(0).dev()).isEqualTo("wan");
        assertThat(router.routes().get(1).dest()).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(router.routes().get(1).dev()).isNull();
        assertThat(router.routes().get(2).dest()).isEqualTo(Cidr.parse("172.16.0.0/12"));
        assertThat(router.routes().get(2).via()).as("a device route has no gateway").isZero();
        assertThat(router.routes().get(2).dev()).isEqualTo("eth0");
        assertThat(s.nodes().get(2).routes()).isEmpty();
    }

    @Test
    void link_fields_and_defaults() throws Exception {
        Scenario s = helloInternet();
        assertThat(s.links()).extracting(LinkSpec::name)
                .containsExactly("home-lan", "home-router--isp", "isp--server");

        LinkSpec lan = s.links().get(0);
        assertThat(lan.a()).isEqualTo(new Endpoint("laptop", "eth0", Cidr.parse("192.168.1.10/24"),
                new Loc(s.file(), 27, 8)));
        assertThat(lan.b().address()).isEqualTo(Cidr.parse("192.168.1.1/24"));
        assertThat(lan.bandwidthBps()).isEqualTo(100_000_000L);
        assertThat(lan.delayNs()).isEqualTo(2_000_000L);
        assertThat(lan.mtu()).isEqualTo(1492);
        assertThat(lan.queuePackets()).isZero();
        assertThat(lan.queueBytes()).isEqualTo(64_000);
        assertThat(lan.loss()).isCloseTo(0.001, within(1e-12));
        assertThat(lan.cost()).isEqualTo(10);
        assertThat(lan.loc()).isEqualTo(new Loc(s.file(), 26, 5));

        LinkSpec wan = s.links().get(1);
        assertThat(wan.bandwidthBps()).isEqualTo(1_000_000_000L);
        assertThat(wan.delayNs()).isZero();
        assertThat(wan.mtu()).isEqualTo(1500);
        assertThat(wan.queuePackets()).isEqualTo(100);
        assertThat(wan.queueBytes()).isZero();
        assertThat(wan.loss()).isZero();
        assertThat(wan.cost()).isEqualTo(1);

        assertThat(s.links().get(2).queuePackets()).isEqualTo(50);
        assertThat(s.links().get(2).queueBytes()).isZero();
    }

    @Test
    void interfaces_are_numbered_per_node_in_link_order_skipping_explicit_names() throws Exception {
        Scenario s = helloInternet();
        LinkSpec lan = s.links().get(0);
        LinkSpec wan = s.links().get(1);
        LinkSpec dc = s.links().get(2);
        assertThat(lan.a().iface()).isEqualTo("eth0");
        assertThat(lan.b().iface()).as("home-router's first link").isEqualTo("eth0");
        assertThat(wan.a().iface()).as("named explicitly").isEqualTo("wan");
        assertThat(wan.b().iface()).as("isp's eth0 is taken explicitly by a later link").isEqualTo("eth1");
        assertThat(dc.a().iface()).isEqualTo("eth0");
        assertThat(dc.b().iface()).isEqualTo("eth0");
    }

    @Test
    void timeline_keeps_file_order() throws Exception {
        Scenario s = helloInternet();
        assertThat(s.timeline()).containsExactly(
                new RunCommand(1_000_000_000L, "laptop", "ping -c 4 server", new Loc(s.file(), 41, 5)),
                new LinkState(5_000_000_000L, "isp--server", false, new Loc(s.file(), 44, 5)),
                new LinkState(2_000_000_000L, "isp--server", true, new Loc(s.file(), 46, 5)));
    }

    @Test
    void a_minimal_scenario_gets_the_documented_defaults() throws Exception {
        Scenario s = ScenarioLoader.parse("min.yaml", """
                name: lonely
                nodes:
                  - {name: box, kind: host}
                """);
        assertThat(s.file()).isEqualTo("min.yaml");
        assertThat(s.description()).isEmpty();
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(s.routing()).isEqualTo(Routing.STATIC);
        assertThat(s.durationNs()).isEqualTo(-1);
        assertThat(s.nodes()).containsExactly(new NodeSpec("box", NodeKind.HOST, List.of(),
                new Loc("min.yaml", 3, 5)));
        assertThat(s.links()).isEmpty();
        assertThat(s.timeline()).isEmpty();
    }

    @Test
    void a_slash_31_and_host_routes_are_accepted() throws Exception {
        Scenario s = ScenarioLoader.parse("p2p.yaml", """
                name: p2p
                nodes:
                  - name: r1
                    kind: router
                    routes: ["10.9.9.9 via 10.0.0.1", "10.8.0.0/16 dev eth0"]
                  - name: r2
                    kind: router
                links:
                  - a: r1 10.0.0.0/31
                    b: r2 10.0.0.1/31
                """);
        assertThat(s.links().get(0).a().address()).isEqualTo(Cidr.parse("10.0.0.0/31"));
        assertThat(s.nodes().get(0).routes().get(0).dest()).isEqualTo(Cidr.parse("10.9.9.9/32"));
        assertThat(s.nodes().get(0).routes().get(1).via()).isZero();
    }

    @Test
    void records_are_immutable() throws Exception {
        Scenario s = helloInternet();
        assertThatThrownBy(() -> s.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.nodes().get(0).routes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_missing_file_is_reported_without_a_made_up_position() {
        Path missing = Path.of("no-such-dir", "nowhere.yaml");
        assertThatThrownBy(() -> ScenarioLoader.load(missing))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("minternet: no such file: " + missing)
                .satisfies(e -> assertThat(((ScenarioException) e).loc()).isEqualTo(new Loc(missing.toString(), 0, 0)));
    }

    @Test
    void a_file_that_is_not_utf8_is_reported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ScenarioLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ": cannot read scenario file: not UTF-8 text");
    }

    @Test
    void a_directory_is_not_a_scenario(@TempDir Path dir) {
        assertThatThrownBy(() -> ScenarioLoader.load(dir)).isInstanceOf(ScenarioException.class)
                .hasMessage("minternet: is a directory: " + dir);
    }

    @Test
    void loading_twice_gives_equal_scenarios() throws Exception {
        assertThat(helloInternet()).isEqualTo(helloInternet());
    }
}
