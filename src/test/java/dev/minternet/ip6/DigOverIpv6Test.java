package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dig against IPv6 servers in the ipv6-dns example's world, with other commands: a host where
 * nothing listens on port 53 answers ICMPv6 port unreachable ("connection refused"), +tcp over
 * IPv6 reaches the server's TCP listener (a RST where none listens), and a name server on a node without IPv6 binds no IPv6 socket (IPv4
 * worlds list exactly the sockets they did before).
 */
class DigOverIpv6Test {
    static String world(String timeline) throws Exception {
        String yaml = Files.readString(Path.of("examples/ipv6-dns.yaml"));
        return yaml.substring(0, yaml.indexOf("timeline:")) + "timeline:\n" + timeline;
    }

    @Test
    void a_closed_port_over_ipv6_is_connection_refused_as_dig_prints_it() throws Exception {
        Runs.Result r = Runs.run(world("  - {at: 6s, on: a, run: \"dig @2001:db8:2::20 +tries=1 b.example.test\"}\n"));
        assertThat(r.terminal("a")).containsExactly(
                ";; communications error to 2001:db8:2::20#53: connection refused",
                "",
                "; <<>> DiG 9.18.28 <<>> @2001:db8:2::20 +tries=1 b.example.test",
                "; (1 server found)",
                ";; global options: +cmd",
                ";; no servers could be reached");
    }

    @Test
    void tcp_over_ipv6_asks_the_servers_tcp_listener() throws Exception {
        Runs.Result r = Runs.run(world("  - {at: 6s, on: a, run: \"dig +tcp +tries=1 @2001:db8:2::53 b.example.test AAAA\"}\n"));
        assertThat(r.terminal("a")).contains("b.example.test.\t\t300\tIN\tAAAA\t2001:db8:2::20",
                ";; SERVER: 2001:db8:2::53#53(2001:db8:2::53) (TCP)");
    }

    @Test
    void a_tcp_connection_refused_over_ipv6_is_a_communications_error() throws Exception {
        Runs.Result r = Runs.run(world("  - {at: 6s, on: a, run: \"dig +tcp +tries=1 @2001:db8:2::20 b.example.test\"}\n"));
        assertThat(r.terminal("a").get(0)).isEqualTo(";; communications error to 2001:db8:2::20#53: connection refused");
    }

    @Test
    void a_name_server_without_ipv6_binds_no_ipv6_socket() throws Exception {
        String yaml = world("  - {at: 6s, on: ns, run: ss -uln}\n").replace(" ipv6 2001:db8:2::53/64", "");
        List<String> ss = Runs.run(yaml).terminal("ns");
        assertThat(ss).containsExactly(
                "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "UNCONN 0      0            0.0.0.0:53        0.0.0.0:*          ");
    }
}
