package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.transport.udp.UdpEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tracepath (iputils 20221126) in simulated worlds: the path MTU found hop by hop, the hops and
 * the summary printed in the real tool's layout (the host column 52 wide, times "%3d.%03dms "),
 * with simulated round trips.
 */
class TracepathTest {
    /** examples/mtu.yaml's world: a 1400-byte link between two 1500-byte ones. */
    static final String MTU = """
            name: mtu
            seed: 1
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - {name: edge, kind: router}
              - {name: tunnel-end, kind: router}
              - {name: server, kind: host}
            links:
              - {name: lan, a: laptop 10.0.0.2/24, b: edge 10.0.0.1/24, delay: 1ms}
              - {name: tunnel, a: edge 172.16.0.1/30, b: tunnel-end 172.16.0.2/30, delay: 10ms, mtu: 1400}
              - {name: dc, a: tunnel-end 10.9.0.1/24, b: server 10.9.0.2/24, delay: 1ms}
            timeline:
            """;

    static List<String> run(String world, String... commands) {
        StringBuilder t = new StringBuilder(world);
        for (int i = 0; i < commands.length; i++) {
            t.append("  - {at: ").append(1 + 10 * i).append("s, on: laptop, run: \"").append(commands[i]).append("\"}\n");
        }
        return Runs.run(t.toString()).terminal("laptop");
    }

    /** The times masked digit by digit, so that a line's layout stays. */
    static String masked(String line) {
        StringBuilder b = new StringBuilder(line);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+\\.\\d{3}ms").matcher(line);
        while (m.find()) {
            for (int i = m.start(); i < m.end() - 2; i++) {
                if (b.charAt(i) != '.') {
                    b.setCharAt(i, '#');
                }
            }
        }
        return b.toString();
    }

    @Test
    void the_path_mtu_is_found_hop_by_hop_the_local_interface_first_then_the_router_before_the_narrow_link() {
        assertThat(run(MTU, "tracepath -n server")).containsExactly(
                " 1?: [LOCALHOST]                      pmtu 1500",
                // the MTU changed during TTL 1: its probes start again, so hop 1 is printed twice, as the real tool does
                " 1:  10.0.0.1                                              2.016ms ",
                " 1:  10.0.0.1                                              2.016ms ",
                // edge cannot forward 1500 bytes with DF into the 1400-byte link: fragmentation needed
                " 2:  10.0.0.1                                              2.016ms pmtu 1400",
                " 2:  172.16.0.2                                           22.031ms ",
                " 3:  10.9.0.2                                             24.047ms reached",
                "     Resume: pmtu 1400 hops 3 back 3 ");
    }

    @Test
    void a_second_run_starts_from_the_learnt_path_mtu() {
        List<String> t = run(MTU, "tracepath -n server", "tracepath -n server");
        assertThat(t.subList(7, t.size())).extracting(TracepathTest::masked).containsExactly(
                " 1?: [LOCALHOST]                      pmtu 1400",
                " 1:  10.0.0.1                                              #.###ms ",
                " 1:  10.0.0.1                                              #.###ms ",
                " 2:  172.16.0.2                                           ##.###ms ",
                " 3:  10.9.0.2                                             ##.###ms reached",
                "     Resume: pmtu 1400 hops 3 back 3 ");
    }

    @Test
    void names_by_default_both_with_b_the_address_first_with_n_and_b() {
        List<String> t = run(MTU, "tracepath -l 1400 server", "tracepath -b -l 1400 server", "tracepath -n -b -l 1400 server");
        assertThat(t).extracting(TracepathTest::masked).containsExactly(
                " 1:  edge                                                  #.###ms ",
                " 2:  tunnel-end                                           ##.###ms ",
                " 3:  server                                               ##.###ms reached",
                "     Resume: pmtu 1400 hops 3 back 3 ",
                " 1:  edge (10.0.0.1)                                       #.###ms ",
                " 2:  tunnel-end (172.16.0.2)                              ##.###ms ",
                " 3:  server (10.9.0.2)                                    ##.###ms reached",
                "     Resume: pmtu 1400 hops 3 back 3 ",
                " 1:  10.0.0.1 (edge)                                       #.###ms ",
                " 2:  172.16.0.2 (tunnel-end)                              ##.###ms ",
                " 3:  10.9.0.2 (server)                                    ##.###ms reached",
                "     Resume: pmtu 1400 hops 3 back 3 ");
    }

    @Test
    void l_sets_the_packet_length_headers_included() {
        Runs.Result r = Runs.run(MTU + "  - {at: 1s, on: laptop, run: \"tracepath -n -l 1000 server\"}\n");
        assertThat(r.terminal("laptop")).hasSize(4).last().isEqualTo("     Resume: pmtu 1000 hops 3 back 3 ");
        assertThat(r.events(UdpEvents.SEND)).filteredOn(e -> e.node().equals("laptop"))
                .allSatisfy(e -> assertThat(e.num(UdpEvents.LEN)).isEqualTo(1000 - 28));
    }

    @Test
    void m_stops_at_the_maximum_with_too_many_hops() {
        assertThat(run(MTU, "tracepath -n -l 1400 -m 2 server")).extracting(TracepathTest::masked).containsExactly(
                " 1:  10.0.0.1                                              #.###ms ",
                " 2:  172.16.0.2                                           ##.###ms ",
                "     Too many hops: pmtu 1400",
                "     Resume: pmtu 1400 ");
    }

