package dev.minternet.tools.websocat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.tools.Terminal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * websocat 1.13's answers before it connects, from its source: clap 2 (structopt 0.2) refuses an
 * unknown option with websocat's own usage lines and "For more information try --help"; no URL
 * at all is websocat's own error through main's {@code websocat: {}}; -V prints the version.
 */
class WebsocatCommandLineTest {
    final List<String> out = new ArrayList<>();
    int code = -1;
    final Terminal term = new Terminal() {
        @Override
        public void println(String line) {
            out.add(line);
        }

        @Override
        public void exit(int c) {
            code = c;
        }
    };

    @Test
    void an_unknown_option_gets_claps_error_with_websocats_usage() {
        new Websocat().start(null, List.of("--foo", "ws://x/"), term);
        assertThat(out).containsExactly("error: Found argument '--foo' which wasn't expected, or isn't valid in this context", "",
                "USAGE:", "    websocat ws://URL | wss://URL               (simple client)",
                "    websocat -s port                            (simple server)",
                "    websocat [FLAGS] [OPTIONS] <addr1> <addr2>  (advanced mode)", "", "For more information try --help");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void no_url_and_the_version() {
        new Websocat().start(null, List.of(), term);
        assertThat(out).containsExactly("websocat: No URL specified. Use `websocat --help` to show the help message.");
        assertThat(code).isEqualTo(1);
        out.clear();
        new Websocat().start(null, List.of("-V"), term);
        assertThat(out).containsExactly("websocat 1.13.0");
        assertThat(code).isZero();
    }
}
