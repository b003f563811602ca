package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --limit-rate paces a download in simulated time ({@link CurlRateLimit}): curl reads a buffer,
 * then waits while its average is above the rate, so a 100 KB body at 10K takes about 10 s and
 * %{speed_download} stays within one buffer of the rate; the waiting closes the receive window,
 * so TCP slows the server instead of the laptop's buffer holding the whole body.
 */
class CurlLimitRateTest {
    @TempDir
    Path dir;

    static final String W = "-w \"%{size_download} %{speed_download} %{time_total}\\n\"";

    static final String SCENARIO = """
            name: limit-rate
            seed: 7
            start: 2026-12-03T12:00:00Z
            routing: global
            duration: 60s
            nodes:
              - {name: laptop, kind: host}
              - {name: r, kind: router}
              - {name: web, kind: host, services: [{type: web, port: 80, root: site}]}
              - {name: tls, kind: host, services: [{type: web, port: 443, tls: true, names: [tls.test], root: site}]}
            links:
              - {a: laptop 10.0.1.2/24, b: r 10.0.1.1/24, bandwidth: 100Mbps, delay: 5ms}
              - {a: r 10.0.3.1/24, b: web 10.0.3.2/24, delay: 200us}
              - {a: r 10.0.4.1/24, b: tls 10.0.4.2/24, delay: 200us}
            timeline:
              - {at: 1s, on: laptop, run: 'curl -s -o /dev/null %W http://10.0.3.2/big.txt'}
              - {at: 2s, on: laptop, run: 'curl -s -o /dev/null --limit-rate 10K %W http://10.0.3.2/big.txt'}
              - {at: 20s, on: laptop, run: 'curl -s -o /dev/null --limit-rate 50K %W http://10.0.3.2/big.txt'}
              - {at: 30s, on: laptop, run: 'curl -sk -o /dev/null --limit-rate 10K --resolve tls.test:443:10.0.4.2 %W https://tls.test/big.txt'}
            """.replace("%W", W);

    @Test
    void a_100k_body_at_10k_takes_about_ten_seconds() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/big.txt"), "a".repeat(102400));
        Runs.Result run = Runs.runIn(dir, SCENARIO);
        double[] free = numbers(run, "curl -s -o /dev/null " + W + " http://10.0.3.2/big.txt");
        double[] at10k = numbers(run, "curl -s -o /dev/null --limit-rate 10K " + W + " http://10.0.3.2/big.txt");
        double[] at50k = numbers(run, "curl -s -o /dev/null --limit-rate 50K " + W + " http://10.0.3.2/big.txt");
        double[] tls = numbers(run, "curl -sk -o /dev/null --limit-rate 10K --resolve tls.test:443:10.0.4.2 " + W + " https://tls.test/big.txt");
        assertThat(free[0]).isEqualTo(102400);
        assertThat(free[2]).isLessThan(0.2);
        // the last buffer is read once the bytes before it are due: 100 KB less at most 16 KiB, at 10 KiB/s
        assertThat(at10k[0]).isEqualTo(102400);
        assertThat(at10k[2]).isBetween(8.4, 10.2);
        assertThat(at10k[1]).isBetween(10240.0 * 0.95, 102400.0 / 8.4);
        assertThat(at50k[2]).isBetween(102400.0 / 51200 - 0.4, 102400.0 / 51200 + 0.2);
        // over TLS and HTTP/2 alike
        assertThat(tls[0]).isEqualTo(102400);
        assertThat(tls[2]).isBetween(8.4, 10.2);
    }

    /**
     * A body larger than the laptop's receive buffer: the paused reads fill it, the laptop
     * advertises a window of a few hundred bytes, the server's segments fill it (tshark's "TCP
     * Window Full") and it waits, so 3 MiB at 200K take about 15 s.
     */
    @Test
    void waiting_reads_close_the_receive_window() throws Exception {
        java.nio.file.Path tshark = dev.minternet.testing.Oracles.tshark();
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/big.txt"), "b".repeat(3 << 20));
        String cmd = "curl -s -o /dev/null --limit-rate 200K " + W + " http://10.0.3.2/big.txt";
        String yaml = SCENARIO.replaceAll("(?s)timeline:.*", "") + "timeline:\n"
                + "  - {at: 0s, on: laptop, run: 'tcpdump -i eth0 -w rate.pcap'}\n"
                + "  - {at: 1s, on: laptop, run: '" + cmd + "'}\n";
        Runs.Result run = Runs.runIn(dir, yaml);
        double[] n = numbers(run, cmd);
        assertThat(n[0]).isEqualTo(3 << 20);
        assertThat(n[2]).isBetween(14.5, 15.7);
        Path pcap = Files.walk(dir).filter(p -> p.getFileName().toString().equals("rate.pcap")).findFirst().orElseThrow();
        Process p = new ProcessBuilder(tshark.toString(), "-r", pcap.toString(), "-Y", "tcp.analysis.window_full && ip.src==10.0.3.2")
                .redirectErrorStream(false).start();
        long full = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().count();
        p.waitFor();
        assertThat(full).isPositive();
    }

    /** The -w line's three numbers. */
    private static double[] numbers(Runs.Result run, String command) {
        List<String> out = run.block("laptop", command, 0);
        assertThat(out).as(command).isNotEmpty(); // (tcpdump's closing lines may follow)
        String[] f = out.get(0).split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }
}
