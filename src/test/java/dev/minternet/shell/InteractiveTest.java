package dev.minternet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell on a terminal: JLine's line discipline in this JVM, fed keystrokes through a pipe as
 * a person types them (Tab, Ctrl-C, Ctrl-D, the arrow keys) and read back as the screen receives
 * them. {@code ShellInTmuxTest} does the same end to end through a real pseudo-terminal.
 */
@Timeout(60)
class InteractiveTest {
    @TempDir
    Path dir;

    private static final Pattern PROMPT = Pattern.compile("~ {20,}[a-z-]+\\$ ");

    private Keyboard keyboard;

    /** Keystrokes in, the screen's bytes out, and the shell's thread in between. */
    static final class Keyboard implements AutoCloseable {
        final PipedOutputStream keys = new PipedOutputStream();
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final ExternalTerminal terminal;
        final Session session;
        final Thread shell;
        final AtomicInteger exit = new AtomicInteger(-1);

        Keyboard(double speed, Path history) throws Exception {
            OutputStream synced = new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (screen) {
                        screen.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (screen) {
                        screen.write(b, off, len);
                    }
                }
            };
            terminal = new ExternalTerminal("test", "xterm", new PipedInputStream(keys, 1 << 16), synced, StandardCharsets.UTF_8);
            terminal.setSize(new Size(160, 50));
            Scenario s = ScenarioLoader.parse("shell.yaml", SessionTest.WORLD);
            session = new Session(s, WorldBuilder.build(s), terminal.writer(), null, Session.defaultNode(s), speed);
            shell = new Thread(() -> {
                try {
                    exit.set(Interactive.run(session, terminal, history));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "shell-under-test");
            shell.setDaemon(true);
            shell.start();
        }

        /** What the screen shows, escape sequences and carriage returns removed. */
        String screen() {
            String raw;
            synchronized (screen) {
                raw = screen.toString(StandardCharsets.UTF_8);
            }
            return raw.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>]|\r", "");
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        /** Waits until the screen shows {@code text} {@code times} times (the shell runs on its own thread). */
        void await(String text, int times) throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (count(screen(), text) < times) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the screen never showed '" + text + "' " + times + " time(s):\n" + screen());
                }
                Thread.sleep(10);
            }
        }

        /** Types a line and waits for the next prompt. */
        void line(String text) throws Exception {
            int prompts = prompts();
            type(text + "\r");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (prompts() <= prompts) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no prompt after '" + text + "':\n" + screen());
                }
                Thread.sleep(10);
            }
        }

        /** Prompts shown so far: JLine starts each on a fresh line (a '~', spaces to the margin, a carriage return). */
        int prompts() {
            return (int) PROMPT.matcher(screen()).results().count();
        }

        int finish() throws Exception {
            shell.join(30_000);
            assertThat(shell.isAlive()).as("the shell left").isFalse();
            return exit.get();
        }

        @Override
        public void close() throws IOException {
            shell.interrupt();
            terminal.close();
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @AfterEach
    void close() throws IOException {
        if (keyboard != null) {
            keyboard.close();
        }
    }

    @Test
    void tab_completes_commands_nodes_links_and_tool_options() throws Exception {
        keyboard = new Keyboard(0, null);
        keyboard.await("laptop$ ", 1);
        keyboard.line("on se\t");
        assertThat(keyboard.screen()).contains("laptop$ on server");
        keyboard.await("server$ ", 1);
        keyboard.line("link down w\t");
        assertThat(keyboard.screen()).contains("server$ link down wan", "* link wan failed (down)");
        keyboard.line("link u\twa\t");
        assertThat(keyboard.screen()).contains("* link wan restored (up)");
        keyboard.line("tracer\t-n -q 1 lap\t");
        assertThat(keyboard.screen()).contains("server$ traceroute -n -q 1 laptop", " 2  10.0.1.2  ");
        keyboard.line("curl --resol\t");
        assertThat(keyboard.screen()).contains("server$ curl --resolve");
        keyboard.type("\u0004");
        assertThat(keyboard.finish()).isNotNegative();
    }

    @Test
    void ctrl_c_interrupts_the_running_ping_which_prints_its_statistics_and_the_prompt_comes_back() throws Exception {
        keyboard = new Keyboard(20, null); // 20 simulated seconds a wall second: a line each 50 ms
        keyboard.await("laptop$ ", 1);
        keyboard.type("ping server\r");
        keyboard.await("icmp_seq=3 ", 1);
        keyboard.type("\u0003");
        keyboard.await("--- server ping statistics ---", 1);
        keyboard.await("laptop$ ", 2);
        String screen = keyboard.screen();
        assertThat(screen).containsPattern("\\d+ packets transmitted, \\d+ received, 0% packet loss, time \\d+ms\\n"
                + "rtt min/avg/max/mdev = 50\\.002/50\\.002/50\\.002/0\\.000 ms\\n");
        // (Ctrl-C at the prompt, which drops the line, is tested on a real terminal: ShellInTmuxTest)
        keyboard.line("time");
        // the clock stopped where Ctrl-C found it: a reply's instant and the prompt's nanosecond after
        assertThat(keyboard.screen()).containsPattern("\\d\\.050\\d{6} s simulated \\(2026-11-21T09:00:0");
        keyboard.type("exit\r");
        assertThat(keyboard.finish()).isZero();
    }

    @Test
    void background_jobs_and_wait_on_a_terminal() throws Exception {
        keyboard = new Keyboard(0, null);
        keyboard.await("laptop$ ", 1);
        keyboard.line("ping -c 2 server &");
        keyboard.line("jobs");
        assertThat(keyboard.screen()).contains("[1] laptop$ ping -c 2 server", "[1]  Running    laptop$ ping -c 2 server &");
        keyboard.line("wait");
        assertThat(keyboard.screen()).contains("2 packets transmitted, 2 received", "[1]  Done       laptop$ ping -c 2 server");
        keyboard.line("sleep 5s");
        keyboard.line("time");
        assertThat(keyboard.screen()).contains("6.050");
        keyboard.type("\u0004");
        keyboard.finish();
    }

    @Test
    void history_is_kept_in_a_file_and_the_up_arrow_recalls_the_last_session_s_commands() throws Exception {
        Path history = dir.resolve("history");
        keyboard = new Keyboard(0, history);
        keyboard.await("laptop$ ", 1);
        keyboard.line("nodes");
        keyboard.line("help");
        assertThat(keyboard.screen()).contains("  link     link down|up NAME", "  ping [-4|-6] [-c count]");
        keyboard.type("exit\r");
        keyboard.finish();
        keyboard.close();
        List<String> saved = Files.readAllLines(history);
        assertThat(saved).hasSize(3);
        assertThat(saved.get(0)).endsWith("nodes");
        assertThat(saved.get(1)).endsWith("help");

        keyboard = new Keyboard(0, history);
        keyboard.await("laptop$ ", 1);
        keyboard.line("\u001bOA\u001bOA\u001bOA"); // up (xterm application mode) three times: past exit and help, to nodes
        assertThat(keyboard.screen()).contains("laptop r server");
        keyboard.type("\u0004");
        keyboard.finish();
    }
}
