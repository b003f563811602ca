package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/internet.yaml: what its header says to look at is what the run shows. */
class InternetExampleTest {
    @Test
    void the_stub_learns_every_prefix_and_traffic_crosses_the_exchange(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.example(Path.of("examples/internet.yaml"), dir);
        String stub = String.join("\n", r.terminal("as1008-r0"));
        assertThat(stub).contains("Displayed  12 routes and 12 total paths")
                .contains("*> 100.64.10.0/24   172.16.0.54                   100      0 1005 1003 1010 i");
        String transit = String.join("\n", r.terminal("as1005-r0"));
        assertThat(transit).contains("Paths: (2 available, best #1, table default)")
                .contains("    198.18.0.1 from 198.18.0.254 (198.18.0.254)")
                .contains("      Origin IGP, localpref 150, valid, external, best (Local Pref)");
        String host = String.join("\n", r.terminal("as1008-h"));
        assertThat(host).containsPattern(" 3  198\\.18\\.0\\.1 \\[AS1003\\]")
                .contains("3 packets transmitted, 3 received, 0% packet loss");
        assertThat(String.join("\n", r.terminal("as1006-h"))).containsPattern(" 7  100\\.64\\.11\\.10 \\[AS1011\\]");
        assertThat(String.join("\n", r.terminal("as1000-r0"))).contains("Total number of neighbors 5");
    }
}
