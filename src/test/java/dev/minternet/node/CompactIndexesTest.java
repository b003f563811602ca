package dev.minternet.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The world's compact name and address indexes against the JDK maps they replace. */
class CompactIndexesTest {
    @Test
    void addressIndexAgreesWithAHashMapWhileAddressesComeAndGo() {
        World w = new World(1, Instant.EPOCH);
        Node n = w.addHost("n");
        List<NetInterface> ifaces = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ifaces.add(n.ip().addInterface("eth" + i, new Cidr((10 << 24) | (i + 1), 32)));
        }
        SplittableRandom r = new SplittableRandom(3);
        AddressIndex index = new AddressIndex();
        Map<Integer, NetInterface> expected = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            // few distinct keys, many collisions in a small table: probing runs and backward shifts
            int address = r.nextInt(3) == 0 ? r.nextInt(64) : (r.nextInt(1 << 10) << 22) | r.nextInt(4);
            if (r.nextInt(3) == 0) {
                index.remove(address);
                expected.remove(address);
            } else {
                NetInterface i = ifaces.get(r.nextInt(ifaces.size()));
                index.put(address, i);
                expected.put(address, i);
            }
            int probe = r.nextInt(2) == 0 ? address : r.nextInt(64);
            assertThat(index.get(probe)).isSameAs(expected.get(probe));
        }
        for (Map.Entry<Integer, NetInterface> e : expected.entrySet()) {
            assertThat(index.get(e.getKey())).isSameAs(e.getValue());
        }
    }

    @Test
    void namedFindsEveryValueByItsOwnNameAndKeepsTheirOrder() {
        Named<String[]> named = new Named<>(v -> v[0]);
        List<String[]> added = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String[] v = {"h" + i, "value " + i};
            assertThat(named.contains(v[0])).isFalse();
            named.add(v);
            added.add(v);
        }
        assertThat(named.size()).isEqualTo(5_000);
        assertThat(named.values()).containsExactlyElementsOf(added);
        for (String[] v : added) {
            assertThat(named.get(v[0])).isSameAs(v);
        }
        assertThat(named.get("h5000")).isNull();
        assertThat(named.get("")).isNull();
    }
}
