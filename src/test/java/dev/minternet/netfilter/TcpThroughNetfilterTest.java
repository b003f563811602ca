package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.PcapWriter;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP through NAT and a firewall with hand-built segments (the TCP module lives elsewhere): the
 * laptop's SYN leaves home from the public address with a valid checksum, the SYN-ACK comes back
 * translated, conntrack follows the handshake, a reject rule answers RST and a deny rule makes the
 * SYN vanish. tshark validates every TCP checksum on both sides of the NAT.
 */
class TcpThroughNetfilterTest {
    static final String WORLD = """
            name: tcp
            routing: global
            nodes:
              - {name: laptop, kind: host}
              - name: home
                kind: router
                nat: {outside: eth1, forward: [{proto: tcp, port: 8443, to: 192.168.1.10:443}]}
              - {name: isp, kind: router}
              - name: server
                kind: host
                firewall:
                  policy: {in: deny}
                  rules:
                    - {action: allow, direction: in, proto: tcp, port: 443}
                    - {action: reject, direction: in, proto: tcp, port: 22}
                    - {action: deny, direction: in, proto: tcp, port: 23}
            links:
              - {a: laptop 192.168.1.10/24, b: home:eth0 192.168.1.1/24, delay: 1ms}
              - {a: home:eth1 198.51.100.2/30, b: isp 198.51.100.1/30, delay: 5ms}
              - {a: isp 203.0.113.1/24, b: server 203.0.113.10/24, delay: 10ms}
            """;
    static final int LAPTOP = Ip4.parse("192.168.1.10");
    static final int PUBLIC = Ip4.parse("198.51.100.2");
    static final int SERVER = Ip4.parse("203.0.113.10");
    static final long SERVER_ISN = 900_000;
    static final long LAPTOP_ISN = 300_000;

    @TempDir
    Path dir;
    World world;
    Node laptop;
    Node server;
    final List<byte[]> atServer = new ArrayList<>();
    final List<byte[]> atLaptop = new ArrayList<>();
    PcapWriter inside;
    PcapWriter outside;

    @BeforeEach
    void build() throws Exception {
        world = WorldBuilder.build(ScenarioLoader.parse("tcp.yaml", WORLD));
        laptop = world.node("laptop");
        server = world.node("server");
        // A listener on 443 that answers a SYN with SYN-ACK, like a socket in LISTEN (RFC 9293 3.10.7.2).
        server.ip().register(Ipv4Packet.PROTO_TCP, new ProtocolHandler() {
            @Override
            public void receive(IpHeaderView ip) {
                byte[] d = ip.buffer();
                atServer.add(d.clone());
                if (Segments.flags(d) == TcpPacket.SYN) {
                    server.ip().outputBuilt(Segments.tcp(SERVER, Ipv4Packet.src(d, 0), Segments.dport(d), Segments.sport(d),
                            SERVER_ISN, Segments.seq(d) + 1, TcpPacket.SYN | TcpPacket.ACK, new byte[0]));
                }
            }
        });
        laptop.ip().register(Ipv4Packet.PROTO_TCP, ip -> {
            byte[] d = ip.buffer();
            atLaptop.add(d.clone());
            if (Segments.flags(d) == TcpPacket.SYN) {
                laptop.ip().outputBuilt(Segments.tcp(LAPTOP, Ipv4Packet.src(d, 0), Segments.dport(d), Segments.sport(d),
                        LAPTOP_ISN, Segments.seq(d) + 1, TcpPacket.SYN | TcpPacket.ACK, new byte[0]));
            }
        });
        Node home = world.node("home");
        inside = new PcapWriter(dir.resolve("inside.pcap"), world.epoch());
        outside = new PcapWriter(dir.resolve("outside.pcap"), world.epoch());
        home.ip().iface("eth0").addTap((d, out) -> inside.write(world.sim().now(), d));
        home.ip().iface("eth1").addTap((d, out) -> outside.write(world.sim().now(), d));
    }

