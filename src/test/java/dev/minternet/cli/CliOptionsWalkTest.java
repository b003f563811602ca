package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.minternet.testing.JavaLeaks;
import dev.minternet.testing.Traces;
import dev.minternet.transport.tcp.TcpEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Walks every option and parameter of every command, found through picocli's model (so a new
 * option is covered without touching this test), and gives each bad values: negative, zero,
 * huge, not a number, empty, a missing file, a folder for a file, a file for a folder. Whatever
 * happens, the user sees at most one line on stderr, exit status 0, 1 or 2, and never the name
 * of a Java exception.
 */
class CliOptionsWalkTest {
    /** Options that take any value of their type: nothing to refuse. */
    static final Set<String> ANY_VALUE = Set.of("--seed");

    static final List<String> NUMBERS = List.of("-1", "0", "abc", "", "99999999999999999999", "9223372036854775807",
            "2147483648", "1e999", "NaN");
    /** Numbers every numeric option must refuse (the option's range is at most a 64-bit count). */
    static final Set<String> ALWAYS_BAD = Set.of("-1", "abc", "", "99999999999999999999", "9223372036854775807", "1e999",
            "NaN");
    static final List<String> WORDS = List.of("", "bogus", "\u001b[31mred", "x@y", "-1", "nosuch@1s");

    @TempDir
    static Path dir;
    static Path world;
    static Path trace;
    static final Map<String, List<String>> BASE = new LinkedHashMap<>();

