package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nc, netstat and ss in scenarios. */
class TcpToolsTest {
    static final String LINK = "bandwidth: 20Mbps, delay: 5ms";

    static Runs.Result run(String timeline) {
        return Runs.run(Runs.chain(1, LINK, "", timeline));
    }

    @Test
    void nc_moves_a_megabyte_and_both_ends_agree_on_the_digest() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "nc -l -v -d 5001"}
                  - {at: 1s, on: a, run: "nc -v -b 1MB b 5001"}
                """);
        List<String> server = r.terminal("b");
        List<String> client = r.terminal("a");
        assertThat(server.get(0)).isEqualTo("Listening on 0.0.0.0 5001");
        assertThat(server.get(1)).startsWith("Connection received on 10.0.0.1 ");
        assertThat(client.get(0)).isEqualTo("Connection to b (10.0.1.2) 5001 port [tcp/*] succeeded!");
        String received = server.get(2);
        String sent = client.get(1);
        assertThat(received).startsWith("received 1000000 bytes in ");
        assertThat(sent).startsWith("sent 1000000 bytes in ");
        assertThat(received.substring(received.indexOf("sha256"))).isEqualTo(sent.substring(sent.indexOf("sha256")));
    }

    @Test
    void nc_prints_a_text_line_and_the_server_exits_when_the_client_closes() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "nc -l 7000"}
                  - {at: 1s, on: a, run: "nc -m 'hello, tcp' b 7000"}
                """);
        assertThat(r.terminal("b")).containsExactly("hello, tcp");
        assertThat(r.events(ToolEvents.EXIT)).allMatch(e -> e.num(ToolEvents.CODE) == 0);
    }

    @Test
    void nc_to_a_closed_port_is_refused() {
        Runs.Result r = run("""
                  - {at: 1s, on: a, run: "nc -z b 81"}
                  - {at: 2s, on: a, run: "nc -zv b 81"}
                  - {at: 3s, on: a, run: "nc -zv b 80-82"}
                  - {at: 4s, on: a, run: "nc -z nowhere 80-82"}
                """);
        // OpenBSD nc says a connect failed only with -v; a range tries each port in turn; a bad name stops it at once
        assertThat(r.terminal("a")).containsExactly("nc: connect to b (10.0.1.2) port 81 (tcp) failed: Connection refused",
                "nc: connect to b (10.0.1.2) port 80 (tcp) failed: Connection refused",
                "nc: connect to b (10.0.1.2) port 81 (tcp) failed: Connection refused",
                "nc: connect to b (10.0.1.2) port 82 (tcp) failed: Connection refused",
                "nc: getaddrinfo for host \"nowhere\" port 80: Name or service not known");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(1L, 1L, 1L, 1L);
    }

    @Test
    void netstat_and_ss_list_listeners_and_connections() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 1s, on: a, run: "nc -b 100MB b 5001"}
                  - {at: 3s, on: b, run: "netstat -tan"}
                  - {at: 3s, on: a, run: "ss -tni"}
                """);
        List<String> netstat = r.terminal("b");
        assertThat(netstat.get(0)).isEqualTo("Active Internet connections (servers and established)");
        assertThat(netstat.get(1)).startsWith("Proto Recv-Q Send-Q Local Address           Foreign Address         State");
        assertThat(netstat.get(2)).isEqualTo("tcp        0      0 0.0.0.0:5001            0.0.0.0:*               LISTEN     ");
        assertThat(netstat.get(3)).matches("tcp +\\d+ +0 10\\.0\\.1\\.2:5001 +10\\.0\\.0\\.1:\\d+ +ESTABLISHED");
        List<String> ss = r.terminal("a");
        assertThat(ss.get(0)).startsWith("State").contains("Recv-Q").contains("Peer Address:Port");
        assertThat(ss.get(1)).startsWith("ESTAB").contains("10.0.1.2:5001");
        assertThat(ss.get(2)).contains("cubic").contains("mss:1448").contains("cwnd:").contains("rtt:");
    }

    @Test
    void sysctl_sets_the_congestion_control_new_sockets_use() {
        Runs.Result r = run("""
                  - {at: 0s, on: a, run: "sysctl -w net.ipv4.tcp_congestion_control=reno net.ipv4.tcp_wmem='4096 65536 65536'"}
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 0s, on: a, run: "sysctl net.ipv4.tcp_sack net.ipv4.nonsense"}
                  - {at: 1s, on: a, run: "nc -b 50MB b 5001"}
                  - {at: 2s, on: a, run: "ss -ti"}
                """);
        List<String> a = r.terminal("a");
        assertThat(a.get(0)).isEqualTo("net.ipv4.tcp_congestion_control = reno");
        assertThat(a.get(1)).isEqualTo("net.ipv4.tcp_wmem = 4096\t65536\t65536");
        assertThat(a.get(2)).isEqualTo("net.ipv4.tcp_sack = 1");
        assertThat(a.get(3)).isEqualTo("sysctl: cannot stat /proc/sys/net/ipv4/nonsense: No such file or directory");
        assertThat(a.get(6)).contains(" reno ");
    }

    @Test
    void sysctl_shows_linux_buffer_defaults_and_ss_shows_the_receiver_autotuning() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "sysctl net.ipv4.tcp_rmem net.ipv4.tcp_moderate_rcvbuf"}
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 1s, on: a, run: "nc -b 50MB b 5001"}
                  - {at: 3s, on: b, run: "ss -tni"}
                """);
        List<String> b = r.terminal("b");
        assertThat(b.get(0)).isEqualTo("net.ipv4.tcp_rmem = 4096\t131072\t6291456");
        assertThat(b.get(1)).isEqualTo("net.ipv4.tcp_moderate_rcvbuf = 1");
        String info = b.stream().filter(l -> l.contains("rcv_space:")).findFirst().orElseThrow();
        assertThat(info).contains(" wscale:7,7 ").containsPattern(" rcv_rtt:\\d+(\\.\\d+)? rcv_space:\\d+ rcv_ssthresh:\\d+");
    }

    @Test
    void tcp_moderate_rcvbuf_0_keeps_the_receive_buffer_at_tcp_rmem_default() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "sysctl -w net.ipv4.tcp_moderate_rcvbuf=0"}
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 1s, on: a, run: "nc -b 50MB b 5001"}
                  - {at: 3s, on: b, run: "ss -tnmi"}
                """);
        assertThat(r.terminal("b")).anyMatch(l -> l.contains("skmem:(") && l.contains(",rb131072,"));
    }

    @Test
    void sysctl_shows_and_turns_off_rack_and_tail_loss_probes_as_linux_names_them() {
        Runs.Result r = run("""
                  - {at: 0s, on: a, run: "sysctl net.ipv4.tcp_recovery net.ipv4.tcp_early_retrans"}
                  - {at: 0s, on: a, run: "sysctl -w net.ipv4.tcp_recovery=0 net.ipv4.tcp_early_retrans=0"}
                  - {at: 0s, on: a, run: "sysctl -w net.ipv4.tcp_early_retrans=5"}
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 1s, on: a, run: "nc -b 1MB b 5001"}
                """);
        List<String> a = r.terminal("a");
        assertThat(a.get(0)).isEqualTo("net.ipv4.tcp_recovery = 1");
        assertThat(a.get(1)).isEqualTo("net.ipv4.tcp_early_retrans = 3");
        assertThat(a.get(2)).isEqualTo("net.ipv4.tcp_recovery = 0");
        assertThat(a.get(3)).isEqualTo("net.ipv4.tcp_early_retrans = 0");
        assertThat(a.get(4)).isEqualTo("sysctl: setting key \"net.ipv4.tcp_early_retrans\": Invalid argument");
        assertThat(r.world().node("a").tcp().defaults().rack()).isFalse();
        assertThat(r.world().node("a").tcp().defaults().tlp()).isFalse();
    }

    @Test
    void ss_s_summarises_the_sockets_as_sockstat_counts_them() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "nc -l -d 5001"}
                  - {at: 1s, on: a, run: "nc -b 100MB b 5001"}
                  - {at: 3s, on: b, run: "ss -s"}
                  - {at: 0s, on: b, run: "nc -l 7000"}
                  - {at: 1s, on: a, run: "nc -m 'hello, tcp' b 7000"}
                  - {at: 2s, on: a, run: "ss -s"}
                """);
        List<String> b = r.terminal("b");
        assertThat(b.subList(b.indexOf("Total: 2"), b.size())).containsExactly(
                "Total: 2",
                "TCP:   2 (estab 1, closed 0, orphaned 0, timewait 0)",
                "",
                "Transport Total     IP        IPv6",
                "RAW\t  0         0         0        ",
                "UDP\t  0         0         0        ",
                "TCP\t  2         2         0        ",
                "INET\t  2         2         0        ",
                "FRAG\t  0         0         0        ",
                "");
        // the client closed first: its end waits in TIME-WAIT, a socket no more (Total) but hashed (TCP row)
        List<String> a = r.terminal("a");
        assertThat(a.subList(a.indexOf("Total: 1"), a.size())).startsWith("Total: 1",
                "TCP:   2 (estab 1, closed 0, orphaned 0, timewait 1)");
    }

    @Test
    void nc_zu_writes_for_three_seconds_and_a_port_unreachable_refuses_it() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "nc -u -l 5300"}
                  - {at: 1s, on: a, run: "nc -zvu b 5300"}
                  - {at: 5s, on: a, run: "nc -zvu b 5301"}
                  - {at: 9s, on: a, run: "nc -zu b 5301"}
                  - {at: 13s, on: a, run: "nc -zu -w 1 b 5300"}
                """);
        // OpenBSD nc's udptest: "X" twice, then one a second; the listener prints what arrives
        assertThat(r.terminal("a")).containsExactly("Connection to b (10.0.1.2) 5300 port [udp/*] succeeded!",
                "nc: connect to b port 5301 (udp) failed: Connection refused",
                "Connection to b (10.0.1.2) 5300 port [udp/*] succeeded!");
        assertThat(r.terminal("b")).containsExactly("XXXXXXXX"); // five, then three: no newline in between
        assertThat(r.events(ToolEvents.EXIT).stream().filter(e -> e.node().equals("a")).map(e -> e.num(ToolEvents.CODE)))
                .containsExactly(0L, 1L, 1L, 0L);
        assertThat(r.events(ToolEvents.EXIT).stream().filter(e -> e.node().equals("a")).map(e -> e.time()))
                .containsExactly(4_000_000_000L, 6_000_000_000L, 10_000_000_000L, 14_000_000_000L);
    }

    @Test
    void nc_zu_scans_a_range_of_ports_in_turn() {
        Runs.Result r = run("""
                  - {at: 0s, on: b, run: "nc -u -l 5300"}
                  - {at: 1s, on: a, run: "nc -zvu -w 1 b 5299-5301"}
                """);
        assertThat(r.terminal("a")).containsExactly("nc: connect to b port 5299 (udp) failed: Connection refused",
                "Connection to b (10.0.1.2) 5300 port [udp/*] succeeded!",
                "nc: connect to b port 5301 (udp) failed: Connection refused");
        assertThat(r.events(ToolEvents.EXIT).stream().filter(e -> e.node().equals("a")).map(e -> e.num(ToolEvents.CODE)))
                .containsExactly(0L); // one port answered
    }
}
