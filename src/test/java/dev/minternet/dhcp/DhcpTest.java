package dev.minternet.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.StubResolver;
import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.DhcpMessage;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DHCP client and server on a simulated LAN: lease times from the trace, pools, NAK, DECLINE, RELEASE. */
class DhcpTest {
    private static final long S = Durations.S;

    /** A router "home" serving {@code pool} on switch lan (its port swp1), the given client ports and timeline. */
    static String lan(String pool, String lease, List<String> clients, String duration, String timeline) {
        StringBuilder y = new StringBuilder("name: t\nseed: 9\nduration: " + duration + "\nnodes:\n  - {name: home, kind: router}\n");
        for (String c : clients) {
            y.append("  - {name: ").append(c.split(" ")[0]).append(", kind: host}\n");
        }
        y.append("lans:\n  - switch: lan\n    stp: false\n    ports:\n      - home 192.168.1.1/24\n");
        for (String c : clients) {
            y.append("      - ").append(c).append('\n');
        }
        y.append("    dhcp: {server: home, pool: ").append(pool).append(", lease: ").append(lease)
                .append(", dns: [192.168.1.53, 9.9.9.9]}\n");
        if (!timeline.isEmpty()) {
            y.append("timeline:\n").append(timeline);
        }
        return y.toString();
    }

    private static List<TraceEvent> sends(Runs.Result r, String node, String msg) {
        return r.events(e -> e.is(DhcpEvents.SEND) && e.node().equals(node) && e.get(DhcpEvents.MSG).equals(msg));
    }

    private static List<TraceEvent> states(Runs.Result r, String node, String to) {
        return r.events(e -> e.is(DhcpEvents.STATE) && e.node().equals(node) && e.get(DhcpEvents.TO).equals(to));
    }

    @Test
    void the_lease_is_renewed_at_half_the_lease_with_a_unicast_request() {
        Runs.Result r = Runs.run(lan("192.168.1.100-192.168.1.199", "200s", List.of("laptop dhcp"), "260s",
                "  - {at: 150s, on: laptop, run: ip addr}\n"));
        List<TraceEvent> requests = sends(r, "laptop", "REQUEST");
        List<TraceEvent> bound = r.events(e -> e.is(DhcpEvents.BOUND) && e.node().equals("laptop"));
        assertThat(bound).hasSizeGreaterThanOrEqualTo(2);
        TraceEvent first = bound.get(0);
        assertThat(first.get(DhcpEvents.ADDR)).isEqualTo("192.168.1.100");
        assertThat(first.num(DhcpEvents.PREFIX)).isEqualTo(24);
        assertThat(first.get(DhcpEvents.ROUTER)).isEqualTo("192.168.1.1");
        assertThat(first.num(DhcpEvents.LEASE)).isEqualTo(200);
        assertThat(first.num(DhcpEvents.T1)).isEqualTo(100);
        assertThat(first.num(DhcpEvents.T2)).isEqualTo(175);
        // the lease starts when the REQUEST that got the ACK went out (RFC 2131 4.4.1)
        long t0 = requests.get(0).time();
        assertThat(requests.get(0).get(DhcpEvents.DST)).isEqualTo("255.255.255.255");
        assertThat(requests.get(0).get(DhcpEvents.SRC)).isEqualTo("0.0.0.0");
        TraceEvent renew = requests.get(1);
        assertThat(renew.time() - t0).as("T1 = 0.5 x lease").isEqualTo(100 * S);
        assertThat(renew.get(DhcpEvents.SRC)).isEqualTo("192.168.1.100");
        assertThat(renew.get(DhcpEvents.DST)).isEqualTo("192.168.1.1");
        assertThat(renew.get(DhcpEvents.CIADDR)).isEqualTo("192.168.1.100");
        assertThat(renew.get(DhcpEvents.OPTIONS)).isEqualTo("53,61,12,55"); // no 50 or 54 when renewing
        assertThat(states(r, "laptop", "RENEWING")).extracting(TraceEvent::time).containsExactly(t0 + 100 * S, t0 + 200 * S);
        assertThat(bound.get(1).time() - renew.time()).isLessThan(S / 1000);
        assertThat(states(r, "laptop", "REBINDING")).isEmpty();
        // the server answered the renewal by unicast to the client's address
        TraceEvent ack = sends(r, "home", "ACK").get(1);
        assertThat(ack.get(DhcpEvents.DST)).isEqualTo("192.168.1.100");
        assertThat(ack.get(DhcpEvents.CIADDR)).isEqualTo("192.168.1.100");
        // at 150 s: renewed at t0 + 100 s, so 200 - (150 - t0 - 100) s are left (rounded down)
        long left = (t0 + 100 * S + 200 * S - 150 * S) / S;
        assertThat(r.terminal("laptop")).contains("    inet 192.168.1.100/24 brd 192.168.1.255 scope global dynamic eth0",
                "       valid_lft " + left + "sec preferred_lft " + left + "sec");
    }

