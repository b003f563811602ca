package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ping -I: an interface (SO_BINDTODEVICE; the destination taken as on the link when the routes
 * lead elsewhere, as Linux's route lookup does for a bound socket) or one of the node's addresses
 * (the source), the first line's "from SRC DEV:" or "from SRC :", and iputils' refusals; the real
 * ping in a network namespace prints the same lines.
 */
class PingBindOracleTest {
    static final String FROM_DEV = "PING \\S+ \\(\\S+\\) from \\S+ \\w+: 56\\(84\\) bytes of data\\.";
    static final String FROM_ADDR = "PING \\S+ \\(\\S+\\) from \\S+ : 56\\(84\\) bytes of data\\.";
    static final String NO_DEVICE = "ping: SO_BINDTODEVICE nope: No such device";
    static final String NOT_MINE = "ping: bind: Cannot assign requested address";

    @Test
    void simulated_ping_binds_as_iputils_does() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 30s\n",
                "  - {at: 1s, on: r1, run: \"ping -c 1 -W 1 -I eth1 10.0.0.1\"}\n"
                        + "  - {at: 5s, on: a, run: \"ping -c 1 -I 10.0.0.1 10.0.1.2\"}\n"
                        + "  - {at: 7s, on: a, run: \"ping -c 1 -I eth0 10.0.1.2\"}\n"
                        + "  - {at: 9s, on: a, run: \"ping -c 1 -I nope 10.0.1.2\"}\n"
                        + "  - {at: 10s, on: a, run: \"ping -c 1 -I 10.9.9.9 10.0.1.2\"}\n"));
        List<String> r1 = r.terminal("r1");
        assertThat(r1.get(0)).isEqualTo("PING 10.0.0.1 (10.0.0.1) from 10.0.1.1 eth1: 56(84) bytes of data.").matches(FROM_DEV);
        assertThat(r1).contains("1 packets transmitted, 0 received, 100% packet loss, time 0ms");
        // bound to eth1, the request leaves by eth1 (towards b), not by the route's eth0
        assertThat(r.events(e -> e.is(IpEvents.SEND) && e.node().equals("r1") && "icmp".equals(e.get(IpEvents.PROTO))))
                .singleElement().satisfies(e -> assertThat(e.get(IpEvents.IFACE)).isEqualTo("eth1"));
        List<String> a = r.terminal("a");
        assertThat(a).contains("PING 10.0.1.2 (10.0.1.2) from 10.0.0.1 : 56(84) bytes of data.",
                "PING 10.0.1.2 (10.0.1.2) from 10.0.0.1 eth0: 56(84) bytes of data.", NO_DEVICE, NOT_MINE);
        assertThat(a.stream().filter(l -> l.contains("1 received, 0% packet loss"))).hasSize(2);
    }

    @Test
    void the_real_ping_prints_the_same_lines() throws Exception {
        Oracles.require("ping", "iputils-ping");
        String script = "ip link set lo up; ip link add v0 type veth peer name v1 || exit 77\n"
                + "ip link set v0 up; ip link set v1 up; ip addr add 10.9.0.1/24 dev v0\n"
                + "ping -c 1 -W 1 -I v0 10.9.0.5; ping -c 1 -I 10.9.0.1 10.9.0.1; ping -c 1 -I nope 10.9.0.1; ping -c 1 -I 10.9.9.9 10.9.0.1\n";
        String real = Oracles.inNetworkNamespace(script);
        List<String> lines = List.of(real.split("\n"));
        assertThat(lines).anyMatch(l -> l.matches(FROM_DEV)).anyMatch(l -> l.matches(FROM_ADDR))
                .contains(NO_DEVICE, NOT_MINE);
    }
}