    @Test
    void probes_go_to_port_44444_and_up_or_from_p_or_host_slash_port() {
        for (String[] c : new String[][] {{"tracepath -n -l 1400 server", "44444"}, {"tracepath -n -l 1400 -p 5000 server", "5000"},
                {"tracepath -n -l 1400 server/6000", "6000"}}) {
            Runs.Result r = Runs.run(MTU + "  - {at: 1s, on: laptop, run: \"" + c[0] + "\"}\n");
            long base = Long.parseLong(c[1]);
            assertThat(r.events(UdpEvents.SEND)).filteredOn(e -> e.node().equals("laptop"))
                    .extracting(e -> e.num(UdpEvents.DPORT)).containsExactly(base, base + 1, base + 2);
        }
    }

    /** r2 drops its own ICMP errors: a hop that never answers. */
    static final String SILENT = """
            name: silent
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - {name: r1, kind: router}
              - {name: r2, kind: router, firewall: {policy: {in: deny, out: deny}, stateful: [forward]}}
              - {name: b, kind: host}
            links:
              - {a: laptop 10.0.0.1/24, b: r1 10.0.0.2/24, delay: 1ms}
              - {a: r1 10.0.1.1/24, b: r2 10.0.1.2/24, delay: 5ms}
              - {a: r2 10.0.2.1/24, b: b 10.0.2.2/24, delay: 2ms}
            timeline:
            """;

    @Test
    void a_silent_hop_is_no_reply_after_three_probes_of_a_second_each() {
        Runs.Result r = Runs.run(SILENT + "  - {at: 1s, on: laptop, run: \"tracepath -n b\"}\n");
        assertThat(r.terminal("laptop")).extracting(TracepathTest::masked).containsExactly(
                " 1?: [LOCALHOST]                      pmtu 1500",
                " 1:  10.0.0.2                                              #.###ms ",
                " 1:  10.0.0.2                                              #.###ms ",
                " 2:  no reply",
                " 3:  10.0.2.2                                             ##.###ms reached",
                "     Resume: pmtu 1500 hops 3 back 3 ");
        assertThat(r.output()).anySatisfy(l -> assertThat(l).matches(" *4\\.0040\\d\\d laptop \\|  2:  no reply"));
    }

    @Test
    void a_router_without_a_route_ends_the_trace_with_n() {
        Runs.Result r = Runs.run(Runs.chain(2, "delay: 1ms", "", "  - {at: 1s, on: a, run: \"tracepath -n 10.99.0.1\"}\n"));
        assertThat(r.terminal("a")).extracting(TracepathTest::masked).containsExactly(
                " 1?: [LOCALHOST]                      pmtu 1500",
                " 1:  10.0.0.2                                              #.###ms !N",
                " 1:  10.0.0.2                                              #.###ms !N",
                "     Resume: pmtu 1500 ");
    }

    @Test
    void over_ipv6_the_local_error_has_a_time_and_routers_answer_packet_too_big() {
        Runs.Result r = Runs.run("""
                name: v6
                nodes:
                  - {name: laptop, kind: host, routes: ["::/0 via 2001:db8:1::1"]}
                  - {name: r1, kind: router, routes: [2001:db8:2::/64 via 2001:db8:12::2]}
                  - {name: r2, kind: router, routes: [2001:db8:1::/64 via 2001:db8:12::1]}
                  - {name: h2, kind: host, routes: ["::/0 via 2001:db8:2::1"]}
                links:
                  - {a: laptop ipv6 2001:db8:1::10/64, b: r1 ipv6 2001:db8:1::1/64, delay: 1ms}
                  - {a: r1 ipv6 2001:db8:12::1/64, b: r2 ipv6 2001:db8:12::2/64, delay: 5ms}
                  - {a: r2 ipv6 2001:db8:2::1/64, b: h2 ipv6 2001:db8:2::20/64, delay: 1ms, mtu: 1280}
                timeline:
                  - {at: 1s, on: laptop, run: "tracepath -n 2001:db8:2::20"}
                  - {at: 11s, on: laptop, run: "tracepath -6 h2"}
                """);
        assertThat(r.terminal("laptop")).extracting(TracepathTest::masked).containsExactly(
                " 1?: [LOCALHOST]                        #.###ms pmtu 1500",
                " 1:  2001:db8:1::1                                         #.###ms ",
                " 1:  2001:db8:1::1                                         #.###ms ",
                " 2:  2001:db8:12::2                                       ##.###ms ",
                " 3:  2001:db8:12::2                                       ##.###ms pmtu 1280",
                " 3:  2001:db8:2::20                                       ##.###ms reached",
                "     Resume: pmtu 1280 hops 3 back 3 ",
                " 1?: [LOCALHOST]                        #.###ms pmtu 1280",
                " 1:  r1                                                    #.###ms ",
                " 1:  r1                                                    #.###ms ",
                " 2:  r2                                                   ##.###ms ",
                " 3:  h2                                                   ##.###ms reached",
                "     Resume: pmtu 1280 hops 3 back 3 ");
    }
}
