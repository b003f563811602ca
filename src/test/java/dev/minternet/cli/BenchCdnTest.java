package dev.minternet.cli;

import static dev.minternet.cli.BenchCommandTest.bench;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench cdn} from the command line: the ways of running its two worlds give the same figures. */
class BenchCdnTest {
    @Test
    void in_turn_at_once_and_on_one_thread_print_the_same_figures() {
        String one = bench("cdn", "--clients", "6", "--objects", "3", "--within", "2s", "--seed", "5", "--threads", "1");
        String together = bench("cdn", "--clients", "6", "--objects", "3", "--within", "2s", "--seed", "5");
        String inTurn = bench("cdn", "--clients", "6", "--objects", "3", "--within", "2s", "--seed", "5", "--threads", "3",
                "--in-turn");
        assertThat(figures(one)).contains("with the CDN: loaded 6, failed 0", "without    : loaded 6, failed 0");
        assertThat(figures(together)).isEqualTo(figures(one));
        assertThat(figures(inTurn)).isEqualTo(figures(one));
        assertThat(together).contains("on 2 threads, at once");
        assertThat(inTurn).contains("on 3 threads, one after the other");
        assertThat(CliTest.exec("bench", "cdn", "--threads", "0").err()).contains("--threads");
    }

    /** Each run's line up to its wall times, and the header: what the simulation decided. */
    private static String figures(String out) {
        StringBuilder b = new StringBuilder();
        for (String l : out.lines().toList()) {
            if (l.contains("; setup wall")) {
                b.append(l, 0, l.indexOf("; setup wall")).append(l.substring(l.indexOf(", events "))).append('\n');
            } else if (l.startsWith("clients: ")) {
                b.append(l).append('\n');
            }
        }
        return b.toString();
    }
}
