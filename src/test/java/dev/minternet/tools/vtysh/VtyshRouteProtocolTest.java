package dev.minternet.tools.vtysh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code show ip route PROTOCOL}: zebra's legend above the routes of that protocol only (a route's
 * continuation lines with it), nothing at all when none is of it.
 */
class VtyshRouteProtocolTest {
    @Test
    void a_protocol_keeps_its_own_routes_of_the_full_table() throws Exception {
        String yaml = Files.readString(Path.of("examples/bgp.yaml"))
                + "  - {at: 45s, on: r100, run: \"vtysh -c \\\"show ip route\\\"\"}\n"
                + "  - {at: 45s, on: r100, run: \"vtysh -c \\\"show ip route bgp\\\"\"}\n"
                + "  - {at: 45s, on: r100, run: \"vtysh -c \\\"sh ip ro conn\\\"\"}\n"
                + "  - {at: 45s, on: r100, run: \"vtysh -c \\\"show ip route static\\\"\"}\n";
        List<String> t = Runs.run(yaml).terminal("r100");
        List<String> blocks = new ArrayList<>(t);
        // the 45 s outputs follow one another: full table, bgp, connected (static prints nothing)
        List<Integer> heads = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).startsWith("Codes: ")) {
                heads.add(i);
            }
        }
        int legend = RouteShow.LEGEND.length + 1;
        int n = heads.size();
        List<String> all = blocks.subList(heads.get(n - 3) + legend, heads.get(n - 2));
        List<String> bgp = blocks.subList(heads.get(n - 2) + legend, heads.get(n - 1));
        List<String> conn = blocks.subList(heads.get(n - 1) + legend, blocks.size()).stream()
                .takeWhile(l -> l.startsWith("C")).toList(); // the run's later commands follow
        List<String> wantBgp = new ArrayList<>();
        List<String> wantConn = new ArrayList<>();
        boolean inBgp = false;
        for (String l : all) {
            inBgp = l.startsWith(" ") ? inBgp : l.startsWith("B");
            if (inBgp) {
                wantBgp.add(l);
            } else if (l.startsWith("C")) {
                wantConn.add(l);
            }
        }
        assertThat(wantBgp).isNotEmpty();
        assertThat(bgp).isEqualTo(wantBgp);
        assertThat(conn).isEqualTo(wantConn);
    }
}
