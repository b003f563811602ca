package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Partitioning;
import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

/** Where a crowd's world is cut: the default world's two sides, then the laptops. */
class CrowdTest {
    @Test
    void the_default_world_is_cut_between_its_servers_and_isp_a_at_the_peering_link_and_the_long_haul() {
        Crowd c = new Crowd(9, 1, yaml -> yaml, Crowd.Weights.WITH_CDN);
        for (String n : new String[] {"lb", "web-1", "app", "db", "redis", "chat", "dc-edge", "cloud-edge", "transit-2",
                "cdn-shield", "cdn-dns", "edge-transit", "ns-a-iana", "ns-b-iana"}) {
            assertThat(c.world.node(n).region()).as(n).isEqualTo(Crowd.SERVER_SIDE);
        }
        for (String n : new String[] {"isp-a-core", "isp-a-resolver", "ixp", "edge-ixp", "transit-1", "a-root", "gtld",
                "laptop", "home-router", "bng-0", "bng-2"}) {
            assertThat(c.world.node(n).region()).as(n).isEqualTo(c.ispSide);
        }
        // 9 laptops on 3 aggregation routers: laptop i in region i mod 3 + 1; ISP A's side last
        assertThat(c.world.node("crowd-0").region()).isEqualTo(1);
        assertThat(c.world.node("crowd-4").region()).isEqualTo(2);
        assertThat(c.world.node("crowd-8").region()).isEqualTo(3);
        assertThat(c.ispSide).isEqualTo(4);
        Partitioning p = Partitioning.of(c.world);
        assertThat(p.regions()).isEqualTo(5);
        // two threads: the servers' side and the first laptops on one, the other laptops and ISP A's side on the
        // other, across the 6 ms peering link (and the laptops' 10 ms access lines)
        assertThat(p.lookahead(2)).isEqualTo(6 * Durations.MS);
        assertThat(p.deal(2)).containsExactly(0, 0, 1, 1, 1);
        // more threads split the laptops at their 10 ms access lines (their aggregation routers stay on ISP A's side)
        assertThat(p.lookahead(5)).isEqualTo(6 * Durations.MS);
    }
}
