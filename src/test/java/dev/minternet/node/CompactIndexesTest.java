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
            if (step == 5_000) {
                index.reserve(3_000); // room made with entries in it: they are all still there
            }
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

    @Test
    void namesMadeWhenAskedAreTheNamesGivenAndFindTheirOwners() {
        World w = new World(1, Instant.EPOCH);
        Node core = w.addRouter("core");
        List<String> hostLinks = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Node h = w.addHost("h" + i);
            // the router's side named as World.connect's default names it ("eth" + its index), the link by its ends
            w.connect("h" + i + "--core", h, "eth0", new Cidr((10 << 24) | (i << 2) | 1, 30), core,
                    "eth" + core.ip().interfaces().size(), new Cidr((10 << 24) | (i << 2) | 2, 30), LinkParams.DEFAULT);
            hostLinks.add("h" + i + "--core");
        }
        // names that only look derived: kept as given
        Node odd = w.addHost("odd");
        w.connect("odd--cor", odd, "eth00", new Cidr((11 << 24) | 1, 30), core, "eth0x", new Cidr((11 << 24) | 2, 30),
                LinkParams.DEFAULT);
        w.connect("core--odd", core, "eth500", new Cidr((12 << 24) | 1, 30), odd, "eth1", new Cidr((12 << 24) | 2, 30),
                LinkParams.DEFAULT);

        for (int i = 0; i < 120; i++) {
            NetInterface ri = core.ip().interfaces().get(i);
            assertThat(ri.name()).isEqualTo("eth" + i);
            assertThat(core.ip().iface("eth" + i)).isSameAs(ri);
            assertThat(ri.named("eth" + i)).isTrue();
            assertThat(ri.named("eth0" + i)).isFalse();
            assertThat(w.link(hostLinks.get(i)).name()).isEqualTo(hostLinks.get(i));
            assertThat(w.link(hostLinks.get(i)).nameHash()).isEqualTo(hostLinks.get(i).hashCode());
        }
        assertThat(odd.ip().iface("eth00").name()).isEqualTo("eth00");
        assertThat(odd.ip().iface("eth0")).isNull();
        assertThat(core.ip().iface("eth0x").name()).isEqualTo("eth0x");
        assertThat(core.ip().iface("eth500").name()).isEqualTo("eth500");
        assertThat(core.ip().iface("eth500").index()).isEqualTo(121);
        assertThat(core.ip().iface("eth121")).isNull();
        assertThat(w.link("odd--cor").name()).isEqualTo("odd--cor");
        assertThat(w.link("core--odd").name()).isEqualTo("core--odd");
        assertThat(w.link("core--odd").nameHash()).isEqualTo("core--odd".hashCode());
        assertThat(w.link("h1--cor")).isNull();
        assertThat(w.link("h1--core-")).isNull();
        assertThat(w.links()).extracting(l -> l.name()).doesNotHaveDuplicates().hasSize(122);
    }
}
