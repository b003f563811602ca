package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tools on 127.0.0.1 and localhost, as on a real Linux host (outputs of iputils ping 20221126,
 * traceroute 2.1, curl 8 and iproute2 6.1 on loopback): answered by the node itself, in no time on
 * the wire, nothing sent on a link.
 */
class LocalhostTest {
    static List<String> on(String command) {
        Runs.Result r = Runs.run(Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 30s\n",
                "  - {at: 1s, on: a, run: \"" + command + "\"}\n"));
        assertThat(r.world().node("a").ip().iface("eth0").out().counters().sentPackets()).isZero();
        return r.terminal("a");
    }

    @Test
    void ping_localhost_is_answered_by_the_node_under_its_hosts_name() {
        assertThat(on("ping -c 2 localhost")).startsWith(
                "PING localhost (127.0.0.1) 56(84) bytes of data.",
                "64 bytes from localhost (127.0.0.1): icmp_seq=1 ttl=64 time=0.000 ms",
                "64 bytes from localhost (127.0.0.1): icmp_seq=2 ttl=64 time=0.000 ms",
                "",
                "--- localhost ping statistics ---",
                "2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
        assertThat(on("ping -c 1 127.3.2.1")).contains("64 bytes from 127.3.2.1: icmp_seq=1 ttl=64 time=0.000 ms");
        // over IPv6, iputils names the address in its first line too (pr_addr)
        assertThat(on("ping -6 -c 1 localhost")).startsWith("PING localhost(localhost (::1)) 56 data bytes",
                "64 bytes from localhost (::1): icmp_seq=1 ttl=64 time=0.000 ms");
        assertThat(on("ping6 -c 1 ::1")).startsWith("PING ::1(::1) 56 data bytes", "64 bytes from ::1: icmp_seq=1 ttl=64 time=0.000 ms");
    }

    @Test
    void traceroute_to_127_0_0_1_is_one_hop() {
        assertThat(on("traceroute -n 127.0.0.1")).containsExactly(
                "traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets",
                " 1  127.0.0.1  0.000 ms  0.000 ms  0.000 ms");
    }

    @Test
    void ip_route_get_says_local_through_lo_from_127_0_0_1() {
        assertThat(on("ip route get 127.0.0.5")).containsExactly("local 127.0.0.5 dev lo src 127.0.0.1 uid 0 ",
                "    cache <local> ");
    }

    @Test
    void curl_resolves_localhost_itself_and_is_refused_where_nothing_listens() {
        assertThat(on("curl -v http://localhost:8099/")).containsSubsequence(
                "* Host localhost:8099 was resolved.",
                "* IPv6: (none)", // no IPv6 on this node
                "* IPv4: 127.0.0.1",
                "*   Trying 127.0.0.1:8099...",
                "curl: (7) Failed to connect to localhost port 8099 after 0 ms: Couldn't connect to server");
    }

    @Test
    void servers_answer_on_loopback_and_lo_counts_what_the_node_sent_itself() {
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 30s\n", """
                  - {at: 0s, on: b, run: "nc -l 8080"}
                  - {at: 1s, on: b, run: "curl -v -m 1 http://localhost:8080/"}
                  - {at: 3s, on: b, run: "redis-cli ping"}
                  - {at: 4s, on: b, run: "ip -s link show lo"}
                """).replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: [{type: redis, port: 6379}]}");
        Runs.Result r = Runs.run(yaml);
        List<String> b = r.terminal("b");
        assertThat(b).contains("*   Trying 127.0.0.1:8080...", "* Connected to localhost (127.0.0.1) port 8080", "GET / HTTP/1.1",
                "PONG", "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000");
        long packets = r.world().node("b").ip().lo().packets();
        assertThat(packets).isGreaterThan(10); // two TCP connections, each way
        int rx = b.indexOf("    RX:  bytes packets errors dropped  missed   mcast           ");
        assertThat(b.get(rx + 1).trim().split(" +")[1]).isEqualTo(Long.toString(packets));
        assertThat(b.get(rx + 3).trim().split(" +")[1]).isEqualTo(Long.toString(packets)); // what lo sends it receives
        assertThat(r.world().node("b").ip().iface("eth0").out().counters().sentPackets()).isZero();
    }

    @Test
    void tcpdump_on_lo_sees_each_datagram_once_as_zero_mac_ethernet_that_tshark_decodes(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Runs.Result r = Runs.run(dev.minternet.scenario.ScenarioLoader.parse("lo.yaml",
                Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 30s\n", """
                          - {at: 1s, on: a, run: "tcpdump -i lo -c 2 -w lo.pcap"}
                          - {at: 1s, on: a, run: "tcpdump -n -i lo -c 2 icmp"}
                          - {at: 2s, on: a, run: "ping -c 1 localhost"}
                          - {at: 5s, on: a, run: "tcpdump -n -i any -c 1 icmp"}
                          - {at: 6s, on: a, run: "ping -c 1 localhost"}
                        """)), dir, false);
        java.util.List<String> t = r.terminal("a");
        assertThat(t).contains("listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes").anyMatch(l -> l.matches("\\d\\d:\\d\\d:02\\.000000 IP 127\\.0\\.0\\.1 > 127\\.0\\.0\\.1: ICMP echo request, id \\d+, seq 1, length 64"))
                .anyMatch(l -> l.matches("\\d\\d:\\d\\d:02\\.000000 IP 127\\.0\\.0\\.1 > 127\\.0\\.0\\.1: ICMP echo reply, id \\d+, seq 1, length 64"))
                .anyMatch(l -> l.matches("\\d\\d:\\d\\d:06\\.000000 lo    In  IP 127\\.0\\.0\\.1 > 127\\.0\\.0\\.1: ICMP echo request.*"));
        dev.minternet.testing.Oracles.tshark();
        java.nio.file.Path pcap = dir.resolve("lo.pcap");
        dev.minternet.testing.Tshark.assertClean(pcap);
        assertThat(dev.minternet.testing.Tshark.fields(pcap, "icmp", "eth.src", "eth.dst", "ip.src", "icmp.type"))
                .extracting(m -> m.get("eth.src") + " " + m.get("eth.dst") + " " + m.get("ip.src") + " " + m.get("icmp.type"))
                .containsExactly("00:00:00:00:00:00 00:00:00:00:00:00 127.0.0.1 8", "00:00:00:00:00:00 00:00:00:00:00:00 127.0.0.1 0");
    }
}
