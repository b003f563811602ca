package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minternet check}: each timeline command judged by its tool's own option parser, and routes that reach nowhere. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private Outcome check(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return CliTest.exec("check", f.toString());
    }

    @Test
    void an_option_the_tool_does_not_have_is_a_one_line_error_naming_the_timeline_entry() throws Exception {
        Outcome o = check(InTmuxTest.WORLD + """
                timeline:
                  - {at: 1s, on: laptop, run: "ping -c 1 server"}
                  - {at: 2s, on: laptop, run: "ping -Z server"}
                """);
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).matches(dir.resolve("s.yaml") + ":11:5: timeline\\[1\\]\\.run: ping: invalid option -- 'Z'.*\\n");
    }

    @Test
    void each_tool_judges_its_own_options() throws Exception {
        for (String bad : new String[] {"traceroute -m 0 server", "dig +bogus server", "curl --nope http://server/", "ss -Q",
            "ping -c abc server", "nc -l", "websocat --nope ws://server/"}) {
            Outcome o = check(InTmuxTest.WORLD + "timeline:\n  - {at: 1s, on: laptop, run: \"" + bad + "\"}\n");
            assertThat(o.code()).as(bad).isEqualTo(2);
            assertThat(o.err().strip()).as(bad).contains("timeline[0].run: " + bad.split(" ")[0] + ": ").doesNotContain("\n");
        }
    }

    @Test
    void reachability_walks_lan_segments_and_leaves_link_local_meshes_alone() {
        // hosts on one switch reach each other's subnet; two VLANs with no router between them do not
        Outcome lan = CliTest.exec("check", "examples/lan-switching.yaml");
        assertThat(lan.code()).isZero();
        assertThat(lan.err()).contains("no route reaches 10.0.1.0/24 (link sw1:swp1) from c, d")
                .contains("no route reaches 10.0.20.0/24 (link sw1:swp2) from a, b");
        // a cloud's subnet routers meet on 169.254.0.0/16 (link-local): never a warning
        Outcome cloud = CliTest.exec("check", "examples/cloud-three-tier.yaml");
        assertThat(cloud.code()).isZero();
        assertThat(cloud.err()).doesNotContain("169.254.");
    }

    @Test
    void a_good_scenario_passes() throws Exception {
        Outcome o = check(InTmuxTest.WORLD + "timeline:\n  - {at: 1s, on: laptop, run: \"traceroute -n -q 1 server\"}\n");
        assertThat(o.code()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).endsWith(": OK (3 nodes, 2 links, 1 timeline entries)\n");
    }

    @Test
    void a_subnet_some_host_has_no_route_to_is_a_warning_not_an_error() throws Exception {
        // static routing: the laptop has a default route, the server has none
        Outcome o = check("""
                name: half-routed
                nodes:
                  - {name: laptop, kind: host, routes: [default via 10.0.1.1]}
                  - {name: r, kind: router}
                  - {name: server, kind: host}
                links:
                  - {name: lan, a: laptop 10.0.1.2/24, b: r 10.0.1.1/24}
                  - {name: wan, a: r 10.0.2.1/24, b: server 10.0.2.2/24}
                """);
        assertThat(o.code()).isZero();
        assertThat(o.err()).isEqualTo(dir.resolve("s.yaml") + ": warning: no route reaches 10.0.1.0/24 (link lan) from server\n");
        assertThat(o.out()).contains(": OK (3 nodes, 2 links");
        assertThat(check(InTmuxTest.WORLD).err()).isEmpty();
    }

    @Test
    void ospf_routers_converge_before_routes_are_judged_and_vtysh_commands_are_validated() throws Exception {
        Outcome ok = check(java.nio.file.Files.readString(java.nio.file.Path.of("examples/ospf.yaml")));
        assertThat(ok.code()).isZero();
        assertThat(ok.err()).isEmpty();
        Outcome bad = check(java.nio.file.Files.readString(java.nio.file.Path.of("examples/ospf.yaml"))
                .replace("run: \"vtysh -c \\\"show ip ospf database\\\"\"", "run: \"vtysh show\""));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("timeline[1].run: vtysh: vtysh: invalid option 'show'");
    }
}
