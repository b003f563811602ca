package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench dumbbell} with its own options only runs without picocli
 * ({@link BenchCommand.DumbbellBench#plain}, {@link Main#runPlain}): the command it builds holds what
 * picocli's parse of the same line holds, it prints and exits the same, failures included, and every
 * other command line (help, mistakes, values in other forms) still goes to picocli.
 */
class PlainBenchTest {
    private static final List<String[]> PLAIN = List.of(new String[] {"bench", "dumbbell"},
            new String[] {"bench", "dumbbell", "--flows", "10"},
            new String[] {"bench", "dumbbell", "--flows=100", "--sim-time", "60"},
            new String[] {"bench", "dumbbell", "--sim-time=0.5", "--cc", "cubic", "--seed", "7", "--flows", "1"},
            new String[] {"bench", "dumbbell", "--seed=0", "--cc=NewReno", "--flows", "10000", "--sim-time", "86400"},
            new String[] {"bench", "dumbbell", "--cc", "vegas", "--sim-time", "0.000000001"},
            new String[] {"bench", "dumbbell", "--cc=a=b", "--seed", "999999999999999"},
            new String[] {"bench", "dumbbell", "--sim-time", "007.250"});

    @Test
    void only_the_dumbbells_own_options_in_plain_forms_skip_picocli() {
        for (String[] args : PLAIN) {
            assertThat(BenchCommand.DumbbellBench.plain(args)).as(String.join(" ", args)).isNotNull();
        }
        for (String[] args : List.of(new String[0], new String[] {"bench"}, new String[] {"bench", "manyhosts"},
                new String[] {"Bench", "dumbbell"}, new String[] {"--debug", "bench", "dumbbell"},
                new String[] {"bench", "--debug", "dumbbell"}, new String[] {"bench", "dumbbell", "--debug"},
                new String[] {"bench", "dumbbell", "-h"}, new String[] {"bench", "dumbbell", "--help"},
                new String[] {"bench", "dumbbell", "--version"}, new String[] {"bench", "dumbbell", "--"},
                new String[] {"bench", "dumbbell", "@args.txt"}, new String[] {"bench", "dumbbell", "10"},
                new String[] {"bench", "dumbbell", "--flows"}, new String[] {"bench", "dumbbell", "--flows="},
                new String[] {"bench", "dumbbell", "--flows", "10", "--flows", "10"},
                new String[] {"bench", "dumbbell", "--flows", "010"}, new String[] {"bench", "dumbbell", "--flows", "0x10"},
                new String[] {"bench", "dumbbell", "--flows", "+10"}, new String[] {"bench", "dumbbell", "--flows", "-1"},
                new String[] {"bench", "dumbbell", "--flows", "0"}, new String[] {"bench", "dumbbell", "--flows", "10001"},
                new String[] {"bench", "dumbbell", "--flows", "1e3"}, new String[] {"bench", "dumbbell", "--flows", "1.0"},
                new String[] {"bench", "dumbbell", "--sim-time", "0"}, new String[] {"bench", "dumbbell", "--sim-time", "0.0"},
                new String[] {"bench", "dumbbell", "--sim-time", "86400.5"}, new String[] {"bench", "dumbbell", "--sim-time", "1e1"},
                new String[] {"bench", "dumbbell", "--sim-time", ".5"}, new String[] {"bench", "dumbbell", "--sim-time", "5."},
                new String[] {"bench", "dumbbell", "--sim-time", "NaN"}, new String[] {"bench", "dumbbell", "--sim-time", "1.2.3"},
                new String[] {"bench", "dumbbell", "--seed", "-1"}, new String[] {"bench", "dumbbell", "--seed", "9999999999999999"},
                new String[] {"bench", "dumbbell", "--cc", ""}, new String[] {"bench", "dumbbell", "--cc", "--seed"},
                new String[] {"bench", "dumbbell", "--cc", "@x"}, new String[] {"bench", "dumbbell", "--flow", "10"},
                new String[] {"bench", "dumbbell", "--FLOWS", "10"}, new String[] {"visit", "x"})) {
            assertThat(BenchCommand.DumbbellBench.plain(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void the_command_holds_what_picocli_parses() throws Exception {
        for (String[] args : PLAIN) {
            CommandLine cl = Main.commandLine(new Main(), args);
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            Object byPicocli = parsed.subcommand().subcommand().commandSpec().userObject();
            assertThat(fields(BenchCommand.DumbbellBench.plain(args))).as(String.join(" ", args))
                    .isEqualTo(fields((BenchCommand.DumbbellBench) byPicocli));
        }
    }

    @Test
    void a_plain_dumbbell_prints_and_exits_as_through_picocli() {
        for (String[] args : List.of(new String[] {"bench", "dumbbell", "--flows", "2", "--sim-time", "0.2"},
                new String[] {"bench", "dumbbell", "--flows=1", "--sim-time=0.1", "--cc", "cubic", "--seed", "3"},
                new String[] {"bench", "dumbbell", "--sim-time", "0.1", "--cc", "vegas"})) {
            CliTest.Outcome plain = CliTest.exec(args);
            CliTest.Outcome parsed = CliTest.parsed(args);
            assertThat(withoutWallClock(plain)).as(String.join(" ", args)).isEqualTo(withoutWallClock(parsed));
        }
        CliTest.Outcome vegas = CliTest.parsed("bench", "dumbbell", "--sim-time", "0.1", "--cc", "vegas");
        assertThat(vegas.code()).isEqualTo(2);
        assertThat(vegas.err()).startsWith("minternet: --cc: ");
        assertThat(CliTest.exec("bench", "dumbbell", "--flows", "0").err())
                .isEqualTo("minternet: --flows must be between 1 and 10000 (got 0)\n");
    }

    /** The outcome without the lines that hold wall-clock time or the process's memory. */
    private static CliTest.Outcome withoutWallClock(CliTest.Outcome o) {
        String out = o.out().replaceAll("(?m)^(setup wall|run wall|run cpu|peak heap|peak RSS).*\n", "");
        return new CliTest.Outcome(o.code(), out, o.err());
    }

    /** Every field DumbbellBench declares, the picocli spec aside. */
    private static Map<String, Object> fields(BenchCommand.DumbbellBench d) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : BenchCommand.DumbbellBench.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("spec")) {
                continue;
            }
            f.setAccessible(true);
            out.put(f.getName(), f.get(d));
        }
        return out;
    }
}
