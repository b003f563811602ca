package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * getent hosts|ahosts|ahostsv4|ahostsv6 as glibc 2.36's getent prints them: the hosts file before
 * DNS, AAAA before A for {@code hosts}, each address three times (STREAM, DGRAM, RAW) with the
 * canonical name on the first line for {@code ahosts}, getent's padding, ::1 read as 127.0.0.1 for
 * {@code ahostsv4}, IPv4 mapped for {@code ahostsv6}, status 2 for a key not found. The laptop's
 * shell prints what the real getent prints for the same hosts file on a dual-stack host
 * (src/test/resources/reference/glibc-2.36, and live in a namespace when allowed); names through
 * DNS (a CNAME's target as the official name, the name asked as its alias) from the default world.
 */
class GetentOracleTest {
    static final String SCRIPT = "ip link set lo up; ip link add v0 type veth peer name v1 || exit 77\n"
            + "ip link set v0 up; ip link set v1 up; ip addr add 192.168.1.10/24 dev v0; ip -6 addr add 2001:db8:1::10/64 dev v0 nodad\n"
            + "d=$(mktemp -d); printf '127.0.0.1\\tlocalhost\\n\\n# The following lines are desirable for IPv6 capable hosts\\n::1     localhost ip6-localhost ip6-loopback\\nff02::1 ip6-allnodes\\nff02::2 ip6-allrouters\\n' > $d/hosts\n"
            + "printf 'nameserver 127.0.0.1\\n' > $d/resolv.conf\n"
            + "unshare -m bash -c \"mount --bind $d/hosts /etc/hosts && mount --bind $d/resolv.conf /etc/resolv.conf || exit 77\n"
            + "getent hosts localhost; echo rc=\\$?; getent ahosts localhost; echo rc=\\$?; getent ahostsv4 localhost; echo rc=\\$?\n"
            + "getent ahostsv6 localhost; echo rc=\\$?; getent hosts ip6-allnodes 127.0.0.1 ::1; echo rc=\\$?; getent hosts nope.invalid; echo rc=\\$?\n"
            + "getent ahosts nope.invalid; echo rc=\\$?; getent ahosts 192.0.2.7; echo rc=\\$?; getent ahostsv6 192.0.2.7; echo rc=\\$?\n"
            + "getent hosts localhost nope.invalid; echo rc=\\$?; getent foo; echo rc=\\$?; getent; echo rc=\\$?\"\n"
            + "rc=$?; rm -r $d; exit $rc\n";
    static final String[] COMMANDS = {
        "getent hosts localhost", "getent ahosts localhost", "getent ahostsv4 localhost", "getent ahostsv6 localhost",
        "getent hosts ip6-allnodes 127.0.0.1 ::1", "getent hosts nope.invalid", "getent ahosts nope.invalid",
        "getent ahosts 192.0.2.7", "getent ahostsv6 192.0.2.7", "getent hosts localhost nope.invalid", "getent foo", "getent",
    };

    static List<String> shell(String... commands) {
        StringBuilder in = new StringBuilder();
        for (String c : commands) {
            in.append(c).append("\necho rc=$?\n");
        }
        return CliTest.execWithInput(in.toString(), "shell").out().lines().filter(l -> !l.startsWith("laptop$ ")).toList();
    }

    static String ours() {
        return String.join("\n", shell(COMMANDS)) + "\n";
    }

    @Test
    void prints_as_the_recorded_real_getent() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream("/reference/glibc-2.36/getent-hosts.txt")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(ours()).isEqualTo(real);
    }

    @Test
    void prints_as_the_real_getent_run_now() throws Exception {
        Oracles.require("getent", "libc-bin");
        assertThat(ours()).isEqualTo(Oracles.inNetworkNamespace(SCRIPT));
    }

    @Test
    void names_through_dns_with_their_canonical_name() {
        assertThat(shell("getent hosts static.example.com", "getent ahosts static.example.com", "getent ahostsv4 www.example.com",
                "getent hosts lb")).containsExactly(
                "2001:db8:151::10 static.cdn.example.net static.example.com", "rc=0",
                "2001:db8:151::10 STREAM static.cdn.example.net",
                "2001:db8:151::10 DGRAM  ",
                "2001:db8:151::10 RAW    ",
                "151.101.1.10    STREAM ",
                "151.101.1.10    DGRAM  ",
                "151.101.1.10    RAW    ", "rc=0",
                "93.184.216.34   STREAM www.example.com",
                "93.184.216.34   DGRAM  ",
                "93.184.216.34   RAW    ", "rc=0",
                // a world name is in the hosts file (IPv4 only): AAAA asked of DNS first, then the file's line
                "93.184.216.34   lb", "rc=0");
    }

    @Test
    void other_databases_are_refused_as_not_modelled() {
        assertThat(shell("getent passwd root")).containsExactly(
                "getent: the passwd database is not modelled in Minternet (hosts, ahosts, ahostsv4 and ahostsv6 are)", "rc=1");
    }
}
