package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.Node;
import org.junit.jupiter.api.Test;

/** bench manyhosts --lans: the hosts really sit behind learning bridges and still get every reply. */
class ManyHostsLansTest {

    @Test
    void everyReplyArrivesThroughTheSwitchesAndTheyLearnEveryHost() {
        ManyHosts m = ManyHosts.build(50, 2, 1, true);
        m.world().sim().run();
        assertThat(m.sent()).isEqualTo(100);
        assertThat(m.replies()).isEqualTo(100);
        // ceil(sqrt(50)) = 8 edge routers, each with its own switch: 7 hosts a switch (the last has 1) + the router
        assertThat(m.world().switches()).hasSize(8);
        long learned = 0;
        for (Switch s : m.world().switches()) {
            learned += s.fdb().size();
            assertThat(s.framesReceived()).isPositive();
        }
        assertThat(learned).isEqualTo(50 + 8);
        // a host's only route is its default via the router's first address on the LAN; its neighbour
        // table holds the router (resolved by ARP before the first datagram)
        Node h0 = m.world().node("h0");
        assertThat(h0.ip().table().routes()).extracting(Object::toString).contains("default via 10.128.0.1 dev eth0 proto static ");
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        ManyHosts.Result a = ManyHosts.run(30, 2, 7, true);
        ManyHosts.Result b = ManyHosts.run(30, 2, 7, true);
        assertThat(a.events()).isEqualTo(b.events());
        assertThat(a.simulatedSeconds()).isEqualTo(b.simulatedSeconds());
        // the LAN variant does more work than point-to-point links: the switch hop and ARP
        assertThat(a.events()).isGreaterThan(ManyHosts.run(30, 2, 7, false).events());
    }
}