    @BeforeAll
    static void files() throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>\n");
        world = dir.resolve("world.yaml");
        Files.writeString(world, """
                name: tiny
                duration: 20s
                nodes:
                  - {name: laptop, kind: host}
                  - {name: server, kind: host, services: [{type: web, port: 80, root: site}]}
                links:
                  - {a: laptop 10.0.0.1/24, b: server 10.0.0.2/24}
                timeline:
                  - {at: 1s, on: laptop, run: "ping -c 1 server"}
                """);
        trace = dir.resolve("t.jsonl");
        Files.writeString(trace, Traces.line(1, "a", TcpEvents.CWND, "x", 1000L, -1L, "open", 0L) + "\n");
        BASE.put("run", List.of(world.toString()));
        BASE.put("check", List.of(world.toString()));
        BASE.put("visit", List.of("--world", world.toString(), "http://server/"));
        BASE.put("plot", List.of(trace.toString()));
        BASE.put("sweep", List.of(world.toString(), "--out", dir.resolve("sweep.csv").toString()));
        BASE.put("shell", List.of(world.toString()));
        BASE.put("live", List.of(world.toString(), "--duration", "0s")); // a valid line starts the server: it stops at once
        BASE.put("exec", List.of(world.toString(), "laptop", "--", "ping", "-c", "1", "server"));
        BASE.put("why", List.of(world.toString(), "laptop", "server:80"));
    }

    record Case(List<String> args, String what) {
    }

    /** Every command below minternet, with its path of names ("bench manyhosts"). */
    static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        collect(Main.commandLine(new Main()), "", all);
        return all;
    }

    private static void collect(CommandLine cl, String prefix, Map<String, CommandSpec> all) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            String name = (prefix + " " + e.getKey()).strip();
            all.put(name, e.getValue().getCommandSpec());
            collect(e.getValue(), name, all);
        }
    }

    static boolean numeric(ArgSpec a) {
        Class<?> t = a.type();
        return t == int.class || t == long.class || t == double.class || t == Integer.class || t == Long.class
                || t == Double.class || t == float.class || t == short.class;
    }

    static boolean path(ArgSpec a) {
        return a.type() == Path.class || a.auxiliaryTypes().length > 0 && a.auxiliaryTypes()[0] == Path.class;
    }

    /** The command line without the option under test: enough for the command to start. */
    static List<String> base(String command, CommandSpec spec, String replacedOption) {
        List<String> b = BASE.get(command);
        if (b == null) {
            if (spec.positionalParameters().stream().anyMatch(p -> p.required() || p.arity().min > 0)) {
                fail("command '" + command + "' has required parameters: add a base command line to this test");
            }
            return new ArrayList<>();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            if (b.get(i).equals(replacedOption) && i + 1 < b.size()) {
                i++; // the option under test takes this one's place
            } else {
                out.add(b.get(i));
            }
        }
        return out;
    }

    static List<String> words(String command) {
        List<String> w = new ArrayList<>(List.of(command.split(" ")));
        return w;
    }

    @Test
    void every_numeric_option_refuses_bad_numbers_while_parsing_with_one_line_and_exit_2() {
        int refused = 0;
        CommandLine parser = Main.commandLine(new Main());
        for (Map.Entry<String, CommandSpec> c : commands().entrySet()) {
            for (OptionSpec o : c.getValue().options()) {
                if (!numeric(o) || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                int shown = 0;
                for (String v : NUMBERS) {
                    List<String> args = words(c.getKey());
                    args.add(o.longestName() + "=" + v); // before the base: after exec's -- it would be the command's
                    args.addAll(base(c.getKey(), c.getValue(), o.longestName()));
                    boolean parsed;
                    try {
                        parser.parseArgs(args.toArray(new String[0]));
                        parsed = true;
                    } catch (CommandLine.ParameterException e) {
                        parsed = false;
                    }
                    if (parsed) {
                        assertThat(ALWAYS_BAD.contains(v) && !ANY_VALUE.contains(o.longestName()))
                                .as("%s %s=%s was accepted", c.getKey(), o.longestName(), v).isFalse();
                        continue; // a good value: running it is the job of the command's own tests
                    }
                    refused++;
                    if (shown++ >= 2) {
                        continue; // the parse refused it; two runs per option show how a refusal prints
                    }
                    CliTest.Outcome out = CliTest.exec(args.toArray(new String[0]));
                    assertClean(args, out);
                    assertThat(out.code()).as(String.join(" ", args)).isEqualTo(2);
                    assertThat(out.err()).as(String.join(" ", args)).startsWith("minternet: ");
                }
            }
        }
        assertThat(refused).isGreaterThan(100);
    }

    @Test
    void every_file_option_and_parameter_survives_missing_files_folders_and_files_for_folders() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        Path file = Files.writeString(dir.resolve("a-file.txt"), "not yaml: [\n");
        List<String> values = List.of(dir.resolve("missing.yaml").toString(), dir.resolve("no/such/dir/x").toString(),
                folder.toString(), file.toString(), file.resolve("under-a-file").toString());
        int runs = 0;
        for (Map.Entry<String, CommandSpec> c : commands().entrySet()) {
            List<ArgSpec> args = new ArrayList<>(c.getValue().options());
            args.addAll(c.getValue().positionalParameters());
            for (ArgSpec a : args) {
                if (!path(a)) {
                    continue;
                }
                for (String v : values) {
                    List<String> line = words(c.getKey());
                    if (a instanceof OptionSpec o) {
                        line.add(o.longestName());
                        line.add(v);
                        line.addAll(base(c.getKey(), c.getValue(), o.longestName()));
                    } else {
                        // the positional under test replaces the base's first file
                        List<String> b = base(c.getKey(), c.getValue(), null);
                        int at = b.indexOf(world.toString()) >= 0 ? b.indexOf(world.toString()) : b.indexOf(trace.toString());
                        b.set(at, v);
                        line.addAll(b);
                    }
                    assertClean(line, CliTest.exec(line.toArray(new String[0])));
                    runs++;
                }
            }
        }
        assertThat(runs).isGreaterThan(40);
    }

    @Test
    void every_text_option_and_url_survives_nonsense() {
        int runs = 0;
        for (Map.Entry<String, CommandSpec> c : commands().entrySet()) {
            List<ArgSpec> args = new ArrayList<>(c.getValue().options());
            args.addAll(c.getValue().positionalParameters());
            for (ArgSpec a : args) {
                if (numeric(a) || path(a) || a.type() == boolean.class || a.type() == Boolean.class
                        || a instanceof OptionSpec o && (o.usageHelp() || o.versionHelp())) {
                    continue;
                }
                for (String v : WORDS) {
                    List<String> line = words(c.getKey());
                    if (a instanceof OptionSpec o) {
                        line.add(o.longestName() + "=" + v);
                        line.addAll(base(c.getKey(), c.getValue(), o.longestName()));
                    } else {
                        List<String> b = base(c.getKey(), c.getValue(), null);
                        b.set(b.size() - 1, v); // the URL, or the host exec pings
                        line.addAll(b);
                    }
                    assertClean(line, CliTest.exec(line.toArray(new String[0])));
                    runs++;
                }
            }
        }
        assertThat(runs).isGreaterThan(30);
    }

    static void assertClean(List<String> args, CliTest.Outcome out) {
        String cmd = String.join(" ", args);
        assertThat(out.code()).as(cmd).isBetween(0, 2);
        assertThat(JavaLeaks.in(out.out() + out.err())).as(cmd + " printed\n" + out.err()).isFalse();
        assertThat(out.err().strip().lines().count()).as(cmd + " printed\n" + out.err()).isLessThanOrEqualTo(1);
        assertThat(out.err() + out.out()).as(cmd).doesNotContain("\u001b");
        if (out.code() != 0) {
            assertThat(out.err() + out.out()).as(cmd + ": a failure says what failed").isNotBlank();
        }
    }
}
