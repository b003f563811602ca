package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Datagrams with a valid IPv4 header and anything behind it (truncated transport headers, ICMP
 * errors quoting garbage, odd fragments) arriving at a NAT router and a firewalled host on either
 * side: netfilter must neither throw nor let an inside address out.
 */
class GarbageTest {
    static final String WORLD = """
            name: garbage
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - name: home
                kind: router
                nat: {outside: eth1, forward: [{proto: udp, port: 6000, to: 192.168.1.10:6000}]}
                firewall: {policy: {forward: deny}, rules: [{action: reject, direction: forward, proto: tcp, port: 1-1000}]}
              - name: server
                kind: host
                firewall: {policy: {in: deny}, rules: [{action: reject, direction: in, proto: any}]}
            links:
              - {a: laptop 192.168.1.10/24, b: home:eth0 192.168.1.1/24, delay: 1ms}
              - {a: home:eth1 198.51.100.2/30, b: server 198.51.100.1/30, delay: 5ms}
            """;
    static final int[] ADDRESSES = {Ip4.parse("192.168.1.10"), Ip4.parse("192.168.1.1"), Ip4.parse("198.51.100.2"),
        Ip4.parse("198.51.100.1"), Ip4.parse("203.0.113.99")};
    static final int[] PROTOCOLS = {1, 6, 17, 47};

    @Test
    void random_transport_bytes_never_throw_and_never_leak_the_inside_address() throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.parse("g.yaml", WORLD));
        Node home = w.node("home");
        int[] leaked = {0};
        home.ip().iface("eth1").addTap((d, outgoing) -> {
            if (outgoing && (Ipv4Packet.src(d, 0) >>> 16) == 0xc0a8) {
                leaked[0]++;
            }
        });
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            int proto = PROTOCOLS[r.nextInt(PROTOCOLS.length)];
            byte[] l4 = new byte[r.nextInt(0, 64)];
            r.nextBytes(l4);
            if (proto == 1 && l4.length > 0 && r.nextBoolean()) {
                l4[0] = (byte) (r.nextBoolean() ? 3 : 11); // an ICMP error quoting whatever follows
                if (l4.length > 8 && r.nextBoolean()) {
                    l4[8] = 0x45;
                }
            }
            int src = ADDRESSES[r.nextInt(ADDRESSES.length)];
            int dst = ADDRESSES[r.nextInt(ADDRESSES.length)];
            int frag = r.nextInt(8) == 0 ? 8 * r.nextInt(1, 100) : 0;
            Ipv4Repr h = new Ipv4Repr(src, dst, proto, r.nextInt(1, 65), 0, r.nextInt(0x10000), false, r.nextInt(4) == 0,
                    frag, l4.length, Ipv4Repr.NO_OPTIONS);
            byte[] d = h.build(l4);
            (r.nextBoolean() ? home.ip().iface("eth0") : home.ip().iface("eth1")).arrive(d);
            if (i % 100 == 0) {
                w.sim().run();
            }
        }
        w.sim().run();
        assertThat(leaked[0]).isZero();
        assertThat(w.node("server").ip().counters().inReceives).isPositive();
    }
}
