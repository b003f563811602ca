package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.shell.SessionTest;
import dev.minternet.testing.Oracles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minternet shell} and {@code minternet run} on a real pseudo-terminal: a tmux server of
 * this test's own (its own socket, no configuration file) runs the command line in a new JVM,
 * the test sends keys as a person would and reads the screen with {@code capture-pane}. Skipped
 * without tmux, failed without it when {@code MINTERNET_REQUIRE_ORACLES=1}.
 */
@Timeout(180)
class InTmuxTest {
    @TempDir
    Path dir;

    private Path tmux;
    private Path socket;

    static final String WORLD = SessionTest.WORLD;

    @BeforeEach
    void tmux() {
        tmux = Oracles.require("tmux", "tmux");
        socket = dir.resolve("tmux.sock");
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null && Files.exists(socket)) {
            tmux("kill-server");
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tmux.toString(), "-S", socket.toString(), "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Starts {@code minternet ARGS} in a 150x50 window; its exit status lands in {@code dir/status}. */
    private void start(String... args) throws Exception {
        Path launcher = dir.resolve("minternet.sh");
        // the script outlives Ctrl-C (a trap is reset to the default in the JVM it starts) to write the status
        StringBuilder sh = new StringBuilder("#!/bin/sh\ntrap true INT\ncd '" + dir + "'\n'")
                .append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' -cp '")
                .append(System.getProperty("java.class.path")).append("' ").append(Main.class.getName());
        for (String a : args) {
            sh.append(" '").append(a).append("'");
        }
        sh.append("\necho $? > '").append(dir.resolve("status")).append("'\nsleep 600\n");
        Files.writeString(launcher, sh);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        tmux("new-session", "-d", "-s", "t", "-x", "150", "-y", "50", launcher.toString());
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-1000", "-t", "t");
    }

    private String await(String text) throws Exception {
        return await(text, 1);
    }

    /** Waits until the screen shows {@code text} {@code times} times: a person types after the prompt is back. */
    private String await(String text, int times) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (true) {
            String s = screen();
            if (s.split(Pattern.quote(text), -1).length - 1 >= times) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the screen never showed '" + text + "':\n" + s);
            }
            Thread.sleep(100);
        }
    }

    private void keys(String... keys) throws Exception {
        List<String> a = new ArrayList<>(List.of("send-keys", "-t", "t"));
        a.addAll(List.of(keys));
        tmux(a.toArray(String[]::new));
    }

    private int status() throws Exception {
        Path f = dir.resolve("status");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(f) || Files.readString(f).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the command never ended:\n" + screen());
            }
            Thread.sleep(100);
        }
        return Integer.parseInt(Files.readString(f).strip());
    }

    @Test
    void the_shell_on_a_terminal_prompt_completion_ctrl_c_and_history() throws Exception {
        Files.writeString(dir.resolve("world.yaml"), WORLD);
        start("shell", "world.yaml", "--speed", "20", "--history", dir.resolve("history").toString());
        await("laptop$ ");
        keys("ping server", "Enter");
        await("icmp_seq=3 ");
        keys("C-c");
        // the summary's header and its counts reach the terminal in two writes: wait for the counts
        String s = await("% packet loss");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\^C[^\\n]*\\n\\n?--- server ping statistics ---\\n(\\d+) packets transmitted, (\\d+) received, ([\\d.]+)% packet loss")
                .matcher(s);
        assertThat(m.find()).as(s).isTrue();
        // at speed 20 the 50 ms round trip is 2.5 ms of wall time: a Ctrl-C may land while the last
        // request is in flight, which iputils counts as lost; every probe before it was answered
        int sent = Integer.parseInt(m.group(1));
        int received = Integer.parseInt(m.group(2));
        assertThat(received).isGreaterThanOrEqualTo(3);
        assertThat(sent - received).as(s).isBetween(0, 1);
        assertThat(Double.parseDouble(m.group(3)) == 0).isEqualTo(sent == received);
        await("laptop$ ", 2);
        // Ctrl-C at the prompt drops the line, as in bash
        keys("ping never-typed");
        await("laptop$ ping never-typed");
        keys("C-c");
        await("laptop$ ", 3);
        keys("on se", "Tab", "Enter");
        await("server$ ");
        keys("lin", "Tab", "Tab");
        await("links");
        keys("C-u", "link down w", "Tab", "Enter");
        await("* link wan failed (down)");
        keys("time", "Enter");
        s = await(" s simulated (2026-11-21T09:00:");
        assertThat(s).doesNotContain("never-typed:").contains("laptop$ on server");
        keys("exit", "Enter");
        assertThat(status()).isZero();
        assertThat(Files.readString(dir.resolve("history"))).contains("ping server", "on server", "link down wan", "time")
                .doesNotContain("never-typed");
    }

    @Test
    void run_on_a_terminal_shows_a_progress_line_on_stderr_and_ctrl_c_stops_cleanly() throws Exception {
        Files.writeString(dir.resolve("bulk.yaml"), RunStreamingTest.BULK);
        start("run", "bulk.yaml", "--pcap-dir", "pcaps");
        await("0.000000 a $ ping -c 2 b");
        String s = await(" s left");
        assertThat(s).containsPattern("\\d+\\.\\d{3} s simulated, [0-9.]+ [kM]? ?events/s, \\d+%, about \\d+ s left");
        keys("C-c");
        assertThat(status()).isEqualTo(130);
        s = screen();
        assertThat(s).contains("* run interrupted (Ctrl-C)").doesNotContain("events/s");
        assertThat(dir.resolve("pcaps/a-eth0.pcap")).isNotEmptyFile();
    }
}
