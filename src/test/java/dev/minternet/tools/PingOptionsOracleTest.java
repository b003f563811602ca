package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ping's -D, -p and -f as iputils 20221126 prints them (src/test/resources/reference/iputils-20221126/
 * ping-options.txt, recorded on loopback): the timestamp before each reply, the "PATTERN: 0x.." line
 * and the pattern in the request's bytes, flood's dots and backspaces with "ipg/ewma" in the
 * statistics, and plain -f refused to a user after the "PING" line. The real run was root's, the
 * simulated terminal is a user's: the recording's last -f comes from setpriv as user 65534. The
 * simulated terminals show control characters visibly ({@link dev.minternet.scenario.Visible}), so
 * flood's backspaces read "^H" as {@code cat -A} shows the real bytes.
 */
class PingOptionsOracleTest {
    /** The recording's commands as the simulated laptop runs them (-R stays refused: its status differs). */
    static final String SCRIPT = """
            ping -D -c 2 -i 0.2 127.0.0.1
            echo rc=$?
            ping -p ab12c -c 2 -i 0.2 -s 20 127.0.0.1
            echo rc=$?
            ping -q -p ff -c 1 127.0.0.1
            echo rc=$?
            ping -p 12xz 127.0.0.1
            echo rc=$?
            ping -f -i 0.01 -c 3 127.0.0.1
            echo rc=$?
            ping -f -q -i 0.01 -c 3 127.0.0.1
            echo rc=$?
            ping -f -c 3 127.0.0.1
            echo rc=$?
            """;

    /** Numbers (times, timestamps) masked: the layout and words are compared. */
    static String shape(String s) {
        return s.replaceAll("[0-9]+", "N");
    }

    @Test
    void the_options_print_as_the_recorded_real_ping() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream("/reference/iputils-20221126/ping-options.txt")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        real = real.substring(0, real.lastIndexOf("rc=")); // the -R line: refused here (see docs/shell.md)
        String ours = CliTest.execWithInput(SCRIPT, "shell").out().lines().filter(l -> !l.startsWith("laptop$ "))
                .map(l -> l + "\n").collect(Collectors.joining());
        assertThat(shape(ours)).isEqualTo(shape(real.replace("\b", "^H")));
        assertThat(ours).contains("PATTERN: 0xab120c\n", "28 bytes from 127.0.0.1: icmp_seq=1 ttl=64",
                "\n.^H ^H.^H ^H.^H ^H\n--- 127.0.0.1 ping statistics ---\n",
                "ping: patterns must be specified as hex digits: xz\nrc=2\n",
                "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\nping: cannot flood; minimal interval allowed for user is 2ms\nrc=2\n");
        assertThat(CliTest.execWithInput("ping -R -c 1 127.0.0.1\necho rc=$?\n", "shell").out())
                .contains("ping: -R (record route) is not modelled in Minternet", "rc=2");
    }

    static final String LAN = """
            name: lan
            nodes: [{name: a, kind: host}, {name: b, kind: host}]
            links: [{a: a 10.0.0.1/24, b: b 10.0.0.2/24, delay: 5ms}]
            timeline:
            """;

    @Test
    void timestamps_are_the_simulated_date_of_each_reply() {
        Runs.Result r = Runs.run(LAN + "  - {at: 1s, on: a, run: \"ping -D -c 2 b\"}\n");
        long at = r.events(ToolEvents.PING_REPLY).get(0).time(); // 10 ms and the serialization at the default bandwidth
        assertThat(at).isBetween(Durations.S + 10 * Durations.MS, Durations.S + 11 * Durations.MS);
        Instant first = r.world().date().minusNanos(r.world().sim().now()).plusNanos(at);
        String stamp = "[" + first.getEpochSecond() + "." + String.format("%06d", first.getNano() / 1000) + "] ";
        assertThat(r.terminal("a").get(1)).startsWith(stamp + "64 bytes from b (10.0.0.2): icmp_seq=1 ttl=64 time=10.0 ms");
        assertThat(r.terminal("a").get(2)).matches("\\[[0-9]+\\.[0-9]{6}\\] 64 bytes from b \\(10.0.0.2\\): icmp_seq=2 .*");
    }

    @Test
    void a_flood_prints_a_dot_per_request_and_a_backspace_per_reply_then_ipg_and_ewma() {
        Runs.Result r = Runs.run(LAN + "  - {at: 1s, on: a, run: \"ping -f -i 0.002 -c 4 b\"}\n"
                + "  - {at: 2s, on: a, run: \"ping -f -i 0.002 -c 2 -W 1 10.0.0.9\"}\n");
        // 10 ms round trips, a request every 2 ms: all four out before the first reply comes back
        assertThat(r.terminal("a")).containsSequence("PING b (10.0.0.2) 56(84) bytes of data.",
                "....^H ^H^H ^H^H ^H^H ^H", "--- b ping statistics ---",
                "4 packets transmitted, 4 received, 0% packet loss, time 6ms",
                "rtt min/avg/max/mdev = 10.001/10.001/10.001/0.000 ms, pipe 4, ipg/ewma 2.000/10.001 ms");
        // no reply: the dots stay, no ipg/ewma (nothing received), status 1
        assertThat(r.terminal("a")).containsSequence("..", "--- 10.0.0.9 ping statistics ---");
        assertThat(r.events(ToolEvents.EXIT).get(1).num(ToolEvents.CODE)).isEqualTo(1);
        // a long flood: its dots and backspaces in lines of at most 4096 characters, not one line growing without bound
        Runs.Result big = Runs.run(LAN + "  - {at: 1s, on: a, run: \"ping -f -i 0.002 -c 3000 b\"}\n");
        List<String> t = big.terminal("a");
        assertThat(t).hasSizeGreaterThan(5).allMatch(l -> l.length() <= 2 * PingSession.FLOOD_LINE_MAX); // a backspace shows as "^H"
        assertThat(t).contains("3000 packets transmitted, 3000 received, 0% packet loss, time 5998ms");
    }

    @Test
    void the_pattern_fills_the_request_bytes_after_the_timestamp(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("lan.yaml", LAN
                + "  - {at: 1s, on: a, run: \"ping -c 1 -s 24 -p c0ffee 10.0.0.2\"}\n"), dir, true);
        assertThat(r.terminal("a")).startsWith("PATTERN: 0xc0ffee", "PING 10.0.0.2 (10.0.0.2) 24(52) bytes of data.");
        Oracles.tshark();
        Path pcap = dir.resolve("a-eth0.pcap");
        Tshark.assertClean(pcap);
        List<Map<String, String>> out = Tshark.fields(pcap, "icmp", "icmp.type", "icmp.data_time", "data.data");
        // iputils' struct timeval first (tshark reads its tv_sec as the timestamp and shows the
        // tv_usec word, 0 at exactly 1 s, as data), then the pattern repeated from byte 0
        // (c0 ff ee ...), so from byte 16 (16 % 3 = 1) "ff ee c0 ..."
        assertThat(out).extracting(m -> m.get("icmp.type")).containsExactly("8", "0");
        for (Map<String, String> m : out) {
            assertThat(m.get("icmp.data_time")).isNotEmpty();
            assertThat(m.get("data.data")).isEqualTo("0000000000000000" + "ffeec0ffeec0ffee");
        }
    }
}
