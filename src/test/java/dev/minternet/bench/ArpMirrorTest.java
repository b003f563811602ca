package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Neighbours;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A channel that drops a broadcast ARP its NIC would ignore (the NIC's check mirrored into the
 * channel, see Channel#mirrorArpFilter) must leave every host as the NIC's own check does: the
 * trace turns the mirror off, so a run with a trace and one without must end with the same
 * neighbour tables, counters and replies.
 */
class ArpMirrorTest {
    private static List<String> state(boolean traced) {
        ManyHosts m = ManyHosts.build(300, 3, 5, true);
        if (traced) {
            m.world().trace().subscribe(e -> { });
        }
        m.world().sim().run();
        List<String> out = new ArrayList<>();
        out.add("sent " + m.sent() + " replies " + m.replies() + " events " + m.world().sim().eventsExecuted()
                + " at " + m.world().sim().now());
        for (Node n : m.world().nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                out.add(n.name() + " " + i.name() + " " + (i.out() == null ? "" : i.out().counters()));
                Neighbours t = i.neighbours();
                if (t != null) {
                    t.entries().forEach(e -> out.add("  " + t.show(e)));
                }
            }
        }
        for (Switch s : m.world().switches()) {
            out.add(s.name() + " received " + s.framesReceived() + " fdb " + s.fdb().size());
        }
        return out;
    }

    @Test
    void hostsEndTheSameWhetherTheChannelOrTheNicIgnoresABroadcast() {
        List<String> mirrored = state(false);
        assertThat(mirrored).isEqualTo(state(true));
        assertThat(mirrored.get(0)).startsWith("sent 900 replies 900 ");
    }
}
