package dev.minternet.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import org.junit.jupiter.api.Test;

/**
 * zebra's uptime of a connected or kernel route counts from when the interface came up, that is
 * from the router's boot: with a warm-up the routers boot before 0 s, so at 10 s a route of a
 * 30-second warm-up is 40 seconds old (it showed 10 seconds, counted from 0 s).
 */
class RouteUptimeTest {
    static final String WARM = """
            name: route-uptime
            seed: 1
            warm-up: 30s
            duration: 12s
            nodes:
              - name: r1
                kind: router
                ospf: {router-id: 10.255.0.1, interfaces: [eth0]}
                routes: ["10.7.0.0/16 via 10.1.0.10"]
              - name: r2
                kind: router
                ospf: {router-id: 10.255.0.2, interfaces: [eth0]}
              - {name: r3, kind: router, routes: ["10.8.0.0/16 via 10.3.0.10"]}
              - {name: h1, kind: host, routes: ["default via 10.1.0.1"]}
              - {name: h3, kind: host, routes: ["default via 10.3.0.1"]}
            links:
              - {a: r1 10.0.1.1/30, b: r2 10.0.1.2/30, delay: 1ms}
              - {a: r1 10.1.0.1/24, b: h1 10.1.0.10/24, delay: 1ms}
              - {a: r3 10.3.0.1/24, b: h3 10.3.0.10/24, delay: 1ms}
            timeline:
              - {at: 10s, on: r1, run: "vtysh -c \\"show ip route\\""}
              - {at: 10s, on: r3, run: "vtysh -c \\"show ip route\\""}
            """;

    @Test
    void connected_and_kernel_routes_are_as_old_as_the_router() {
        Runs.Result r = Runs.run(WARM);
        String show = "vtysh -c \"show ip route\"";
        // r1 runs OSPF (its interfaces' carrier times), r3 does not (the world's start)
        assertThat(r.block("r1", show, 0))
                .contains("C>* 10.0.1.0/30 is directly connected, eth0, 00:00:40",
                        "C>* 10.1.0.0/24 is directly connected, eth1, 00:00:40",
                        "K>* 10.7.0.0/16 [0/0] via 10.1.0.10, eth1, 00:00:40");
        assertThat(r.block("r3", show, 0))
                .contains("C>* 10.3.0.0/24 is directly connected, eth0, 00:00:40",
                        "K>* 10.8.0.0/16 [0/0] via 10.3.0.10, eth0, 00:00:40");
    }
}
