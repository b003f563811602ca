package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The neighbour table's index (what every datagram out and every ARP packet in looks up): it finds
 * exactly the table's entries, through growth and a flush, including the quick "no entry" answer
 * that a host gives for each broadcast of its LAN.
 */
class NeighboursIndexTest {
    @Test
    void the_index_finds_exactly_the_tables_entries_through_growth_and_flush() {
        World w = new World(1, Instant.parse("2026-01-01T00:00:00Z"));
        Node h = w.addHost("h");
        Switch sw = w.addSwitch("sw", false);
        w.attachToSwitch(h, "eth0", new Cidr((10 << 24) | 1, 8), 0, sw, 1, LinkParams.DEFAULT);
        Neighbours n = h.ip().iface("eth0").neighbours();
        SplittableRandom random = new SplittableRandom(7);
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int a = (10 << 24) | random.nextInt(1 << 24);
            n.entryOrNew(a);
            in.add(a);
            assertThat(n.find(a)).isSameAs(n.entry(a));
        }
        for (int a : in) {
            assertThat(n.find(a)).isNotNull().isSameAs(n.entry(a));
        }
        int absent = 0;
        for (int i = 0; i < 5000; i++) {
            int a = random.nextInt();
            if (n.entry(a) == null) {
                absent++;
                assertThat(n.find(a)).isNull();
            }
        }
        assertThat(absent).isGreaterThan(4900);
        int held = n.entries().size();
        assertThat(held).isGreaterThan(490);
        assertThat(n.flush()).isEqualTo(held);
        for (int a : in) {
            assertThat(n.find(a)).isNull();
        }
        n.entryOrNew(in.get(3));
        assertThat(n.find(in.get(3))).isSameAs(n.entry(in.get(3)));
        assertThat(n.find(in.get(4))).isNull();
    }
}
