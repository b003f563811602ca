package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TCP across the netfilter module: masquerading NAT, a port forward, a stateful firewall. */
class TcpThroughNatTest {
    static final String WORLD = """
            name: tcp-nat
            seed: 5
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - name: home
                kind: router
                nat:
                  outside: eth1
                  forward:
                    - {proto: tcp, port: 8080, to: 192.168.1.10:8080}
              - {name: isp, kind: router}
              - name: server
                kind: host
                firewall:
                  policy: {in: deny}
                  rules:
                    - {action: allow, direction: in, proto: tcp, port: 5001}
                    - {action: reject, direction: in, proto: tcp, port: 22}
            links:
              - {name: lan, a: laptop 192.168.1.10/24, b: home:eth0 192.168.1.1/24, bandwidth: 300Mbps, delay: 2ms}
              - {name: access, a: home:eth1 198.51.100.2/30, b: isp 198.51.100.1/30, bandwidth: 50Mbps, delay: 8ms, loss: 0.5%}
              - {name: dc, a: isp 203.0.113.1/24, b: server 203.0.113.10/24, bandwidth: 1Gbps, delay: 10ms}
            timeline:
              - {at: 0s, on: server, run: "nc -l -v -d 5001"}
              - {at: 0s, on: laptop, run: "nc -l -v 8080"}
              - {at: 1s, on: laptop, run: "nc -v -b 2MB server 5001"}
              - {at: 2s, on: home, run: "conntrack -L"}
              - {at: 20s, on: laptop, run: "nc -v server 22"}
              - {at: 21s, on: laptop, run: "nc -v -w 3 server 23"}
              - {at: 25s, on: server, run: "nc -v -m 'hello via the port forward' 198.51.100.2 8080"}
            """;

    @Test
    void tcp_crosses_nat_and_firewall_with_clean_checksums(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("tcp-nat.yaml", WORLD), dir, true);
        List<String> server = r.terminal("server");
        List<String> laptop = r.terminal("laptop");
        assertThat(server).as("the server sees the NAT's outside address")
                .anyMatch(l -> l.startsWith("Connection received on 198.51.100.2 "));
        String received = server.stream().filter(l -> l.startsWith("received 2000000 bytes")).findFirst().orElseThrow();
        String sent = laptop.stream().filter(l -> l.startsWith("sent 2000000 bytes")).findFirst().orElseThrow();
        assertThat(received.substring(received.indexOf("sha256"))).isEqualTo(sent.substring(sent.indexOf("sha256")));
        assertThat(laptop).contains("nc: connect to server (203.0.113.10) port 22 (tcp) failed: Connection refused");
        assertThat(laptop).contains("nc: connect to server (203.0.113.10) port 23 (tcp) timed out: Operation now in progress")
                .doesNotContain("nc: connect to server (203.0.113.10) port 23 (tcp) failed: Connection aborted");
        assertThat(laptop).as("the port forward reaches the laptop").anyMatch(l -> l.startsWith("Connection received on 203.0.113.10 "));
        assertThat(laptop).contains("hello via the port forward");
        assertThat(r.terminal("home")).anyMatch(l -> l.contains("tcp") && l.contains("ESTABLISHED"));
        for (String pcap : List.of("home-eth0.pcap", "home-eth1.pcap", "server-eth0.pcap")) {
            Tshark.assertClean(dir.resolve(pcap));
        }
    }
}
