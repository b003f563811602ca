package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names through getaddrinfo on the default world's dual-stack laptop, as the real tools resolve
 * them: ping and tracepath take the first address (www.example.com's AAAA, the laptop having a
 * route and a global source for it), traceroute the first IPv4 one, nc tries each address in turn,
 * and -4/-6 choose the family.
 */
class DualStackNamesTest {
    static Runs.Result run;

    @BeforeAll
    static void play() {
        String yaml = Runs.defaultWorldWith("""
                timeline:
                  - {at: 1s, on: laptop, run: "ping -c 1 www.example.com"}
                  - {at: 3s, on: laptop, run: "ping -4 -c 1 www.example.com"}
                  - {at: 5s, on: laptop, run: "ping -4 -6 -c 1 www.example.com"}
                  - {at: 6s, on: laptop, run: "ping -6 -c 1 www.example.com"}
                  - {at: 8s, on: laptop, run: "nc -zv www.example.com 443"}
                  - {at: 10s, on: laptop, run: "nc -4 -zv www.example.com 443"}
                  - {at: 12s, on: laptop, run: "nc -zv static.example.com 80"}
                  - {at: 14s, on: laptop, run: "traceroute -n -q 1 -m 2 www.example.com"}
                  - {at: 20s, on: laptop, run: "traceroute -6 -n -q 1 -m 2 www.example.com"}
                  - {at: 26s, on: laptop, run: "tracepath -n -m 2 www.example.com"}
                  - {at: 36s, on: laptop, run: "nc -6 -4 -zv www.example.com 443"}
                  - {at: 38s, on: laptop, run: "nc -4 -6 -zv www.example.com 443"}
                  - {at: 40s, on: laptop, run: "ping -c 1 lb"}
                  - {at: 42s, on: laptop, run: "ping -4 -c 1 2001:db8:93:32::34"}
                  - {at: 44s, on: laptop, run: "mtr --report -c 1 -n www.example.com"}
                  - {at: 47s, on: laptop, run: "mtr --report -c 1 -n -4 www.example.com"}
                duration: 52s
                """);
        run = Runs.run(yaml);
    }

    @Test
    void ping_pings_the_first_address_ipv6_on_a_dual_stack_node_and_ipv4_with_dash_4() {
        List<String> t = run.terminal("laptop");
        assertThat(t).contains("PING www.example.com(lb (2001:db8:93:32::34)) 56 data bytes",
                "PING www.example.com (93.184.216.34) 56(84) bytes of data.",
                "ping: only one -4 or -6 option may be specified",
                "PING lb (93.184.216.34) 56(84) bytes of data.", // a hosts-table name: its IPv4 line alone
                "ping: 2001:db8:93:32::34: Address family for hostname not supported");
        assertThat(t.stream().filter(l -> l.startsWith("PING www.example.com(lb (2001:db8:93:32::34))"))).hasSize(2); // and -6
        // getaddrinfo asked A, then AAAA, once per name: the stub's cache answered the later lookups
        assertThat(run.events(DnsEvents.QUERY).stream().filter(e -> e.node().equals("laptop"))
                .map(e -> e.get(DnsEvents.QTYPE) + " " + e.get(DnsEvents.QNAME)))
                .containsExactly("A www.example.com", "AAAA www.example.com", "A static.example.com", "AAAA static.example.com");
    }

    @Test
    void nc_tries_each_address_in_getaddrinfos_order() {
        List<String> t = run.terminal("laptop");
        assertThat(t).contains("Connection to www.example.com (2001:db8:93:32::34) 443 port [tcp/https] succeeded!",
                "Connection to www.example.com (93.184.216.34) 443 port [tcp/https] succeeded!");
        // -6 -4 and -4 -6: the last one given wins, as in OpenBSD nc's option loop
        assertThat(t.stream().filter(l -> l.equals("Connection to www.example.com (2001:db8:93:32::34) 443 port [tcp/https] succeeded!")))
                .hasSize(2);
        assertThat(t.stream().filter(l -> l.equals("Connection to www.example.com (93.184.216.34) 443 port [tcp/https] succeeded!")))
                .hasSize(2);
        // nothing listens on port 80 of the CDN's edge: refused over IPv6, then over IPv4, each line naming
        // the address tried as netcat-openbsd 1.219 does for a name ("connect to foo (::1) port ...")
        assertThat(t).containsSubsequence("nc: connect to static.example.com (2001:db8:151::10) port 80 (tcp) failed: Connection refused",
                "nc: connect to static.example.com (151.101.1.10) port 80 (tcp) failed: Connection refused");
    }

    @Test
    void mtr_takes_the_first_address_ipv6_here_and_ipv4_with_dash_4() {
        List<String> t = run.terminal("laptop");
        assertThat(t).anyMatch(l -> l.matches("  1\\.\\|-- 2001:db8:81:200::1 +0\\.0% +1 .*"))
                .anyMatch(l -> l.matches("  9\\.\\|-- 2001:db8:93:32::34 +0\\.0% +1 .*"))
                .anyMatch(l -> l.matches("  1\\.\\|-- 192\\.168\\.1\\.1 +0\\.0% +1 .*"))
                .anyMatch(l -> l.matches("  9\\.\\|-- 93\\.184\\.216\\.34 +0\\.0% +1 .*"));
    }

    @Test
    void traceroute_takes_the_first_ipv4_address_and_tracepath_the_first_address() {
        List<String> t = run.terminal("laptop");
        assertThat(t).contains("traceroute to www.example.com (93.184.216.34), 2 hops max, 60 byte packets",
                "traceroute to www.example.com (2001:db8:93:32::34), 2 hops max, 80 byte packets",
                " 1?: [LOCALHOST]                        0.000ms pmtu 1500");
        assertThat(t).anyMatch(l -> l.matches(" 1:  2001:db8:81:200::1 +[0-9.]+ms ?"));
    }
}
