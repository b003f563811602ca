package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.bench.ManyHosts;
import org.junit.jupiter.api.Test;

/**
 * The one valid neighbour a table mirrors into its channel (Neighbours#known): on a LAN, the
 * gateway; cleared when its entry leaves the valid states or the table.
 */
class NeighboursKnownTest {
    @Test
    void a_host_mirrors_its_gateway_once_resolved_and_forgets_it_when_the_entry_goes() {
        ManyHosts m = ManyHosts.build(20, 2, 5, true);
        NetInterface eth0 = m.host(0).ip().iface("eth0");
        Neighbours table = eth0.neighbours();
        assertThat(table.known).as("nothing resolved before the run").isZero();
        m.world().sim().runUntil(900_000_000L); // the requests start at 1 s
        assertThat(table.known).isZero();
        m.world().sim().run();
        var gateway = table.entries().stream().filter(e -> NeighbourMachine.isValid(e.state())).findFirst().orElseThrow();
        assertThat(table.known).isEqualTo(gateway.addr());
        assertThat(table.knownMac).isEqualTo(gateway.mac()).isNotZero();
        table.setState(gateway, NeighbourMachine.State.FAILED); // three probes unanswered
        assertThat(table.known).isZero();
        table.setState(gateway, NeighbourMachine.State.STALE); // heard again
        assertThat(table.known).isEqualTo(gateway.addr());
        table.flush(); // ip neigh flush dev eth0
        assertThat(table.known).isZero();
        assertThat(table.knownMac).isZero();
    }
}
