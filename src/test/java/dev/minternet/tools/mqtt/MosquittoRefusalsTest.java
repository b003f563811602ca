package dev.minternet.tools.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What mosquitto_pub and mosquitto_sub 2.0.11 print for --help, --version and command lines they
 * refuse, to the byte, with their exit status: the real clients' outputs are in
 * src/test/resources/reference/mosquitto-2.0.11 (client_shared.c's "\n\n" after most errors, the
 * usage after mosquitto_pub's "Both topic and message must be supplied.", a topic checked as it is
 * read, -F's format checked, a keepalive below 5 refused).
 */
class MosquittoRefusalsTest {
    private static String reference(String name) throws IOException {
        try (InputStream in = MosquittoRefusalsTest.class.getResourceAsStream("/reference/mosquitto-2.0.11/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The shell's transcript of {@code line} then {@code echo rc=$?}: what the command printed and its status. */
    private static String shell(String line) {
        CliTest.Outcome o = CliTest.execWithInput(line + "\necho rc=$?\n", "shell");
        String out = o.out();
        int from = out.indexOf("laptop$ " + line + "\n") + line.length() + 9;
        return out.substring(from).replace("laptop$ echo rc=$?\n", "");
    }

    @Test
    void help_is_the_real_usage_text() throws IOException {
        assertThat(shell("mosquitto_pub --help")).isEqualTo(reference("mosquitto_pub--help.txt") + "rc=1\n");
        assertThat(shell("mosquitto_sub --help")).isEqualTo(reference("mosquitto_sub--help.txt") + "rc=1\n");
    }

    @Test
    void each_refusal_as_the_real_clients_print_it() throws IOException {
        List<String> failures = new ArrayList<>();
        String[] runs = reference("refusals.txt").split("(?m)^== ");
        for (String run : runs) {
            if (run.isEmpty()) {
                continue;
            }
            int nl = run.indexOf('\n');
            String[] head = run.substring(0, nl).split(" ", 2);
            String line = ("mosquitto_" + head[0] + " " + (head.length > 1 ? head[1] : "")).strip() + " -h 127.0.0.1 -p 1";
            String expected = run.substring(nl + 1);
            String ours = shell(line);
            if (!ours.equals(expected)) {
                failures.add(line + "\n--- real\n" + expected + "--- ours\n" + ours);
            }
        }
        assertThat(failures).isEmpty();
    }
}