    @Test
    void without_its_server_a_client_renews_rebinds_at_seven_eighths_and_loses_the_address_at_the_end() {
        Runs.Result r = Runs.run(lan("192.168.1.100-192.168.1.199", "200s", List.of("laptop dhcp"), "240s",
                "  - {at: 50s, fail-link: \"lan:swp1\"}\n  - {at: 20s, on: laptop, run: ip addr}\n"
                        + "  - {at: 230s, on: laptop, run: ip addr}\n  - {at: 230s, on: laptop, run: ip route}\n"));
        long t0 = sends(r, "laptop", "REQUEST").get(0).time();
        assertThat(states(r, "laptop", "RENEWING")).extracting(TraceEvent::time).containsExactly(t0 + 100 * S);
        assertThat(states(r, "laptop", "REBINDING")).extracting(TraceEvent::time).containsExactly(t0 + 175 * S);
        List<TraceEvent> expire = r.events(e -> e.is(DhcpEvents.EXPIRE));
        assertThat(expire).hasSize(1);
        assertThat(expire.get(0).time()).isEqualTo(t0 + 200 * S);
        assertThat(expire.get(0).get(DhcpEvents.ADDR)).isEqualTo("192.168.1.100");
        // RENEWING sends at T1 and 60 s later (half of the 75 s to T2 is under the 60 s floor); REBINDING once, broadcast
        List<TraceEvent> requests = sends(r, "laptop", "REQUEST");
        assertThat(requests.subList(1, 4)).extracting(TraceEvent::time)
                .containsExactly(t0 + 100 * S, t0 + 160 * S, t0 + 175 * S);
        assertThat(requests.get(3).get(DhcpEvents.DST)).isEqualTo("255.255.255.255");
        assertThat(requests.get(3).get(DhcpEvents.SRC)).isEqualTo("192.168.1.100");
        // after the end the client starts over at once (DISCOVER from 0.0.0.0)
        assertThat(sends(r, "laptop", "DISCOVER")).anySatisfy(e -> assertThat(e.time()).isEqualTo(t0 + 200 * S));
        List<String> term = r.terminal("laptop");
        assertThat(term).contains("    inet 192.168.1.100/24 brd 192.168.1.255 scope global dynamic eth0");
        int second = term.lastIndexOf("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo state UP group default qlen 100");
        assertThat(term.subList(second, term.size())).noneMatch(l -> l.contains("inet "))
                .noneMatch(l -> l.startsWith("default"));
        NetInterface nic = r.world().node("laptop").ip().iface("eth0");
        assertThat(nic.cidr()).isNull();
        assertThat(r.world().node("laptop").ip().routes()).isEmpty();
    }

    @Test
    void two_clients_get_distinct_addresses_their_route_and_nameservers() {
        Runs.Result r = Runs.run(lan("192.168.1.100-192.168.1.199", "1h", List.of("laptop dhcp", "phone dhcp"), "30s",
                "  - {at: 20s, on: laptop, run: ping -c 1 192.168.1.1}\n  - {at: 22s, on: phone, run: ping -c 1 laptop}\n"));
        Node laptop = r.world().node("laptop");
        Node phone = r.world().node("phone");
        int a = laptop.ip().iface("eth0").address();
        int b = phone.ip().iface("eth0").address();
        assertThat(List.of(Ip4.str(a), Ip4.str(b))).containsExactlyInAnyOrder("192.168.1.100", "192.168.1.101");
        assertThat(laptop.ip().route(Ip4.parse("8.8.8.8")).gateway()).isEqualTo(Ip4.parse("192.168.1.1"));
        assertThat(laptop.ip().route(Ip4.parse("8.8.8.8")).proto()).isEqualTo("dhcp");
        assertThat(laptop.service(StubResolver.class).nameservers())
                .containsExactly(Ip4.parse("192.168.1.53"), Ip4.parse("9.9.9.9"));
        assertThat(r.terminal("laptop")).contains("1 packets transmitted, 1 received, 0% packet loss, time 0ms");
        assertThat(r.terminal("phone")).contains("1 packets transmitted, 1 received, 0% packet loss, time 0ms");
        // the OFFER went unicast to the client's MAC at the offered address (the broadcast bit was clear)
        for (TraceEvent e : sends(r, "home", "OFFER")) {
            assertThat(e.get(DhcpEvents.DST)).isEqualTo(e.get(DhcpEvents.YIADDR));
            assertThat(e.get(DhcpEvents.OPTIONS)).isEqualTo("53,54,51,58,59,1,3,6");
        }
        assertThat(r.events(e -> e.is(DhcpEvents.LEASE_EVENT) && e.get(DhcpEvents.ACTION).equals("bind"))).hasSize(2);
    }

