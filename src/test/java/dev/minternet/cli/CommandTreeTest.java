package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command tree built for a command line that names a command (only that branch, for a fast
 * start) is the same branch as in the whole tree: same options, inherited ones included, same
 * parameters, same subcommands.
 */
class CommandTreeTest {
    @Test
    void the_lists_of_commands_use_each_class_s_own_command_name() {
        for (Map<String, Class<?>> list : List.of(Main.COMMANDS, BenchCommand.COMMANDS)) {
            list.forEach((name, type) -> assertThat(type.getAnnotation(Command.class).name()).as(type.getName()).isEqualTo(name));
        }
    }

    @Test
    void help_version_and_unknown_words_build_the_whole_tree() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-V"}, new String[] {"help", "visit"},
                new String[] {"vist", "x"}, new String[] {"--", "visit"})) {
            assertThat(Main.commandLine(new Main(), args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsExactlyElementsOf(Main.COMMANDS.keySet());
        }
        assertThat(Main.commandLine(new Main(), "bench", "--help").getSubcommands().get("bench").getSubcommands().keySet())
                .containsExactlyElementsOf(BenchCommand.COMMANDS.keySet());
        assertThat(Main.commandLine(new Main(), "bench", "nosuch").getSubcommands().get("bench").getSubcommands().keySet())
                .containsExactlyElementsOf(BenchCommand.COMMANDS.keySet());
    }

    @Test
    void a_named_command_builds_only_its_branch_the_same_as_in_the_whole_tree() {
        CommandLine whole = Main.commandLine(new Main());
        for (String name : Main.COMMANDS.keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine branch = Main.commandLine(new Main(), "--debug", name);
            assertThat(branch.getSubcommands().keySet()).as(name).containsExactly(name);
            assertThat(shape(branch.getSubcommands().get(name).getCommandSpec())).as(name)
                    .isEqualTo(shape(whole.getSubcommands().get(name).getCommandSpec()));
        }
        CommandLine wholeBench = whole.getSubcommands().get("bench");
        for (String name : BenchCommand.COMMANDS.keySet()) {
            CommandLine bench = Main.commandLine(new Main(), "bench", name, "--help").getSubcommands().get("bench");
            assertThat(bench.getSubcommands().keySet()).as(name).containsExactly(name);
            assertThat(shape(bench.getSubcommands().get(name).getCommandSpec())).as(name)
                    .isEqualTo(shape(wholeBench.getSubcommands().get(name).getCommandSpec()));
        }
    }

    @Test
    void an_inherited_option_reaches_a_workload_of_a_branch() {
        assertThat(Main.execute("bench", "queue", "--debug", "--events", "0")).isEqualTo(2);
        CommandLine queue = Main.commandLine(new Main(), "bench", "queue").getSubcommands().get("bench")
                .getSubcommands().get("queue");
        assertThat(queue.getCommandSpec().findOption("--debug")).isNotNull();
        assertThat(queue.getCommandSpec().findOption("--debug").inherited()).isTrue();
    }

    /** What a command accepts: its options (with whether inherited), its parameters and, recursively, its subcommands. */
    private static List<String> shape(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        out.add("command " + spec.qualifiedName());
        for (OptionSpec o : spec.options()) {
            out.add("option " + String.join("|", o.names()) + " arity " + o.arity() + (o.inherited() ? " inherited" : "")
                    + " " + String.join(" ", o.description()));
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            out.add("parameter " + p.paramLabel() + " " + p.index() + " arity " + p.arity());
        }
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            out.addAll(shape(e.getValue().getCommandSpec()));
        }
        return out;
    }
}
