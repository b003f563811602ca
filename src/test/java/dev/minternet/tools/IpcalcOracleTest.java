package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.tools.registry.ToolRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's ipcalc 0.42 (the Perl one) is the judge: for every input below, the simulated ipcalc
 * prints byte for byte what the real one prints on its standard output (colourless as when piped,
 * and with {@code -c} the same ANSI sequences). The real tool tries its netblocks in Perl's hash
 * order, which changes per run; for a network holding several of them the real tool is run with
 * fixed hash seeds until one of them takes the order ours takes, so ours is always one of the
 * real tool's outputs.
 */
class IpcalcOracleTest {
    static Path ipcalc;

    @BeforeAll
    static void tool() {
        ipcalc = Oracles.require("ipcalc", "ipcalc");
    }

    static String real(List<String> args, String seed) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ipcalc.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TERM", "xterm");
        if (seed != null) {
            pb.environment().put("PERL_HASH_SEED", seed);
            pb.environment().put("PERL_PERTURB_KEYS", "0");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(cmd.toString()).isZero();
        return out;
    }

    /** Ours equals the real tool's output, under its default hash order or one of 40 fixed ones. */
    static void same(String line) throws Exception {
        List<String> args = ToolRegistry.split(line);
        String ours = Ipcalc.output(args);
        String real = real(args, null);
        for (int seed = 0; seed < 40 && !ours.equals(real); seed++) {
            real = real(args, String.valueOf(seed));
        }
        assertThat(ours).as("ipcalc " + line).isEqualTo(real);
    }

    @Test
    void every_prefix_length_of_one_address() throws Exception {
        for (int p = 0; p <= 32; p++) {
            same("10.20.30.40/" + p);
            same("-b 192.168.77.200/" + p);
        }
    }

    @Test
    void dotted_hex_and_wildcard_masks_and_classes() throws Exception {
        for (String line : List.of("192.168.1.10/24", "10.0.0.1 255.255.0.0", "172.16.5.4/20", "10.0.0.1/31",
                "10.0.0.1/32", "10.0.0.1", "10.0.0.1 0.0.255.255", "1.2.3.4 0.0.0.0", "1.2.3.4 255.255.255.255",
                "8.8.8.8 255.255.255.248", "130.1.2.3/255.255.252.0", "200.1.2.3 /27", "0xc0a80101 0xffffff00",
                "172.31.255.255/12", "172.32.0.1/11", "169.254.10.20/16", "127.0.0.1/8", "224.0.0.251/4",
                "239.255.255.250/24", "240.1.2.3/8", "248.0.0.1/5", "255.255.255.255/32", "0.0.0.0/0",
                "100.64.0.1/10", "192.0.2.1/24", "192.168.0.0/15", "191.255.0.1/2", "-n 10.1.2.3/9",
                "-n -b 172.16.0.1/30", "--nobinary 192.168.5.5/23", "-bn 203.0.113.77/28", "10.0.0.1/")) {
            same(line);
        }
    }

    @Test
    void subnets_supernets_and_ranges() throws Exception {
        for (String line : List.of("192.168.1.0/24 26", "192.168.1.10/24 255.255.255.240", "10.0.0.0/30 32",
                "10.0.0.0/30 31", "172.16.0.0/16 /20", "1.2.3.4/16 /8", "192.168.1.0/24 /16",
                "10.0.0.0/8 20", "-b 192.168.0.0/22 24", "192.168.0.1 255.255.128.0 255.255.192.0",
                "192.168.0.1 0.0.63.255", "10.0.0.0 - 10.0.1.255", "192.168.1.3-192.168.1.77",
                "-r 1.2.3.4 1.2.4.5", "10.0.0.5 - 10.0.0.5",
                "1.2.3.4 0.0.0.255 255.255.0.0", "1.2.3.4 0.0.0.255 0.0.255.255", "1.2.3.4/8 0.0.0.255",
                "1.2.3.4 0.0.0.255 32", "10.0.0.0/16 0.0.0.255", "10.0.0.0/20 0.0.0.3")) {
            same(line);
        }
    }

    @Test
    void colours_are_the_real_ansi_sequences() throws Exception {
        for (String line : List.of("-c 192.168.1.10/24", "--color 172.16.5.4/20 24", "-c 10.0.0.1/31",
                "-c 10.0.0.1/32", "-c 1.2.3.4/16 /8", "-c 300.1.1.1", "-c -b 10.0.0.1/8")) {
            same(line);
        }
    }

    @Test
    void ipv6_input_gets_the_short_summary() throws Exception {
        for (String line : List.of("fe80::1/64", "2001:db8::/32", "2001:DB8:0:0:1:0:0:1", "::1/128", "::/0",
                "2001:db8:0:1:0:0:0:0/48", "1:2:3:4:5:6:7:8/100", "fe80::1/129", "fe80:::1/64", "1:2:3/64",
                "::ffff:1.2.3.4", "fe80::1 064")) {
            same(line);
        }
    }

    @Test
    void bad_input_prints_what_the_real_tool_prints() throws Exception {
        for (String line : List.of("300.1.1.1", "10.0.0.1/33", "10.0.0.1 255.0.255.0", "1.2.3.4 255.255.0.0 0.255.0.0",
                "hello", "24", "1.2.3", "1.2.3.4/24 /40", "-x 1.2.3.4", "-xq 1.2.3.4", "-n", "-v", "--version",
                "1.2.3.4 - 5.6.7", "")) {
            same(line);
        }
    }

    @Test
    void on_a_terminal_it_prints_lines_and_exits_0() {
        List<String> lines = new ArrayList<>();
        int[] code = {-1};
        ToolRegistry.get("ipcalc").start(null, List.of("-b", "10.0.0.1/31"), new Terminal() {
            @Override
            public void println(String line) {
                lines.add(line);
            }

            @Override
            public void exit(int c) {
                code[0] = c;
            }
        });
        assertThat(code[0]).isZero();
        assertThat(lines).containsExactly("Address:   10.0.0.1             ", "Netmask:   255.255.255.254 = 31 ",
                "Wildcard:  0.0.0.1              ", "=>", "Network:   10.0.0.0/31          ",
                "HostMin:   10.0.0.0             ", "HostMax:   10.0.0.1             ",
                "Hosts/Net: 2                     Class A, Private Internet, PtP Link RFC 3021", "");
    }

    @Test
    void unmodelled_options_say_so_in_one_line() {
        assertThat(Ipcalc.output(List.of("-s", "10", "192.168.1.0/24")))
                .isEqualTo("ipcalc: option -s is not modelled in Minternet\n");
        assertThat(Ipcalc.output(List.of("--html", "192.168.1.0/24")))
                .isEqualTo("ipcalc: option --html is not modelled in Minternet\n");
    }
}
