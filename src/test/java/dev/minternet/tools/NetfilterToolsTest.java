package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** iptables, conntrack and nc -u on a node without netfilter, and their usage errors. */
class NetfilterToolsTest {
    static final String WORLD = """
            name: tools
            nodes: [{name: a, kind: host}, {name: b, kind: host}]
            links: [{a: a 10.0.0.1/24, b: b 10.0.0.2/24}]
            timeline:
            """;

    static int exit(Runs.Result r, String command) {
        return (int) r.events(ToolEvents.EXIT).stream().filter(e -> e.get(ToolEvents.COMMAND).equals(command))
                .mapToLong(e -> e.num(ToolEvents.CODE)).findFirst().orElse(-1);
    }

    @Test
    void without_a_firewall_every_chain_accepts_and_conntrack_is_empty() {
        Runs.Result r = Runs.run(WORLD + """
                  - {at: 0s, on: a, run: "iptables -L -n"}
                  - {at: 0s, on: a, run: "conntrack -L"}
                """);
        assertThat(r.terminal("a")).containsExactly(
                "Chain INPUT (policy ACCEPT)",
                "target     prot opt source               destination",
                "",
                "Chain FORWARD (policy ACCEPT)",
                "target     prot opt source               destination",
                "",
                "Chain OUTPUT (policy ACCEPT)",
                "target     prot opt source               destination",
                "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.");
    }

    @Test
    void usage_errors_exit_non_zero_with_a_message() {
        Runs.Result r = Runs.run(WORLD + """
                  - {at: 0s, on: a, run: "iptables -F"}
                  - {at: 1s, on: a, run: "iptables -t bogus -L"}
                  - {at: 2s, on: a, run: "conntrack -D"}
                  - {at: 3s, on: a, run: "nc -v b 80"}
                  - {at: 4s, on: a, run: "nc -u -m hi nowhere 53"}
                  - {at: 5s, on: a, run: "nc -u -m hi b 70000"}
                """);
        assertThat(r.terminal("a")).containsExactly(
                "iptables v1.8.9 (nf_tables): only listing (-L, -S) is available", // the simulator's rules come from the scenario
                "Try `iptables -h' or 'iptables --help' for more information.",
                "iptables v1.8.9 (nf_tables): table 'bogus' does not exist",
                "Perhaps iptables or your kernel needs to be upgraded.",
                "conntrack v1.4.7 (conntrack-tools): only -L (list the flows) is available",
                "nc: connect to b (10.0.0.2) port 80 (tcp) failed: Connection refused", // TCP nc: nothing listens on b:80
                "nc: getaddrinfo for host \"nowhere\" port 53: Name or service not known",
                "nc: port number too large: 70000"); // netcat-openbsd 1.219's strtoport
        assertThat(exit(r, "iptables -F")).isEqualTo(2);
        assertThat(exit(r, "nc -v b 80")).isEqualTo(1);
        assertThat(r.events(ToolEvents.EXIT)).extracting(TraceEvent::node).containsOnly("a");
    }
}