    @Test
    void an_exhausted_pool_leaves_a_client_without_address_retrying_with_rfc2131_backoff() {
        Runs.Result r = Runs.run(lan("192.168.1.100-192.168.1.100", "1h", List.of("laptop dhcp", "phone dhcp"), "300s",
                "  - {at: 290s, on: phone, run: ip addr}\n"));
        List<String> got = new ArrayList<>();
        for (String n : List.of("laptop", "phone")) {
            if (r.world().node(n).ip().iface("eth0").cidr() != null) {
                got.add(n);
            }
        }
        assertThat(got).hasSize(1);
        String loser = got.get(0).equals("laptop") ? "phone" : "laptop";
        assertThat(r.world().node(loser).ip().iface("eth0").cidr()).isNull();
        List<TraceEvent> d = sends(r, loser, "DISCOVER");
        long[] base = {4, 8, 16, 32, 64, 64};
        assertThat(d.size()).isGreaterThanOrEqualTo(base.length + 1);
        for (int i = 0; i < base.length; i++) {
            long gap = d.get(i + 1).time() - d.get(i).time();
            assertThat(gap).as("retransmission " + (i + 1)).isBetween(base[i] * S - S, base[i] * S + S);
            assertThat(d.get(i + 1).get(DhcpEvents.XID)).isEqualTo(d.get(0).get(DhcpEvents.XID));
            assertThat(d.get(i + 1).num(DhcpEvents.SECS)).isEqualTo((d.get(i + 1).time() - d.get(0).time()) / S);
        }
        assertThat(r.events(e -> e.is(DhcpEvents.NO_FREE))).hasSize(d.size());
        assertThat(r.events(e -> e.is(DhcpEvents.RETRY) && e.node().equals(loser))).hasSize(d.size());
    }

    @Test
    void a_crashed_client_loses_its_address_and_gets_it_back_after_the_reboot() {
        Runs.Result r = Runs.run(lan("192.168.1.100-192.168.1.199", "1h", List.of("laptop dhcp"), "60s",
                "  - {at: 20s, crash: laptop}\n  - {at: 30s, restore: laptop}\n"));
        List<TraceEvent> bound = r.events(e -> e.is(DhcpEvents.BOUND) && e.node().equals("laptop"));
        assertThat(bound).hasSize(2);
        assertThat(bound.get(0).time()).isLessThan(20 * S);
        assertThat(bound.get(1).time()).isBetween(31 * S, 41 * S); // 1..10 s after the boot at 30 s
        assertThat(bound.get(1).get(DhcpEvents.ADDR)).isEqualTo("192.168.1.100"); // the server remembered the client
        assertThat(states(r, "laptop", "INIT")).anySatisfy(e -> assertThat(e.time()).isEqualTo(20 * S));
        assertThat(sends(r, "laptop", "DISCOVER")).noneMatch(e -> e.time() >= 20 * S && e.time() < 30 * S);
    }

    /** A static host on the LAN speaking DHCP by hand through its own packet socket, for made-up clients. */
    private static final class Probe {
        final World w;
        final NetInterface nic;
        final List<DhcpMessage> got = new ArrayList<>();

