package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Later fragments carry no ports: they take the flow and the firewall verdict of their datagram's
 * first fragment, so a fragmented datagram crosses a NAT (every fragment translated, including
 * fragments the NAT router cuts itself) and a default-deny firewall whose rule names a port.
 */
class FragmentsTest {
    static final String WORLD = """
            name: frag
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - {name: home, kind: router, nat: {outside: eth1}}
              - name: server
                kind: host
                firewall:
                  policy: {in: deny}
                  rules:
                    - {action: allow, direction: in, proto: udp, port: 5000}
                    - {action: allow, direction: in, proto: icmp}
            links:
              - {a: laptop 192.168.1.10/24, b: home:eth0 192.168.1.1/24, delay: 1ms}
              - {a: home:eth1 198.51.100.2/30, b: server 198.51.100.1/30, delay: 5ms, mtu: 1400}
            timeline:
              - {at: 1s, on: laptop, run: "ping -c 2 -s 3000 server"}
              - {at: 3s, on: server, run: "nc -u -l -v -e cat 5000"}
            """;

    @Test
    void fragmented_datagrams_cross_nat_and_a_port_rule(@TempDir Path dir) throws Exception {
        String big = "x".repeat(2000);
        Runs.Result r = Runs.run(ScenarioLoader.parse("frag.yaml", WORLD
                + "  - {at: 4s, on: laptop, run: \"nc -u -w 1 -m " + big + " server 5000\"}\n"), dir, true);
        assertThat(r.terminal("laptop")).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms", big);
        assertThat(r.terminal("server")).anySatisfy(l -> assertThat(l).startsWith("Connection received on 198.51.100.2 "))
                .contains(big);
        assertThat(r.events(NatEvents.DROP, NatEvents.DROP_UNSOLICITED, NatEvents.DROP_UNTRANSLATED)).isEmpty();
        Oracles.tshark();
        Path outside = dir.resolve("home-eth1.pcap");
        Tshark.assertClean(outside);
        Tshark.assertClean(dir.resolve("home-eth0.pcap"));
        assertThat(Tshark.count(outside, "ip.flags.mf == 1 || ip.frag_offset > 0")).isGreaterThan(6);
        assertThat(Tshark.count(outside, "ip.addr == 192.168.1.10")).isZero();
    }
}
