package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import org.junit.jupiter.api.Test;

/** ip route add and del change the node's table as the kernel does, with iproute2's refusals. */
class IpRouteEditTest {
    @Test
    void routes_added_and_deleted_by_hand_steer_the_nodes_datagrams() {
        Runs.Result r = Runs.run(Runs.chain(1, "", "duration: 10s\n", """
                  - {at: 1s, on: a, run: "ip route add 10.9.0.0/16 via 10.0.0.2 metric 7"}
                  - {at: 1s, on: a, run: "ip route add 10.0.1.2 dev eth0"}
                  - {at: 1s, on: a, run: "ip route get 10.0.1.2"}
                  - {at: 2s, on: a, run: "ip route add 10.9.0.0/16 via 10.0.0.2 metric 7"}
                  - {at: 2s, on: a, run: "ip route add 10.8.0.0/16 via 10.5.0.1"}
                  - {at: 2s, on: a, run: "ip route add 10.8.0.1/16 via 10.0.0.2"}
                  - {at: 2s, on: a, run: "ip route add 10.8.0.0/16 via 10.0.0.2 dev eth7"}
                  - {at: 2s, on: a, run: "ip route add 10.8.0.0/16 via 10.0.0.2 mtu 1400"}
                  - {at: 3s, on: a, run: "ip route del 10.0.1.2"}
                  - {at: 3s, on: a, run: "ip route del 10.0.1.2"}
                  - {at: 3s, on: a, run: "ip route get 10.0.1.2"}
                  - {at: 3s, on: a, run: "ip route flush"}
                """));
        assertThat(r.terminal("a")).containsExactly(
                "10.0.1.2 dev eth0 src 10.0.0.1 uid 0 ",
                "    cache ",
                "RTNETLINK answers: File exists",
                "Error: Nexthop has invalid gateway.",
                "Error: Invalid prefix for given prefix length.",
                "Cannot find device \"eth7\"",
                "Error: either \"to\" is duplicate, or \"mtu\" is a garbage.",
                "RTNETLINK answers: No such process",
                "10.0.1.2 via 10.0.0.2 dev eth0 src 10.0.0.1 uid 0 ",
                "    cache ",
                "ip route flush: not simulated (ip route add and del change the table)");
        assertThat(r.world().node("a").ip().table().routes()).extracting(Object::toString)
                .contains("10.9.0.0/16 via 10.0.0.2 dev eth0 metric 7 ");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE))
                .containsExactly(0L, 0L, 0L, 2L, 2L, 2L, 1L, 255L, 0L, 2L, 0L, 2L);
    }
}