        Probe(World w) {
            this.w = w;
            this.nic = w.node("probe").ip().iface("eth0");
            nic.setPacketSocket(f -> {
                try {
                    DhcpPackets.In in = DhcpPackets.read(f, DhcpMessage.CLIENT_PORT);
                    if (in != null) {
                        got.add(in.msg());
                    }
                    return in != null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }

        DhcpMessage send(long mac, int type, int requested, int server) {
            DhcpMessage m = DhcpMessage.of(DhcpMessage.BOOTREQUEST, type, 0x1000 + got.size(), mac);
            m.flags = DhcpMessage.FLAG_BROADCAST; // the chaddr is made up: answers must come broadcast
            if (requested != 0) {
                m.address(DhcpMessage.OPT_REQUESTED_IP, requested);
            }
            if (server != 0) {
                m.address(DhcpMessage.OPT_SERVER_ID, server);
            }
            got.clear();
            nic.sendRaw(Mac.BROADCAST, DhcpPackets.datagram(w.node("probe").ip(), m, 0, 68, 0xffffffff, 67));
            w.sim().runUntil(w.sim().now() + S);
            return got.isEmpty() ? null : got.get(got.size() - 1);
        }
    }

    private static World world(String yaml) throws Exception {
        return WorldBuilder.build(ScenarioLoader.parse("t.yaml", yaml));
    }

    @Test
    void a_request_for_an_address_never_offered_is_naked_a_decline_takes_the_address_out_of_the_pool() throws Exception {
        World w = world(lan("192.168.1.100-192.168.1.102", "1h", List.of("probe 192.168.1.50/24"), "1h", ""));
        int server = Ip4.parse("192.168.1.1");
        Probe p = new Probe(w);
        w.sim().runUntil(S);
        DhcpMessage nak = p.send(0x020000000001L, DhcpMessage.REQUEST, Ip4.parse("192.168.1.102"), server);
        assertThat(nak.type()).isEqualTo(DhcpMessage.NAK);
        assertThat(nak.text(DhcpMessage.OPT_MESSAGE)).isEqualTo("requested address not available");
        // OFFER, REQUEST, ACK, then DECLINE (as after an ARP check that found the address taken)
        DhcpMessage offer = p.send(0x020000000001L, DhcpMessage.DISCOVER, 0, 0);
        assertThat(offer.type()).isEqualTo(DhcpMessage.OFFER);
        assertThat(Ip4.str(offer.yiaddr)).isEqualTo("192.168.1.100");
        DhcpMessage ack = p.send(0x020000000001L, DhcpMessage.REQUEST, offer.yiaddr, server);
        assertThat(ack.type()).isEqualTo(DhcpMessage.ACK);
        assertThat(p.send(0x020000000001L, DhcpMessage.DECLINE, offer.yiaddr, server)).isNull();
        // another client gets the next address; the declined one stays out of the pool for a lease time
        DhcpMessage other = p.send(0x020000000002L, DhcpMessage.DISCOVER, offer.yiaddr, 0);
        assertThat(Ip4.str(other.yiaddr)).isEqualTo("192.168.1.101");
        assertThat(w.node("home").ip().iface("eth0")).isNotNull();
        // a REQUEST naming another server withdraws the client from our offer: no answer
        assertThat(p.send(0x020000000002L, DhcpMessage.REQUEST, other.yiaddr, Ip4.parse("192.168.1.2"))).isNull();
        // a never leased address comes first; then the freed offer; the declined .100 never while abandoned
        assertThat(p.send(0x020000000003L, DhcpMessage.DISCOVER, 0, 0).yiaddr).isEqualTo(Ip4.parse("192.168.1.102"));
        assertThat(p.send(0x020000000004L, DhcpMessage.DISCOVER, 0, 0).yiaddr).isEqualTo(Ip4.parse("192.168.1.101"));
        assertThat(p.send(0x020000000005L, DhcpMessage.DISCOVER, 0, 0)).as("pool exhausted").isNull();
    }

    @Test
    void a_release_frees_the_address_for_the_next_client() throws Exception {
        World w = world(lan("192.168.1.100-192.168.1.100", "1h", List.of("laptop dhcp", "probe 192.168.1.50/24"), "1h", ""));
        w.sim().runUntil(20 * S);
        Node laptop = w.node("laptop");
        assertThat(Ip4.str(laptop.ip().iface("eth0").address())).isEqualTo("192.168.1.100");
        Probe p = new Probe(w);
        assertThat(p.send(0x020000000009L, DhcpMessage.DISCOVER, 0, 0)).as("the only address is leased").isNull();
        laptop.service(DhcpClient.class).release();
        w.sim().runUntil(w.sim().now() + S);
        assertThat(laptop.ip().iface("eth0").cidr()).isNull();
        assertThat(laptop.service(DhcpClient.class).state()).isEqualTo(DhcpClient.State.INIT);
        assertThat(p.send(0x020000000009L, DhcpMessage.DISCOVER, 0, 0).yiaddr).isEqualTo(Ip4.parse("192.168.1.100"));
    }
}
