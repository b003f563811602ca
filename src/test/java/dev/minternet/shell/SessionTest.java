package dev.minternet.shell;

import dev.minternet.tools.ToolEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Runs;
import dev.minternet.trace.JsonLinesSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shell's commands typed at a {@link Session} without a terminal: where they run, how the
 * simulated clock moves, background jobs, faults, and the promise that a session prints what a
 * scenario with the same commands at the same times prints.
 */
public class SessionTest {
    /** laptop - r - server, 5 ms and 20 ms one way: a ping's round trip is 50 ms. */
    public static final String WORLD = """
            name: shell-test
            seed: 3
            start: 2026-11-21T09:00:00Z
            routing: global
            nodes: [{name: laptop, kind: host}, {name: r, kind: router}, {name: server, kind: host}]
            links:
              - {name: lan, a: laptop 10.0.1.2/24, b: r 10.0.1.1/24, delay: 5ms}
              - {name: wan, a: r 10.0.2.1/24, b: server 10.0.2.2/24, delay: 20ms}
            """;

    /** A session on {@link #WORLD} and what it printed. */
    static final class Typed {
        final StringWriter text = new StringWriter();
        final Session session;
        final World world;

        Typed(String yaml) {
            try {
                Scenario s = ScenarioLoader.parse("shell.yaml", yaml);
                world = WorldBuilder.build(s);
                session = new Session(s, world, new PrintWriter(text, true), null, Session.defaultNode(s), 0);
            } catch (ScenarioException e) {
                throw new AssertionError(e);
            }
        }

        Typed() {
            this(WORLD);
        }

        /** Types {@code line} and returns what it printed. */
        String type(String line) {
            int from = text.getBuffer().length();
            session.execute(line);
            return text.getBuffer().substring(from);
        }

        long now() {
            return world.sim().now();
        }
    }

