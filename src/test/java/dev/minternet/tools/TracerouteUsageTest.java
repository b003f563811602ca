package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * traceroute 2.1.2's answers to command lines that trace nothing, as the real one prints them
 * (src/test/resources/reference/traceroute-2.1.2/usage.txt): --help and no arguments print the
 * usage, -V and --version the version, all with status 0, wherever they come in the line; clif's
 * errors for an unknown long option, a missing value and an extra operand, with status 2.
 */
class TracerouteUsageTest {
    @Test
    void each_line_as_the_real_traceroute_answers_it() throws IOException {
        String reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/traceroute-2.1.2/usage.txt")) {
            reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder input = new StringBuilder();
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String run : reference.split("(?m)^== ")) {
            if (!run.isEmpty()) {
                int nl = run.indexOf('\n');
                String line = ("traceroute " + run.substring(0, nl)).strip();
                lines.add(line);
                expected.add(run.substring(nl + 1));
                input.append(line).append("\necho rc=$?\n");
            }
        }
        String out = CliTest.execWithInput(input.toString(), "shell").out();
        List<String> failures = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            int start = out.indexOf("laptop$ " + lines.get(i) + "\n", from) + lines.get(i).length() + 9;
            int end = out.indexOf("laptop$ echo rc=$?\n", start);
            String ours = out.substring(start, end) + out.substring(end + 19, out.indexOf('\n', end + 19) + 1);
            from = end;
            if (!ours.equals(expected.get(i))) {
                failures.add(lines.get(i) + "\n--- real\n" + expected.get(i) + "--- ours\n" + ours);
            }
        }
        assertThat(lines).hasSize(21);
        assertThat(failures).isEmpty();
    }
}
