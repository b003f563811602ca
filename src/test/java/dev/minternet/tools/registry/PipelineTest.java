package dev.minternet.tools.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The filters of a shell pipeline, side by side with the real grep, head, tail and wc on the same lines. */
class PipelineTest {
    /** Lines like a tool's: a ping's. */
    static final List<String> INPUT = List.of(
            "PING lb (93.184.216.34) 56(84) bytes of data.",
            "64 bytes from lb (93.184.216.34): icmp_seq=1 ttl=56 time=39.6 ms",
            "64 bytes from lb (93.184.216.34): icmp_seq=2 ttl=56 time=39.6 ms",
            "64 bytes from lb (93.184.216.34): icmp_seq=3 ttl=56 time=39.6 ms",
            "",
            "--- lb ping statistics ---",
            "3 packets transmitted, 3 received, 0% packet loss, time 2003ms",
            "rtt min/avg/max/mdev = 39.600/39.600/39.600/0.000 ms",
            "\tTabbed (parens) a+b? {1} x|y [bracket] 200 OK");

    @ParameterizedTest
    @ValueSource(strings = {"grep ttl", "grep -v ttl", "grep -c seq", "grep -i PING", "grep -w ms", "grep -n -B1 -A1 seq=2",
        "grep -C0 -e seq=1 -e seq=3", "grep -E 'seq=(1|3)'", "grep 'seq=\\(1\\|3\\)'", "grep -F a+b?", "grep 'a+b?'",
        "grep '(parens)'", "grep -E '[[:digit:]]{3} OK'", "grep '[[:digit:]]\\{3\\} OK'", "grep -c nothing", "grep nothing",
        "grep '^$'", "grep -in 'rtt.*MS$'", "grep -A2 statistics", "grep -B 2 -n rtt", "grep 'x|y'", "grep -E 'x|y'",
        "grep '\\[bracket\\]'", "head -n 2", "head -3", "head -n -3", "tail -n -2", "head -n -0", "head -n 0", "tail -n 2", "tail -1", "tail", "head",
        "wc -l", "wc -w", "wc -c", "wc", "grep seq | wc -l", "grep -v seq | head -n 2 | tail -1"})
    void filters_printWhatTheRealOnesPrint(String pipeline) throws Exception {
        List<String> stages = Pipeline.stages("tool | " + pipeline);
        Pipeline.Chain chain = Pipeline.chain(stages.subList(1, stages.size()));
        List<String> ours = feed(chain);
        chain.end(ours::add);
        Process p = real(pipeline);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ours.isEmpty() ? "" : String.join("\n", ours) + "\n").as(pipeline).isEqualTo(out);
        assertThat(chain.status()).as(pipeline + " status").isEqualTo(p.exitValue());
    }

    /** INPUT through our chain, until a stage takes no more. */
    private static List<String> feed(Pipeline.Chain chain) {
        List<String> ours = new ArrayList<>();
        for (String l : INPUT) {
            if (!chain.feed(l, ours::add)) {
                break;
            }
        }
        return ours;
    }

    /** The real filters on INPUT. */
    private static Process real(String pipeline) throws java.io.IOException {
        Process p = new ProcessBuilder("sh", "-c", pipeline).redirectErrorStream(true).start();
        try {
            p.getOutputStream().write((String.join("\n", INPUT) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
        } catch (java.io.IOException gone) {
            // a filter may end before it reads its input (head -n 0 reads nothing): the pipe is broken, as for the shell
        }
        return p;
    }

    /** head -c: the same bytes as the real head's, but for the newline a line cut short gets here (output is lines). */
    @ParameterizedTest
    @ValueSource(strings = {"head -c 10", "head -c 46", "head -c 47", "head -c100", "head -c 1K", "head -c 0"})
    void headBytes_cutsWhereTheRealOneCuts(String pipeline) throws Exception {
        Pipeline.Chain chain = Pipeline.chain(List.of(pipeline));
        List<String> ours = feed(chain);
        Process p = real(pipeline);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String joined = String.join("\n", ours);
        assertThat(out.endsWith("\n") ? joined + "\n" : joined).as(pipeline).isEqualTo(out);
        assertThatThrownBy(() -> Pipeline.chain(List.of("head -c x"))).hasMessage("head: invalid number of bytes: 'x'");
    }

    @Test
    void whatIsNotAFilterIsRefusedInTheShellsWords() {
        assertThat(Pipeline.stages("ping -c 1 'a|b' | grep x")).containsExactly("ping -c 1 'a|b'", "grep x");
        assertThatThrownBy(() -> Pipeline.stages("ping x; ping y")).hasMessageStartingWith("';' is not supported here");
        assertThatThrownBy(() -> Pipeline.stages("ping x || ping y")).hasMessageStartingWith("'||' is not supported here");
        assertThatThrownBy(() -> Pipeline.stages("ping x |")).hasMessage("syntax error near unexpected token `|'");
        assertThatThrownBy(() -> Pipeline.chain(List.of("sort"))).hasMessage("sort: not available after '|' (grep, head, tail, wc)");
        assertThatThrownBy(() -> Pipeline.chain(List.of("grep"))).hasMessage("Usage: grep [OPTION]... PATTERNS [FILE]...");
        assertThatThrownBy(() -> Pipeline.chain(List.of("grep -Z x"))).hasMessage("grep: invalid option -- 'Z'");
        assertThatThrownBy(() -> Pipeline.chain(List.of("head -n x"))).hasMessage("head: invalid number of lines: 'x'");
        assertThatThrownBy(() -> Pipeline.chain(List.of("head -n"))).hasMessage("head: option requires an argument -- 'n'");
        assertThatThrownBy(() -> Pipeline.chain(List.of("grep -A"))).hasMessage("grep: option requires an argument -- 'A'");
        assertThatThrownBy(() -> Pipeline.chain(List.of("grep -e"))).hasMessage("grep: option requires an argument -- 'e'");
    }
}