    @Test
    void the_prompt_names_the_node_and_on_NODE_or_the_bare_name_moves_it() {
        Typed t = new Typed();
        assertThat(t.session.prompt()).isEqualTo("laptop$ ");
        t.type("on r");
        assertThat(t.session.prompt()).isEqualTo("r$ ");
        t.type("server");
        assertThat(t.session.prompt()).isEqualTo("server$ ");
        assertThat(t.type("on mars")).isEqualTo("on: no node named 'mars' (nodes: laptop, r, server)\n");
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.session.prompt()).isEqualTo("server$ ");
    }

    @Test
    void a_redirection_or_a_list_is_refused_in_one_line_and_quoted_it_is_an_argument() {
        Typed t = new Typed();
        for (String line : List.of("ping -c 1 server > out.txt", "echo a | grep a",
                "ping -c 1 server & ping -c 1 laptop", "cat < /etc/motd", "true; ping -c 1 server > out.txt")) {
            String out = t.type(line);
            assertThat(out).as(line).startsWith("sh: '").contains("' is not supported here: type one command a line (or a list")
                    .hasLineCount(1);
            assertThat(t.session.lastExit()).as(line).isEqualTo(2);
            assertThat(t.now()).as(line).isZero(); // nothing ran
        }
        assertThat(t.type("ping -c 1 server 2>&1")).startsWith("sh: '>&' is");
        // inside quotes or escaped these are characters of an argument, as in bash
        assertThat(t.type("ping -c 1 'server|x'")).isEqualTo("ping: server|x: Name or service not known\n");
        assertThat(t.type("ping -c 1 server\\;")).isEqualTo("ping: server;: Name or service not known\n");
        assertThat(dev.minternet.tools.registry.ToolRegistry.operator("curl \"http://server/?a=1&b=2\"")).isNull();
    }

    @Test
    void input_from_dev_null_ends_at_once_and_a_node_prefix_does_not_hide_a_pipe_from_a_shell_command() {
        Typed t = new Typed();
        t.type("server nc -l 7000 &");
        // nc reads its input: from /dev/null it ends at once, so the connection is half-closed at the
        // start and nc exits when the listener, having read the end, closes its side
        String out = t.type("nc -v -N server 7000 < /dev/null");
        assertThat(out).contains("Connection to server (10.0.2.2) 7000 port [tcp/bbs] succeeded!");
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.now()).isLessThan(1_000_000_000L); // not the hour a terminal's input would keep it
        assertThat(t.type("nc -zv server 7000 </dev/null")).contains("Connection refused"); // the listener has exited
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.type("cat < /etc/hosts")).startsWith("sh: '<' is not supported here"); // only /dev/null
        assertThat(t.type("laptop echo | grep a")).isEqualTo(
                "sh: '|' is not supported here: a shell command (echo) takes no pipe or redirection\n");
        assertThat(t.session.lastExit()).isEqualTo(2);
    }

    @Test
    void a_list_runs_its_commands_in_turn_as_bash_does_with_semicolons_and_and_or() {
        Typed t = new Typed();
        assertThat(t.type("false; echo $?")).isEqualTo("1\n"); // $? when the command starts
        assertThat(t.type("true && echo yes")).isEqualTo("yes\n");
        assertThat(t.type("false && echo yes")).isEmpty();
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.type("false || echo no")).isEqualTo("no\n");
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.type("true || echo no; echo $?")).isEqualTo("0\n");
        assertThat(t.type("ping -c 1 mars && echo reached || echo failed")).isEqualTo(
                "ping: mars: Name or service not known\nfailed\n");
        long t0 = t.now();
        String both = t.type("ping -c 1 server | grep -c ttl=; ping -c 1 laptop | grep -c ttl=");
        assertThat(both).isEqualTo("1\n1\n");
        assertThat(t.now()).isGreaterThan(t0); // each ran on the clock, one after the other
        assertThat(t.type("echo 'a;b' \"c&&d\" e\\;")).isEqualTo("a;b c&&d e;\n"); // quoted or escaped: characters
        assertThat(t.type("echo a;")).isEqualTo("a\n"); // bash takes a last ';'
        // what bash -c says of a list it cannot read (status 2, nothing run)
        assertThat(t.type("; echo a")).isEqualTo("sh: syntax error near unexpected token `;'\n");
        assertThat(t.session.lastExit()).isEqualTo(2);
        assertThat(t.type("echo a && ; echo b")).isEqualTo("sh: syntax error near unexpected token `;'\n");
        assertThat(t.type("echo a &&")).isEqualTo("sh: syntax error: unexpected end of file\n");
        assertThat(t.type("echo a; exit")).isEqualTo("a\n");
        assertThat(t.session.execute("true && exit")).isFalse(); // leaves the shell
    }

    @Test
    void a_commands_output_goes_through_grep_head_tail_and_wc_and_the_last_one_gives_the_status() {
        Typed t = new Typed();
        assertThat(t.type("ping -c 3 server | grep -c ttl=")).isEqualTo("3\n");
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.type("ping -c 2 server | grep -v ttl | grep -E '^(PING|rtt)' ")).matches(
                "PING server \\(10\\.0\\.2\\.2\\) 56\\(84\\) bytes of data\\.\nrtt min/avg/max/mdev = .*\n");
        assertThat(t.type("ping -c 1 server | grep nothing")).isEmpty();
        assertThat(t.session.lastExit()).isEqualTo(1); // grep selected nothing
        long before = t.now();
        assertThat(t.type("ping -c 100 server | head -n 2")).matches("PING server .*\n64 bytes from server .*\n");
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.now() - before).as("ping died at its next write after head's two lines (SIGPIPE)").isLessThan(2_000_000_000L);
        assertThat(t.type("ping -c 3 -q server | tail -1")).startsWith("rtt min/avg/max/mdev = ");
        assertThat(t.type("ping -c 2 server | wc -l")).isEqualTo("7\n");
        assertThat(t.type("ping -c 1 server | sort")).isEqualTo("sort: not available after '|' (grep, head, tail, wc)\n");
        assertThat(t.session.lastExit()).isEqualTo(2);
        assertThat(t.type("ping -c 1 server | grep")).isEqualTo("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
        assertThat(t.type("ping -c 1 server |")).isEqualTo("sh: syntax error near unexpected token `|'\n");
    }

    @Test
    void NODE_CMD_runs_one_command_there_as_in_Mininet_and_the_prompt_stays() {
        Typed t = new Typed();
        String out = t.type("server ping -c 1 laptop");
        assertThat(out).startsWith("PING laptop (10.0.1.2) 56(84) bytes of data.\n")
                .contains("64 bytes from laptop (10.0.1.2): icmp_seq=1 ttl=63 time=50.0 ms")
                .contains("1 packets transmitted, 1 received, 0% packet loss");
        assertThat(t.session.prompt()).isEqualTo("laptop$ ");
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.type("ip route")).contains("10.0.1.0/24 dev eth0");
    }

    @Test
    void a_foreground_command_advances_the_clock_until_it_exits_and_the_prompt_comes_back_a_nanosecond_later() {
        Typed t = new Typed();
        assertThat(t.type("time")).isEqualTo("0.000000000 s simulated (2026-11-21T09:00:00Z)\n");
        List<Long> exits = new ArrayList<>();
        t.world.trace().subscribe(e -> {
            if (e.is(ToolEvents.EXIT)) {
                exits.add(e.time());
            }
        });
        t.type("ping -c 3 server");
        // the third reply arrives at 2 s + 50 ms (and the microseconds of serialisation); ping exits then
        assertThat(exits).hasSize(1);
        assertThat(exits.get(0) / 1_000_000L).isEqualTo(2050L);
        assertThat(t.now()).isEqualTo(exits.get(0) + 1);
    }

    @Test
    void sleep_lets_simulated_time_pass_exactly() {
        Typed t = new Typed();
        t.type("sleep 5s");
        assertThat(t.now()).isEqualTo(5_000_000_000L);
        t.type("sleep 200ms");
        t.type("sleep 2");
        assertThat(t.now()).isEqualTo(7_200_000_000L);
        assertThat(t.type("time")).startsWith("7.200000000 s simulated (2026-11-21T09:00:07.200Z)");
        assertThat(t.type("sleep soon")).startsWith("sleep: ");
        assertThat(t.session.lastExit()).isEqualTo(1);
    }

    @Test
    void CMD_ampersand_runs_in_the_background_jobs_lists_it_and_wait_lets_it_finish() {
        Typed t = new Typed();
        assertThat(t.type("ping -c 3 server &")).isEqualTo("[1] laptop$ ping -c 3 server\n"
                + "PING server (10.0.2.2) 56(84) bytes of data.\n");
        assertThat(t.now()).isZero();
        assertThat(t.type("jobs")).isEqualTo("[1]  Running    laptop$ ping -c 3 server &\n");
        String slept = t.type("sleep 1s");
        assertThat(slept).contains("icmp_seq=1").doesNotContain("icmp_seq=2");
        String waited = t.type("wait");
        assertThat(waited).contains("icmp_seq=3", "3 packets transmitted, 3 received")
                .endsWith("[1]  Done       laptop$ ping -c 3 server\n");
        assertThat(t.type("jobs")).isEmpty();
    }

    @Test
    void two_background_jobs_on_two_nodes_interleave_in_simulated_time() {
        Typed t = new Typed();
        t.type("ping -c 2 server &");
        t.type("sleep 10ms");
        t.type("server ping -c 2 -i 0.5 laptop &");
        String out = t.type("wait");
        List<String> seqs = Arrays.stream(out.split("\n")).filter(l -> l.contains("icmp_seq")).toList();
        assertThat(seqs).containsExactly(
                "64 bytes from server (10.0.2.2): icmp_seq=1 ttl=63 time=50.0 ms",
                "64 bytes from laptop (10.0.1.2): icmp_seq=1 ttl=63 time=50.0 ms",
                "64 bytes from laptop (10.0.1.2): icmp_seq=2 ttl=63 time=50.0 ms",
                "64 bytes from server (10.0.2.2): icmp_seq=2 ttl=63 time=50.0 ms");
        assertThat(out).contains("[1]  Done       laptop$ ping -c 2 server", "[2]  Done       server$ ping -c 2 -i 0.5 laptop");
    }

    @Test
    void link_down_and_up_are_faults_typed_at_the_prompt() {
        Typed t = new Typed();
        assertThat(t.type("link down wan")).isEqualTo("* link wan failed (down)\n");
        assertThat(t.type("ping -c 2 server")).contains("2 packets transmitted, 0 received");
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.type("link up wan")).isEqualTo("* link wan restored (up)\n");
        assertThat(t.type("ping -c 2 server")).contains("2 packets transmitted, 2 received");
        assertThat(t.type("link down moon")).isEqualTo("link: no link named 'moon' (links: lan, wan)\n");
        assertThat(t.type("link sideways wan")).isEqualTo("usage: link down|up NAME\n");
        assertThat(t.session.lastExit()).isEqualTo(2);
    }

    @Test
    void crash_silences_a_node_until_restore_boots_it_again() {
        Typed t = new Typed();
        assertThat(t.type("crash server")).isEqualTo("* node server crashed\n");
        assertThat(t.type("ping -c 2 -W 1 server")).contains("2 packets transmitted, 0 received, 100% packet loss");
        assertThat(t.type("restore server")).isEqualTo("* node server restored (booted again)\n");
        assertThat(t.type("ping -c 1 server")).contains("1 packets transmitted, 1 received");
        assertThat(t.type("crash pluto")).startsWith("crash: no node named 'pluto'");
    }

    @Test
    void crashing_a_node_that_is_down_or_restoring_one_that_runs_is_refused() {
        Typed t = new Typed();
        assertThat(t.type("restore server")).isEqualTo("restore: node server is running (crash it first)\n");
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.type("crash server")).isEqualTo("* node server crashed\n");
        assertThat(t.type("crash server")).isEqualTo("crash: node server is already down (restore boots it)\n");
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.type("restore server")).isEqualTo("* node server restored (booted again)\n");
        assertThat(t.session.lastExit()).isZero();
    }

    @Test
    void wait_takes_job_specs_and_refuses_in_bashs_words() {
        Typed t = new Typed();
        t.type("ping -c 3 server &");
        t.type("ping -c 1 -W 1 10.9.9.9 &");
        assertThat(t.type("wait abc")).isEqualTo("wait: `abc': not a pid or valid job spec\n");
        assertThat(t.session.lastExit()).isEqualTo(1);
        assertThat(t.type("wait -5")).isEqualTo("wait: -5: invalid option\nwait: usage: wait [%JOB ...]\n");
        assertThat(t.session.lastExit()).isEqualTo(2);
        assertThat(t.type("wait %7")).isEqualTo("wait: %7: no such job\n");
        assertThat(t.session.lastExit()).isEqualTo(127);
        assertThat(t.type("wait 4242")).isEqualTo("wait: pid 4242 is not a child of this shell\n");
        assertThat(t.session.lastExit()).isEqualTo(127);
        assertThat(t.now()).isZero(); // nothing waited
        String two = t.type("wait %2");
        assertThat(two).contains("1 packets transmitted, 0 received").contains("[2]  Exit 1").doesNotContain("icmp_seq=3");
        assertThat(t.session.lastExit()).isEqualTo(1); // the job's own status
        String one = t.type("wait %1");
        assertThat(one).contains("3 packets transmitted, 3 received", "[1]  Done");
        assertThat(t.session.lastExit()).isZero();
    }

    @Test
    void help_with_a_name_shows_that_command_or_tool() {
        Typed t = new Typed();
        assertThat(t.type("help sleep")).isEqualTo("  sleep    sleep TIME: let simulated time pass (5s, 200ms, 2 = seconds)\n");
        assertThat(t.type("help ping")).startsWith("  ping [-4|-6] [-c count]").doesNotContain("Tools");
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.type("help pong")).isEqualTo("help: no help topics match `pong'.  Try `help' for the list.\n");
        assertThat(t.session.lastExit()).isEqualTo(1);
    }

    @Test
    void a_background_job_dies_with_its_node() {
        Typed t = new Typed();
        t.type("server ping server &");
        t.type("sleep 2s");
        String out = t.type("crash server");
        assertThat(out).contains("* node server crashed", "[1]  Killed     server$ ping server").doesNotContain("statistics");
    }

    @Test
    void ctrl_c_interrupts_ping_which_prints_its_statistics_as_iputils_does() {
        Typed t = new Typed();
        // Ctrl-C from the terminal's thread sets a flag that the clock looks at every thousand
        // events (InteractiveTest presses it on a terminal); here an event at 3.5 s presses it and
        // stops the clock there, as the look would, so the test needs no wall-clock timing
        t.world.sim().scheduleAt(3_500_000_000L, () -> {
            t.session.interrupt();
            t.world.sim().stop();
        });
        String out = t.type("ping server");
        assertThat(out).contains("icmp_seq=4 ", "--- server ping statistics ---", "4 packets transmitted, 4 received, 0% packet loss")
                .contains("rtt min/avg/max/mdev = ");
        assertThat(t.now()).isLessThan(4_000_000_000L);
        assertThat(t.type("time")).startsWith("3.5");
    }

    @Test
    void unknown_commands_answer_as_a_shell_and_set_the_exit_status() {
        Typed t = new Typed();
        assertThat(t.type("tracert server")).isEqualTo("sh: tracert: command not found\n");
        assertThat(t.session.lastExit()).isEqualTo(127);
        assertThat(t.type("ping -Z server")).startsWith("ping: invalid option -- 'Z'");
        assertThat(t.session.lastExit()).isEqualTo(2);
    }

    @Test
    void echo_prints_its_words_and_dollar_question_is_the_last_status_outside_single_quotes() {
        Typed t = new Typed();
        t.type("tracert server");
        assertThat(t.type("echo $?")).isEqualTo("127\n");
        assertThat(t.type("echo \"status $?\" '$?'")).isEqualTo("status 0 $?\n"); // echo's own 0 by now
        assertThat(t.type("false")).isEmpty();
        assertThat(t.type("echo $?")).isEqualTo("1\n");
        assertThat(t.type("true")).isEmpty();
        assertThat(t.session.lastExit()).isZero();
        assertThat(t.type("echo -n a b")).isEqualTo("a b");
        assertThat(Session.expandStatus("ping \\$? '$?' \"$?\"", 2)).isEqualTo("ping \\$? '$?' \"2\"");
    }

    @Test
    void help_lists_the_shell_commands_and_every_tool() {
        String help = new Typed().type("help");
        for (String builtin : Session.BUILTINS.keySet()) {
            assertThat(help).contains("\n  " + builtin + " ");
        }
        assertThat(help).contains("  ping [-4|-6] [-c count]", "  traceroute ", "  dig ", "  curl ", "  tcpdump ");
    }

    @Test
    void nodes_and_links_list_the_world() {
        Typed t = new Typed();
        assertThat(t.type("nodes")).isEqualTo("laptop r server\n");
        assertThat(t.type("links")).isEqualTo("lan wan\n");
        assertThat(t.session.execute("exit")).isFalse();
    }

    /**
     * The same commands give the same output and the same trace as a scenario whose timeline has
     * them at the times they were typed (docs/design.md decision on determinism): the shell adds nothing
     * of its own to the world.
     */
    @Test
    void a_session_prints_and_traces_what_a_scenario_with_that_timeline_does() throws Exception {
        Typed t = new Typed();
        ByteArrayOutputStream shellTrace = new ByteArrayOutputStream();
        t.world.trace().subscribe(new JsonLinesSink(shellTrace));
        List<String> lines = List.of("ping -c 2 server", "traceroute -n server &", "sleep 1500ms", "link down wan",
                "server ping -c 2 -W 1 laptop", "link up wan", "ping -c 1 -s 1000 server", "crash r", "restore r",
                "wait", "ping -c 2 server");
        StringBuilder timeline = new StringBuilder("timeline:\n");
        StringBuilder printed = new StringBuilder();
        for (String line : lines) {
            long at = t.now();
            String out = t.type(line);
            String bare = line.replace(" &", "");
            if (line.startsWith("link ")) {
                timeline.append("  - {at: ").append(at).append("ns, ").append(line.contains("down") ? "fail-link" : "restore-link")
                        .append(": wan}\n");
            } else if (line.startsWith("crash ") || line.startsWith("restore ")) {
                timeline.append("  - {at: ").append(at).append("ns, ").append(bare.replace(" ", ": ")).append("}\n");
            } else if (!line.startsWith("sleep") && !line.equals("wait")) {
                String node = line.startsWith("server ") ? "server" : "laptop";
                timeline.append("  - {at: ").append(at).append("ns, on: ").append(node).append(", run: \"")
                        .append(bare.replaceFirst("^server ", "")).append("\"}\n");
            }
            printed.append(out.replaceAll("(?m)^\\[\\d+\\] .*\\n|^\\[\\d+\\]  (Done|Running|Exit \\d+|Killed) .*\\n", ""));
        }
        t.session.close();
        Runs.Result scenario = Runs.run(WORLD + timeline);
        StringBuilder expected = new StringBuilder();
        for (String l : scenario.output()) {
            int bar = l.indexOf(" | ");
            if (l.endsWith(" |")) {
                expected.append('\n');
            } else if (bar >= 0) {
                expected.append(l, bar + 3, l.length()).append('\n');
            } else if (l.matches("\\s*\\d+\\.\\d+ \\*\\s+\\* .*") && !l.contains("run stopped")) {
                expected.append(l.replaceFirst("^\\s*\\d+\\.\\d+ \\*\\s+\\* ", "* ")).append('\n');
            }
        }
        assertThat(printed.toString()).contains("traceroute to server", "ping: connect: Network is unreachable")
                .isEqualTo(expected.toString());
        assertThat(shellTrace.toString(StandardCharsets.UTF_8)).isEqualTo(scenario.json());
    }

    /** The events of the world the session was built from: its faults happen at their times, its commands do not run. */
    @Test
    void a_world_file_s_faults_happen_at_their_times_and_its_commands_do_not_run() {
        Typed t = new Typed(WORLD + "timeline:\n  - {at: 2s, fail-link: wan}\n  - {at: 1s, on: laptop, run: \"ping server\"}\n");
        String out = t.type("sleep 3s");
        assertThat(out).isEqualTo("* link wan failed (down)\n");
        List<String> none = new ArrayList<>(t.session.runner().jobs().stream().map(j -> j.command()).toList());
        assertThat(none).isEmpty();
    }
}
