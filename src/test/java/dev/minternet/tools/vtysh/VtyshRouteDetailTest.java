package dev.minternet.tools.vtysh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code show ip route A.B.C.D} and {@code show ip route A.B.C.D/M} in zebra's detail form (FRR
 * 8.4's vty_show_ip_route_detail): each entry of the prefix ("Routing entry for", "Known via",
 * "Last update", a line per next hop with {@code *} in the FIB, a recursive next hop with the one
 * it resolves to below it), the most specific prefix holding an address, "% Network not in table"
 * otherwise. The layouts are those of the real vtysh's outputs in
 * src/test/resources/reference/frr-8.4, addresses, interfaces and ages aside.
 */
class VtyshRouteDetailTest {
    private static String layout(List<String> lines) {
        return String.join("\n", lines).replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+", "A").replaceAll("eth\\d+", "IF")
                .replaceAll("\\d\\d:\\d\\d:\\d\\d", "T").strip();
    }

    private static List<String> reference(String name) throws IOException {
        try (InputStream in = VtyshRouteDetailTest.class.getResourceAsStream("/reference/frr-8.4/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void an_ibgp_route_over_a_recursive_next_hop_as_zebra_details_it() throws Exception {
        String yaml = Files.readString(Path.of("examples/bgp-route-reflector.yaml"))
                + "  - {at: 31s, on: c1, run: 'vtysh -c \"show ip route 10.2.0.0/16\"'}\n";
        List<String> c1 = Runs.run(yaml).terminal("c1");
        int at = c1.lastIndexOf("Routing entry for 10.2.0.0/16");
        List<String> detail = c1.subList(at, at + 6);
        assertThat(detail).containsExactly("Routing entry for 10.2.0.0/16",
                "  Known via \"bgp\", distance 200, metric 0, best",
                "  Last update 00:00:15 ago",
                "    10.0.2.2 (recursive), weight 1",
                "  *   10.0.1.1, via eth0, weight 1",
                "");
        assertThat(layout(detail)).isEqualTo(layout(reference("r1_show_ip_route_10.2.0.0_16.txt")));
    }

    @Test
    void an_ebgp_route_by_prefix_and_by_address_and_a_missing_one() throws Exception {
        String yaml = Files.readString(Path.of("examples/bgp.yaml"))
                + "  - {at: 45s, on: r100, run: 'vtysh -c \"show ip route 10.2.0.0/16\"'}\n"
                + "  - {at: 45s, on: r100, run: 'vtysh -c \"sh ip ro 10.2.3.4\"'}\n"
                + "  - {at: 45s, on: r100, run: 'vtysh -c \"show ip route 10.2.0.0/24\"'}\n";
        Runs.Result r = Runs.run(yaml);
        List<String> t = r.terminal("r100");
        int at = t.indexOf("Routing entry for 10.2.0.0/16");
        List<String> one = t.subList(at, at + 5);
        assertThat(one).containsExactly("Routing entry for 10.2.0.0/16",
                "  Known via \"bgp\", distance 20, metric 0, best",
                "  Last update 00:00:44 ago",
                "  * 10.0.12.2, via eth0, weight 1",
                "");
        assertThat(t.subList(at + 5, at + 10)).isEqualTo(one);
        assertThat(t.get(at + 10)).isEqualTo("% Network not in table");
        assertThat(layout(one)).isEqualTo(layout(reference("r2_show_ip_route_10.2.0.0_16.txt")));
    }

    @Test
    void a_connected_network_has_ospfs_entry_and_the_connected_one() throws Exception {
        String yaml = Files.readString(Path.of("examples/ospf.yaml"))
                + "  - {at: 40s, on: r1, run: 'vtysh -c \"show ip route 10.0.12.1\"'}\n";
        List<String> t = Runs.run(yaml).terminal("r1");
        int at = t.lastIndexOf("Known via \"ospf\", distance 110, metric 10".indent(2).stripTrailing()) - 1;
        assertThat(t.subList(at, at + 10)).containsExactly("Routing entry for 10.0.12.0/24",
                "  Known via \"ospf\", distance 110, metric 10",
                "  Last update 00:00:40 ago",
                "    directly connected, eth1, weight 1",
                "",
                "Routing entry for 10.0.12.0/24",
                "  Known via \"connected\", distance 0, metric 0, best",
                "  Last update 00:00:40 ago",
                "  * directly connected, eth1",
                "");
    }
}
