package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ping as Linux and iputils run it: DF on every request that fits the MTU (IP_PMTUDISC_WANT, the
 * kernel's default; echo replies leave without it), fragments at the source for one that does not,
 * none with {@code -M dont}; the statistics' time from the start to the last request sent; the
 * same lines as the real ping on this machine.
 */
class PingFidelityTest {
    static final String LAN = """
            name: lan
            nodes: [{name: a, kind: host}, {name: b, kind: host}]
            links: [{a: a 10.0.0.1/24, b: b 10.0.0.2/24}]
            timeline:
            """;

    @Test
    void requests_that_fit_carry_df_larger_ones_are_fragmented_at_the_source_and_dont_clears_it(@TempDir Path dir)
            throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("lan.yaml", LAN
                + "  - {at: 1s, on: a, run: \"ping -c 1 10.0.0.2\"}\n"
                + "  - {at: 2s, on: a, run: \"ping -c 1 -s 3000 10.0.0.2\"}\n"
                + "  - {at: 3s, on: a, run: \"ping -c 1 -M dont 10.0.0.2\"}\n"), dir, true);
        // 3028 bytes leave as fragments of 1500 + 1500 + 68 bytes each way: 2 x 3068 x 8 bits at 1 Gbit/s = 49.088 us
        assertThat(r.terminal("a")).contains("3008 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.049 ms");
        Oracles.tshark();
        Path pcap = dir.resolve("a-eth0.pcap");
        Tshark.assertClean(pcap);
        List<Map<String, String>> out = Tshark.fields(pcap, "ip.src == 10.0.0.1", "ip.len", "ip.flags.df", "ip.flags.mf");
        assertThat(out).extracting(m -> m.get("ip.len") + " df=" + m.get("ip.flags.df") + " mf=" + m.get("ip.flags.mf"))
                .containsExactly("84 df=1 mf=0", "1500 df=0 mf=1", "1500 df=0 mf=1", "68 df=0 mf=0", "84 df=0 mf=0");
        assertThat(Tshark.fields(pcap, "icmp.type == 0 && ip.src == 10.0.0.2", "ip.flags.df"))
                .extracting(m -> m.get("ip.flags.df")).containsOnly("0");
    }

    @Test
    void the_lines_are_those_of_the_real_ping_against_127_0_0_1() throws Exception {
        Path ping = Oracles.require("ping", "iputils-ping");
        Process p = new ProcessBuilder(ping.toString(), "-c", "3", "-i", "0.2", "127.0.0.1").redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.exitValue() == 0 || Oracles.strict(), "the real ping cannot run here: " + real);
        assertThat(p.exitValue()).as(real).isZero();

        Runs.Result r = Runs.run(LAN.replace("10.0.0.2/24}", "10.0.0.2/24, delay: 20us}")
                + "  - {at: 1s, on: a, run: \"ping -c 3 -i 0.2 10.0.0.2\"}\n");
        List<String> sim = r.terminal("a");
        assertThat(shape(String.join("\n", sim).replace("10.0.0.2", "127.0.0.1")))
                .isEqualTo(shape(real.stripTrailing()));
        // iputils' time: start to the last request, 2 x 200 ms; the real one adds scheduling jitter.
        assertThat(sim).contains("3 packets transmitted, 3 received, 0% packet loss, time 400ms");
        assertThat(real).containsPattern("time 4[0-9][0-9]ms");
    }

    /** The output with its measured numbers replaced, to compare layouts. */
    static String shape(String out) {
        return out.replaceAll("time=[0-9.]+ ms", "time=T ms").replaceAll("time [0-9]+ms", "time Nms")
                .replaceAll("= [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms", "= A/B/C/D ms");
    }
}
