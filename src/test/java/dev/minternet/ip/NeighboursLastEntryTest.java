package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.bench.ManyHosts;
import dev.minternet.ip.NeighbourMachine.State;
import org.junit.jupiter.api.Test;

/**
 * The entry the neighbour table found last, held by the interface (NetInterface#lastNeighbour): a
 * datagram to it goes out from the interface at once only in the states where the table's own
 * output would do just that (REACHABLE, DELAY, PROBE); in any other state the table decides, as
 * before (STALE moves to DELAY, FAILED queues and asks).
 */
class NeighboursLastEntryTest {
    /** Frames the interface handed to its link: sent, or waiting behind one being sent (the clock stands still here). */
    private static long offered(NetInterface i) {
        return i.out().counters().sentPackets() + i.out().queueLength();
    }

    @Test
    void a_datagram_to_the_last_entry_skips_the_table_only_where_the_table_would_only_send() {
        ManyHosts m = ManyHosts.build(20, 2, 5, true);
        m.world().sim().run();
        NetInterface eth0 = m.host(0).ip().iface("eth0");
        Neighbours table = eth0.neighbours();
        var gateway = table.entries().stream().filter(e -> NeighbourMachine.isValid(e.state())).findFirst().orElseThrow();
        int addr = gateway.addr();
        assertThat(table.find(addr)).isSameAs(gateway);
        assertThat(eth0.lastNeighbour).isSameAs(gateway);
        assertThat(eth0.lastNeighbourAddr).isEqualTo(addr);
        byte[] d = new byte[28];
        long now = m.world().sim().now();
        long sent = offered(eth0);

        for (State s : new State[] {State.REACHABLE, State.DELAY, State.PROBE}) {
            table.setState(gateway, s);
            gateway.usedNs = 0;
            eth0.transmit(d, addr);
            assertThat(gateway.state()).isEqualTo(s);
            assertThat(gateway.usedNs).isEqualTo(now);
            assertThat(offered(eth0)).isEqualTo(++sent);
        }

        table.setState(gateway, State.STALE);
        eth0.transmit(d, addr);
        assertThat(gateway.state()).as("neigh_resolve_output: STALE sends and moves to DELAY").isEqualTo(State.DELAY);
        assertThat(offered(eth0)).isEqualTo(++sent);

        table.setState(gateway, State.FAILED);
        eth0.transmit(d, addr);
        assertThat(gateway.state()).as("queued, and a request sent").isEqualTo(State.INCOMPLETE);
        assertThat(offered(eth0)).isEqualTo(++sent);

        table.setState(gateway, State.STALE); // answered (an INCOMPLETE entry would survive the flush)
        table.flush();
        assertThat(eth0.lastNeighbour).isNull();
        assertThat(table.find(addr)).isNull();
    }
}
