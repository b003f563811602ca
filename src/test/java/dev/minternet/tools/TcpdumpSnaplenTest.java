package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tcpdump -s and --snapshot-length: the value read as tcpdump.c's strtol reads it (0 is
 * libpcap's 262144; hex and octal; blanks and a sign before), its refusal of anything else, and
 * the snapshot length named where capturing starts. The text of cut packets is compared with the
 * real tcpdump's in {@link TcpdumpSnaplenOracleTest}.
 */
class TcpdumpSnaplenTest {
    static List<String> run(String command) {
        return Runs.run(Runs.chain(0, "", "duration: 2s\n", "  - {at: 0s, on: a, run: \"" + command + "\"}\n")).terminal("a");
    }

    @Test
    void givenASnaplen_theListeningLineNamesIt() {
        assertThat(run("tcpdump -n -s 96 -i eth0")).contains("listening on eth0, link-type RAW (Raw IP), snapshot length 96 bytes");
        assertThat(run("tcpdump -n -s 0 -i eth0")).contains("listening on eth0, link-type RAW (Raw IP), snapshot length 262144 bytes");
        assertThat(run("tcpdump -n -s0x10 -i eth0")).contains("listening on eth0, link-type RAW (Raw IP), snapshot length 16 bytes");
        assertThat(run("tcpdump -n -s 010 -i eth0")).contains("listening on eth0, link-type RAW (Raw IP), snapshot length 8 bytes");
        assertThat(run("tcpdump -n --snapshot-length=100 -i eth0"))
                .contains("listening on eth0, link-type RAW (Raw IP), snapshot length 100 bytes");
        assertThat(run("tcpdump -n --snapshot-length 1 -i eth0")).contains("listening on eth0, link-type RAW (Raw IP), snapshot length 1 bytes");
        assertThat(run("tcpdump -n --snap=30 -i eth0")).contains("listening on eth0, link-type RAW (Raw IP), snapshot length 30 bytes");
    }

    @Test
    void givenABadSnaplen_tcpdumpRefusesIt() {
        for (String bad : List.of("-1", "262145", "abc", "10abc", "99999999", "2147483648")) {
            assertThat(run("tcpdump -n -s " + bad + " -i eth0")).containsExactly("tcpdump: invalid snaplen " + bad
                    + " (must be >= 0 and <= 262144)");
        }
        assertThat(run("tcpdump -n -i eth0 -s")).containsExactly("tcpdump: option requires an argument -- 's'");
        assertThat(run("tcpdump -n -i eth0 --snapshot-length")).containsExactly("tcpdump: option '--snapshot-length' requires an argument");
    }
}
