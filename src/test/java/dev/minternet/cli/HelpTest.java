package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's help: every option described, every command with examples, every option of a
 * command shown in one of its examples, and every example accepted by the command's own parser
 * (so an example cannot name an option or a value that does not exist). Options a command inherits
 * (--debug) are shown where they are declared.
 */
class HelpTest {
    static Map<String, CommandLine> commands() {
        CommandLine root = Main.commandLine(new Main());
        Examples.attach(root);
        Map<String, CommandLine> all = new LinkedHashMap<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine cl, Map<String, CommandLine> all) {
        all.put(Examples.path(cl.getCommandSpec()), cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, all);
        }
    }

    static List<OptionSpec> options(CommandSpec spec) {
        List<OptionSpec> out = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp() && !o.versionHelp() && !o.inherited()) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void every_option_of_every_command_has_a_description() {
        List<String> bare = new ArrayList<>();
        commands().forEach((path, cl) -> {
            for (OptionSpec o : options(cl.getCommandSpec())) {
                if (o.description().length == 0 || String.join("", o.description()).isBlank()) {
                    bare.add(("minternet " + path).trim() + " " + o.longestName());
                }
            }
        });
        assertThat(bare).as("options without a description").isEmpty();
    }

    @Test
    void every_command_has_examples_that_show_each_of_its_options() {
        List<String> missing = new ArrayList<>();
        commands().forEach((path, cl) -> {
            List<String> examples = Examples.BY_COMMAND.get(path);
            if (examples == null) {
                missing.add(("minternet " + path).trim() + ": no examples");
                return;
            }
            String all = " " + String.join(" ", examples) + " ";
            for (OptionSpec o : options(cl.getCommandSpec())) {
                boolean shown = false;
                for (String name : o.names()) {
                    shown |= all.contains(" " + name + " ") || all.contains(" " + name + "=");
                }
                if (!shown) {
                    missing.add(("minternet " + path).trim() + ": " + o.longestName() + " in no example");
                }
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void every_example_is_accepted_by_its_commands_parser_and_fits_the_help_width() {
        List<String> refused = new ArrayList<>();
        Examples.BY_COMMAND.forEach((path, examples) -> {
            for (String e : examples) {
                assertThat(("  " + e).length()).as(e).isLessThanOrEqualTo(80);
                String line = e.replaceAll(" > .*$", "");
                String[] args = words(line.substring("minternet".length()).trim());
                try {
                    Main.commandLine(new Main()).parseArgs(args);
                } catch (CommandLine.ParameterException ex) {
                    refused.add(e + ": " + ex.getMessage());
                }
            }
        });
        assertThat(refused).isEmpty();
    }

    /** Splits a command line as a shell does for words, spaces and single quotes. */
    static String[] words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'' ) {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out.toArray(new String[0]);
    }

    @Test
    void the_examples_end_each_commands_help() {
        CliTest.Outcome o = CliTest.exec("bench", "tls", "--help");
        assertThat(o.out()).endsWith("Examples:\n  minternet bench tls --handshakes 2000 --warmup 500 --seed 1\n"
                + "  minternet bench tls --debug\n");
        assertThat(Examples.BY_COMMAND.keySet()).containsAll(commands().keySet());
    }
}
