package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * telnet as GNU inetutils 2.4's (Debian 12's) prints it, judged by the real one on this machine
 * where no network is needed (its complaints about arguments, and a refused connection on
 * loopback), and by its captured bytes (the option negotiation it sends to port 23).
 */
class TelnetTest {
    static String real(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Oracles.require("telnet", "telnet").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.replace(cmd.get(0) + ":", "telnet:") + "rc=" + p.waitFor() + "\n";
    }

    static String ours(String args) {
        String out = CliTest.execWithInput("telnet " + args + " < /dev/null\necho rc=$?\n", "shell").out();
        return out.substring(out.indexOf('\n') + 1).replace("laptop$ echo rc=$?\n", "").replace("laptop$ ", "");
    }

    @Test
    void a_request_typed_by_hand_gets_the_servers_answer_and_the_end_of_input_leaves_at_once() {
        Runs.Result r = Runs.run(Runs.defaultWorldWith("""
                timeline:
                  - {at: 1s, on: laptop, run: "telnet www.example.com 80"}
                  - {at: 2s, on: laptop, input: "GET / HTTP/1.0"}
                  - {at: 2s, on: laptop, input: "Host: www.example.com"}
                  - {at: 2s, on: laptop, input: ""}
                  - {at: 4s, on: laptop, run: "telnet 93.184.216.34 80"}
                  - {at: 5s, on: laptop, input: "GET / HTTP/1.0"}
                  - {at: 5s, on: laptop, input: ""}
                  - {at: 5s, on: laptop, input: "^D"}
                duration: 10s
                """));
        List<String> t = r.terminal("laptop");
        assertThat(t).containsSubsequence("Trying 2001:db8:93:32::34...", "Connected to www.example.com.", "Escape character is '^]'.",
                "HTTP/1.1 301 Moved Permanently", "Location: https://www.example.com/", "</html>",
                "Connection closed by foreign host.",
                // Ctrl-D right after the request: telnet leaves before the answer comes, as at the end of a pipe
                "Trying 93.184.216.34...", "Connected to 93.184.216.34.", "Escape character is '^]'.",
                "Connection closed by foreign host.");
        assertThat(t.stream().filter(l -> l.startsWith("HTTP/1.1"))).hasSize(1);
        assertThat(r.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop")))
                .extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L, 0L);
    }

    @Test
    void bad_arguments_read_as_the_real_ones_do() throws Exception {
        for (String args : List.of("127.0.0.1 99999", "127.0.0.1 8x", "127.0.0.1 nosuchsvc", "a b c", "-z x", "--bogus")) {
            assertThat(ours(args)).as(args).isEqualTo(real(args.split(" ")));
        }
    }

    @Test
    void a_refused_connection_reads_as_the_real_one() throws Exception {
        // the real one writes its error unbuffered and "Trying" buffered: compare the lines, not their order
        List<String> real = new ArrayList<>(real("127.0.0.1", "9").lines().toList());
        List<String> ours = new ArrayList<>(ours("192.168.1.1 80").replace("192.168.1.1", "127.0.0.1").lines().toList());
        assertThat(ours).containsExactly("Trying 127.0.0.1...", "telnet: Unable to connect to remote host: Connection refused",
                "rc=1");
        assertThat(ours).containsExactlyInAnyOrderElementsOf(real);
    }

    @Test
    void to_the_telnet_port_it_opens_with_inetutils_negotiation() {
        String out = CliTest.execWithInput("nc -l 23 &\ntcpdump -i lo -c 1 -X tcp port 23 and greater 80 &\nsleep 1\n"
                + "telnet localhost\n", "shell").out();
        assertThat(out).contains("Connected to localhost.\n")
                .contains("fffd 26ff fb26 fffd 03ff fb18").contains("fffb 1fff fb20 fffb 21ff fb22 fffb 27ff")
                .contains("fd05");
    }
}
