package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code netstat -s}: the counters the commands before it moved, in net-tools 2.10's words and sections. */
class NetstatStatsTest {
    private static String after(String out, String command) {
        return out.substring(out.indexOf("laptop$ " + command + "\n") + command.length() + 9);
    }

    @Test
    void the_counters_follow_what_ran_before() {
        CliTest.Outcome o = CliTest.execWithInput("ping -4 -c 3 -i 0.2 lb\ncurl -4 -s -o /dev/null http://lb/\n"
                + "ping -4 -c 1 -W 1 10.99.0.1\nnetstat -s\n", "shell");
        String s = after(o.out(), "netstat -s");
        assertThat(s).startsWith("Ip:\n    Forwarding: 2\n");
        assertThat(s).contains("Icmp:\n    4 ICMP messages received\n    0 input ICMP message failed\n"
                + "    ICMP input histogram:\n        destination unreachable: 1\n        echo replies: 3\n"
                + "    4 ICMP messages sent\n    0 ICMP messages failed\n    ICMP output histogram:\n"
                + "        echo requests: 4\nIcmpMsg:\n        InType0: 3\n        InType3: 1\n        OutType8: 4\n");
        assertThat(s).contains("Tcp:\n    1 active connection openings\n    0 passive connection openings\n"
                + "    0 failed connection attempts\n    0 connection resets received\n");
        assertThat(s).containsPattern("\n    [1-9][0-9]* segments received\n    [1-9][0-9]* segments sent out\n"
                + "    0 segments retransmitted\n    0 bad segments received\n    0 resets sent\nUdp:\n");
        assertThat(s).contains("    0 send buffer errors\nUdpLite:\nTcpExt:\n    0 packet headers predicted\nIpExt:\n    InOctets: ");
    }

    @Test
    void a_refused_connection_is_a_failed_attempt_and_t_and_u_keep_their_sections() {
        CliTest.Outcome o = CliTest.execWithInput("curl -4 -s http://lb:81/\nnetstat -st\nnetstat -su\n", "shell");
        String t = after(o.out(), "netstat -st");
        assertThat(t).startsWith("Tcp:\n    1 active connection openings\n    0 passive connection openings\n"
                + "    1 failed connection attempts\n");
        assertThat(t).containsPattern("UdpLite:\nTcpExt:\n    0 packet headers predicted\nIpExt:\n"
                + "    OutOctets: [0-9]+\nMPTcpExt:\nlaptop\\$ netstat -su\nUdp:\n");
        assertThat(after(o.out(), "netstat -su")).containsPattern("^Udp:\n    [0-9]+ packets received\n")
                .containsPattern("    0 send buffer errors\nUdpLite:\nIpExt:\n    OutOctets: [0-9]+\nMPTcpExt:\n");
    }

    private static String reference(String name) throws java.io.IOException {
        try (java.io.InputStream in = NetstatStatsTest.class.getResourceAsStream("/reference/net-tools-2.10/" + name)) {
            // OutTransmits is Linux 6.3's; Debian 12's 6.1 has no such line
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("    OutTransmits: [0-9]+\n", "");
        }
    }

    /**
     * The real netstat -s in a new network namespace, before and after two pings to 127.0.0.1: the
     * ICMP histograms' headings even when empty, TcpExt's "packet headers predicted" at 0, IpExt
     * with the loopback datagrams' octets (each counted out and in again), in net-tools' words.
     */
    @Test
    void as_the_real_one_prints_it_fresh_and_after_pings_on_lo() throws Exception {
        CliTest.Outcome fresh = CliTest.execWithInput("netstat -s\n", "shell");
        assertThat(after(fresh.out(), "netstat -s")).isEqualTo(reference("netstat-s-fresh.txt"));
        CliTest.Outcome o = CliTest.execWithInput("ping -c 2 -q 127.0.0.1\nnetstat -s\n", "shell");
        assertThat(after(o.out(), "netstat -s")).isEqualTo(reference("netstat-s-after-ping-c2-lo.txt"));
    }

    @Test
    void every_line_is_one_the_real_netstat_prints() throws Exception {
        String netstat = Oracles.require("netstat", "net-tools").toString();
        Process p = new ProcessBuilder(netstat, "-s").redirectErrorStream(true).start();
        List<String> real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceAll("[0-9]+", "N")).toList();
        p.waitFor();
        CliTest.Outcome o = CliTest.execWithInput("ping -4 -c 1 lb\ncurl -4 -s -o /dev/null http://lb/\nnetstat -s\n", "shell");
        List<String> ours = after(o.out(), "netstat -s").lines().filter(l -> !l.startsWith("laptop$"))
                .map(l -> l.replaceAll("[0-9]+", "N")).toList();
        // the real host's counters differ, so only lines both print can be compared: every one of ours
        // that names an entry the real one shows at 0 or more is the same text
        for (String line : List.of("Ip:", "    Forwarding: N", "    N total packets received", "    N forwarded",
                "    N incoming packets discarded", "    N incoming packets delivered", "    N requests sent out", "Icmp:",
                "    N ICMP messages received", "    N input ICMP message failed", "    N ICMP messages sent",
                "    N ICMP messages failed", "Tcp:", "    N active connection openings", "    N passive connection openings",
                "    N failed connection attempts", "    N connection resets received", "    N connections established",
                "    N segments received", "    N segments sent out", "    N segments retransmitted",
                "    N bad segments received", "    N resets sent", "Udp:", "    N packets received",
                "    N packets to unknown port received", "    N packet receive errors", "    N packets sent",
                "    N receive buffer errors", "    N send buffer errors", "UdpLite:", "TcpExt:", "MPTcpExt:")) {
            assertThat(real).as("the real netstat -s prints %s", line).contains(line);
            assertThat(ours).as("ours prints %s", line).contains(line);
        }
        assertThat(ours.indexOf("Udp:")).isEqualTo(ours.indexOf("UdpLite:") - 7);
    }
}
