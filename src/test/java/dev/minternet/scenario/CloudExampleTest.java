package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.testing.Runs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three cloud examples end to end: the shop works (the laptop gets the users through the
 * load balancer, the app server its update through the NAT gateway, a ping to the public
 * address), each broken variant fails where its puzzle says, and a run is byte-identical twice.
 */
class CloudExampleTest {
    @TempDir
    static Path dir;

    @Test
    void the_shop_answers_through_the_load_balancer_and_updates_through_the_nat_gateway() throws Exception {
        Runs.Result r = Runs.example(Path.of("examples/cloud-three-tier.yaml"), dir.resolve("ok"));
        assertThat(String.join("\n", r.terminal("laptop"))).contains("\"name\":\"Ada Lovelace\"")
                .contains("1 packets transmitted, 1 received");
        assertThat(r.terminal("app-1")).contains("pkg-1.2.3");
        // The NAT gateway masqueraded the app server, and the internet gateway mapped the NAT gateway's address.
        assertThat(r.trace().stream().anyMatch(e -> e.node().equals("nat-a") && e.toString().contains("snat"))).isTrue();
    }

    @Test
    void the_nacl_variant_drops_the_databases_answers_at_the_subnet_edge() throws Exception {
        Runs.Result r = Runs.example(Path.of("examples/cloud-three-tier-nacl-ephemeral.yaml"), dir.resolve("nacl"));
        assertThat(String.join("\n", r.terminal("laptop"))).doesNotContain("Ada Lovelace");
        assertThat(r.events(FirewallEvents.VERDICT).stream().anyMatch(e -> e.node().equals("shop-db-a")
                && e.toString().contains("DROP") && e.toString().contains("10.0.2.10:5432 -> 10.0.1.10"))).isTrue();
    }

    @Test
    void the_security_group_variant_drops_the_load_balancers_connections_at_the_app_server() throws Exception {
        Runs.Result r = Runs.example(Path.of("examples/cloud-three-tier-sg.yaml"), dir.resolve("sg"));
        assertThat(String.join("\n", r.terminal("laptop"))).doesNotContain("Ada Lovelace");
        assertThat(r.events(FirewallEvents.VERDICT).stream().anyMatch(e -> e.node().equals("app-1")
                && e.toString().contains("DROP") && e.toString().contains("10.0.0.10"))).isTrue();
    }

    @Test
    void a_cloud_run_is_deterministic() throws Exception {
        Runs.Result a = Runs.example(Path.of("examples/cloud-three-tier.yaml"), dir.resolve("a"));
        Runs.Result b = Runs.example(Path.of("examples/cloud-three-tier.yaml"), dir.resolve("b"));
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.trace().stream().map(Object::toString).toList())
                .isEqualTo(a.trace().stream().map(Object::toString).toList());
    }
}
