package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /etc/hostname, /etc/resolv.conf and /etc/hosts read by cat, head and tail, made from the node's own state. */
class SystemFilesTest {
    static List<String> on(String resolver, String timeline) {
        String yaml = Runs.chain(1, "", "duration: 10s\n", timeline)
                .replace("  - {name: a, kind: host}", "  - {name: a, kind: host" + resolver + "}");
        return Runs.run(yaml).terminal("a");
    }

    @Test
    void resolv_conf_lists_the_name_servers_and_options_only_when_not_the_defaults() {
        assertThat(on(", resolver: {nameservers: [10.0.1.2, 2001:db8::53], timeout: 2s, attempts: 3}",
                "  - {at: 1s, on: a, run: \"cat /etc/resolv.conf /etc/hostname\"}\n")).containsExactly(
                "nameserver 10.0.1.2", "nameserver 2001:db8::53", "options timeout:2 attempts:3", "a");
        assertThat(on(", resolver: {nameservers: [10.0.1.2]}", "  - {at: 1s, on: a, run: \"cat /etc/resolv.conf\"}\n"))
                .containsExactly("nameserver 10.0.1.2");
        assertThat(on("", "  - {at: 1s, on: a, run: \"tail /etc/resolv.conf\"}\n"))
                .containsExactly("tail: cannot open '/etc/resolv.conf' for reading: No such file or directory");
    }

    @Test
    void hosts_has_debians_localhost_lines_the_nodes_own_entries_and_the_worlds_names() {
        List<String> t = on(", resolver: {nameservers: [10.0.1.2], hosts: [\"10.0.1.20 printer\"]}", """
                  - {at: 1s, on: a, run: "head -n 6 /etc/hosts"}
                  - {at: 1s, on: a, run: "tail -n 6 /etc/hosts"}
                """);
        assertThat(t).containsExactly(
                "127.0.0.1\tlocalhost",
                "",
                "# The following lines are desirable for IPv6 capable hosts",
                "::1     localhost ip6-localhost ip6-loopback",
                "ff02::1 ip6-allnodes",
                "ff02::2 ip6-allrouters",
                "10.0.1.20\tprinter",
                "",
                "# the world's names (minternet): a node's name stands for its first address",
                "10.0.0.1\ta",
                "10.0.0.2\tr1",
                "10.0.1.2\tb");
    }

    @Test
    void hostname_prints_the_nodes_name_and_its_addresses() {
        assertThat(on("", """
                  - {at: 1s, on: a, run: "hostname"}
                  - {at: 1s, on: a, run: "hostname -I"}
                  - {at: 1s, on: a, run: "hostname -i"}
                """)).containsExactly("a", "10.0.0.1 ", "10.0.0.1");
    }
}
