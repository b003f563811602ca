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
 * {@code visit URL...} with no option runs without picocli ({@link VisitCommand#plain},
 * {@link Main#runPlain}): the command it builds holds what picocli's parse of the same line holds,
 * and it prints and exits the same, failures included.
 */
class PlainVisitTest {
    @Test
    void only_visit_followed_by_urls_skips_picocli() {
        for (String[] args : List.of(new String[] {"visit", "https://www.example.com/"},
                new String[] {"visit", "www.example.com", "http://static.example.com/css/site.css"},
                new String[] {"visit", "ftp://x"})) {
            assertThat(VisitCommand.plain(args)).as(String.join(" ", args)).isNotNull();
        }
        for (String[] args : List.of(new String[0], new String[] {"visit"}, new String[] {"--debug", "visit", "x"},
                new String[] {"visit", "--quiet", "x"}, new String[] {"visit", "x", "--repeat", "2"},
                new String[] {"visit", "x", "-h"}, new String[] {"visit", "--", "x"}, new String[] {"visit", "@args.txt"},
                new String[] {"visit", ""}, new String[] {"world", "show"}, new String[] {"run", "x.yaml"},
                new String[] {"Visit", "x"})) {
            assertThat(VisitCommand.plain(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void the_command_holds_what_picocli_parses() throws Exception {
        for (String[] args : List.of(new String[] {"visit", "https://www.example.com/"},
                new String[] {"visit", "www.example.com", "http://static.example.com/css/site.css"})) {
            CommandLine cl = Main.commandLine(new Main(), args);
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            VisitCommand byPicocli = (VisitCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(fields(VisitCommand.plain(args))).as(String.join(" ", args)).isEqualTo(fields(byPicocli));
        }
    }

    @Test
    void a_plain_visit_prints_and_exits_as_through_picocli() {
        for (String[] args : List.of(new String[] {"visit", "https://www.example.com/"}, new String[] {"visit", "ftp://x"},
                new String[] {"visit", "https://www.example.com:99999/"})) {
            CliTest.Outcome plain = CliTest.exec(args);
            CliTest.Outcome parsed = CliTest.parsed(args);
            assertThat(plain).as(String.join(" ", args)).isEqualTo(parsed);
        }
        assertThat(CliTest.parsed("visit", "ftp://x").code()).isEqualTo(2);
        assertThat(CliTest.parsed("visit", "ftp://x").err()).startsWith("minternet: URL 'ftp://x': ");
    }

    @Test
    void initialising_ahead_keeps_h2_sandboxed() {
        VisitCommand.initialiseAhead();
        assertThat(org.h2.engine.SysProperties.ALLOWED_CLASSES).isEqualTo("dev.minternet.services.db.NoJavaObjects");
    }

    /** Every field VisitCommand declares, the picocli spec aside; the --limit mixin by its settings. */
    private static Map<String, Object> fields(VisitCommand v) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : VisitCommand.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("spec")) {
                continue;
            }
            f.setAccessible(true);
            Object value = f.get(v);
            out.put(f.getName(), value instanceof LimitOptions l ? l.settings : value);
        }
        return out;
    }
}