    void send(byte[] segment) {
        assertThat(laptop.ip().outputBuilt(segment)).isEqualTo(IpStack.OK);
        world.sim().run();
    }

    static Conn flow(Node n, int dport) {
        return Netfilter.of(n.ip()).conntrack().flows().stream().filter(c -> c.orig().dstPort() == dport).findFirst()
                .orElseThrow();
    }

    @Test
    void a_handshake_through_nat_is_translated_with_valid_checksums_and_tracked_to_established() throws Exception {
        send(Segments.tcp(LAPTOP, SERVER, 40000, 443, 1000, 0, TcpPacket.SYN, new byte[0]));
        assertThat(atServer).singleElement().satisfies(d -> {
            assertThat(Ip4.str(Ipv4Packet.src(d, 0))).isEqualTo("198.51.100.2");
            assertThat(Segments.sport(d)).isEqualTo(40000); // port preserved
            assertThat(Ipv4Packet.check(d, 0, d.length)).isNull();
            assertThat(Segments.tcpChecksumOk(d)).isTrue();
        });
        assertThat(atLaptop).singleElement().satisfies(d -> {
            assertThat(Ipv4Packet.src(d, 0)).isEqualTo(SERVER);
            assertThat(Ipv4Packet.dst(d, 0)).isEqualTo(LAPTOP);
            assertThat(Segments.dport(d)).isEqualTo(40000);
            assertThat(Segments.flags(d)).isEqualTo(TcpPacket.SYN | TcpPacket.ACK);
            assertThat(Segments.ack(d)).isEqualTo(1001);
            assertThat(Segments.tcpChecksumOk(d)).isTrue();
        });
        Node home = world.node("home");
        assertThat(flow(home, 443).tcpState()).isEqualTo(TcpState.SYN_RECV);
        send(Segments.tcp(LAPTOP, SERVER, 40000, 443, 1001, SERVER_ISN + 1, TcpPacket.ACK, new byte[0]));
        send(Segments.tcp(LAPTOP, SERVER, 40000, 443, 1001, SERVER_ISN + 1, TcpPacket.ACK | TcpPacket.PSH,
                "GET / HTTP/1.1\r\nHost: server\r\n\r\n".getBytes()));
        assertThat(flow(home, 443).tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(flow(server, 443).tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(flow(home, 443).reply()).isEqualTo(new Tuple(6, SERVER, 443, PUBLIC, 40000));
        assertThat(atServer).hasSize(3).allSatisfy(d -> assertThat(Segments.tcpChecksumOk(d)).isTrue());
        // an established flow gets the RFC 5382 idle timeout of 2 h 4 min
        assertThat(flow(home, 443).expiresAt() - world.sim().now()).isGreaterThan(7000 * 1_000_000_000L);

        closeCaptures();
        Oracles.tshark();
        Tshark.assertClean(dir.resolve("inside.pcap"));
        Tshark.assertClean(dir.resolve("outside.pcap"));
        assertThat(Tshark.count(dir.resolve("outside.pcap"), "tcp.checksum.status == \"Good\" && ip.src == 198.51.100.2"))
                .isEqualTo(3);
        assertThat(Tshark.count(dir.resolve("inside.pcap"), "tcp.checksum.status == \"Good\" && ip.dst == 192.168.1.10"))
                .isEqualTo(1);
    }

    @Test
    void a_tcp_port_forward_reaches_the_inside_server_which_answers_from_the_public_address() throws Exception {
        assertThat(server.ip().outputBuilt(Segments.tcp(SERVER, PUBLIC, 50000, 8443, 42, 0, TcpPacket.SYN, new byte[0])))
                .isEqualTo(IpStack.OK);
        world.sim().run();
        assertThat(atLaptop).singleElement().satisfies(d -> {
            assertThat(Ipv4Packet.src(d, 0)).isEqualTo(SERVER);
            assertThat(Ipv4Packet.dst(d, 0)).isEqualTo(LAPTOP);
            assertThat(Segments.dport(d)).isEqualTo(443);
            assertThat(Segments.tcpChecksumOk(d)).isTrue();
        });
        assertThat(atServer).singleElement().satisfies(d -> {
            assertThat(Ipv4Packet.src(d, 0)).isEqualTo(PUBLIC);
            assertThat(Segments.sport(d)).isEqualTo(8443);
            assertThat(Segments.flags(d)).isEqualTo(TcpPacket.SYN | TcpPacket.ACK);
            assertThat(Segments.ack(d)).isEqualTo(43);
            assertThat(Segments.tcpChecksumOk(d)).isTrue();
        });
        Firewall fw = Netfilter.of(server.ip()).firewall();
        assertThat(fw.establishedCounter(FirewallConfig.Direction.IN).packets()).as("the SYN-ACK is a reply").isEqualTo(1);
        assertThat(Netfilter.of(world.node("home").ip()).nat().forwardCounter(0).packets()).isEqualTo(1);
        closeCaptures();
        Oracles.tshark();
        Tshark.assertClean(dir.resolve("inside.pcap"));
        Tshark.assertClean(dir.resolve("outside.pcap"));
    }

    @Test
    void a_reject_rule_answers_a_syn_with_a_reset_that_finds_its_way_back_through_nat() throws Exception {
        send(Segments.tcp(LAPTOP, SERVER, 40022, 22, 7000, 0, TcpPacket.SYN, new byte[0]));
        assertThat(atServer).isEmpty();
        // RFC 9293 3.10.7.1: no ACK on the SYN, so <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        assertThat(atLaptop).singleElement().satisfies(d -> {
            assertThat(Ipv4Packet.src(d, 0)).isEqualTo(SERVER);
            assertThat(Segments.sport(d)).isEqualTo(22);
            assertThat(Segments.dport(d)).isEqualTo(40022);
            assertThat(Segments.flags(d)).isEqualTo(TcpPacket.RST | TcpPacket.ACK);
            assertThat(Segments.seq(d)).isZero();
            assertThat(Segments.ack(d)).isEqualTo(7001);
            assertThat(Segments.tcpChecksumOk(d)).isTrue();
        });
        assertThat(Netfilter.of(server.ip()).firewall().ruleCounter(1).packets()).isEqualTo(1);
        assertThat(Netfilter.of(server.ip()).conntrack().flows()).isEmpty();
        closeCaptures();
        Oracles.tshark();
        Tshark.assertClean(dir.resolve("outside.pcap"));
        Tshark.assertClean(dir.resolve("inside.pcap"));
        assertThat(Tshark.count(dir.resolve("inside.pcap"), "tcp.flags.reset == 1 && ip.dst == 192.168.1.10")).isEqualTo(1);
    }

    @Test
    void a_deny_rule_makes_a_syn_vanish() {
        send(Segments.tcp(LAPTOP, SERVER, 40023, 23, 1, 0, TcpPacket.SYN, new byte[0]));
        send(Segments.tcp(LAPTOP, SERVER, 40024, 8080, 1, 0, TcpPacket.SYN, new byte[0]));
        assertThat(atServer).isEmpty();
        assertThat(atLaptop).isEmpty();
        Firewall fw = Netfilter.of(server.ip()).firewall();
        assertThat(fw.ruleCounter(2).packets()).isEqualTo(1);
        assertThat(fw.policyCounter(FirewallConfig.Direction.IN).packets()).isEqualTo(1);
    }

    @Test
    void a_segment_of_no_known_flow_does_not_leak_the_inside_address() {
        send(Segments.tcp(LAPTOP, SERVER, 40099, 443, 1, 1, TcpPacket.ACK, new byte[0]));
        assertThat(atServer).isEmpty();
        assertThat(world.node("isp").ip().counters().inReceives).isZero();
    }

    void closeCaptures() throws Exception {
        inside.close();
        outside.close();
    }
}
