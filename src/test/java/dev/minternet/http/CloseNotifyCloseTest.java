package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that reads its client's close_notify closes the connection, as nginx does: its own
 * close_notify, then its FIN. Over HTTP/2 the server's pipeline also writes a GOAWAY on closing,
 * which a TLS connection already closed both ways cannot take; the socket waited for it to go and
 * never sent its FIN (the load balancer's side stayed in CLOSE-WAIT until the client's reset).
 */
class CloseNotifyCloseTest {
    private static List<String> serverLines(String curlOptions) {
        CliTest.Outcome o = CliTest.execWithInput("lb tcpdump -n -i any tcp port 443 &\n"
                + "curl " + curlOptions + " -s -o /dev/null https://www.example.com/\nsleep 1\n", "shell");
        assertThat(o.code()).as(o.err()).isZero();
        return o.out().lines().filter(l -> l.contains(" Out ") && l.contains(".443 > ")).toList();
    }

    @Test
    void over_http2_the_server_answers_close_notify_with_its_own_and_a_fin() {
        List<String> out = serverLines("");
        int fin = indexOf(out, "Flags [F.]");
        assertThat(fin).as(String.join("\n", out)).isPositive();
        assertThat(out.get(fin - 1)).contains("Flags [P.]").contains("length 24"); // its close_notify
    }

    @Test
    void over_http1_too() {
        List<String> out = serverLines("--http1.1");
        int fin = indexOf(out, "Flags [F.]");
        assertThat(fin).as(String.join("\n", out)).isPositive();
        assertThat(out.get(fin - 1)).contains("Flags [P.]").contains("length 24");
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
