package dev.minternet.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.ArpEvents;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DHCP client checks a new address with ARP probes before it takes it (arping -D -c 2), declines
 * one that another host answers for, announces the one it takes; a client with a {@code leased}
 * address holds it from 0 s without a packet.
 */
class DhcpArpCheckTest {
    private static final long S = Durations.S;

    private static List<TraceEvent> dhcp(Runs.Result r, String node, String msg) {
        return r.events(e -> e.is(DhcpEvents.SEND) && e.node().equals(node) && e.get(DhcpEvents.MSG).equals(msg));
    }

    private static List<TraceEvent> arpSent(Runs.Result r, String node) {
        return r.events(e -> e.is(ArpEvents.SEND) && e.node().equals(node));
    }

    @Test
    void given_a_free_address_when_the_ack_arrives_then_two_probes_go_a_second_apart_and_the_address_is_up_a_second_later() {
        Runs.Result r = Runs.run(DhcpTest.lan("192.168.1.100-192.168.1.199", "1h", List.of("laptop dhcp"), "30s",
                "  - {at: 20s, on: laptop, run: ip addr}\n"));
        TraceEvent ack = r.events(e -> e.is(DhcpEvents.RECEIVE) && e.node().equals("laptop")
                && e.get(DhcpEvents.MSG).equals("ACK")).get(0);
        List<TraceEvent> arp = arpSent(r, "laptop");
        // probe, probe, announcement, in that order, and nothing else before the address is up
        assertThat(arp).hasSizeGreaterThanOrEqualTo(3);
        assertThat(arp.get(0).get(ArpEvents.SENDER_IP)).isEqualTo("0.0.0.0");
        assertThat(arp.get(0).get(ArpEvents.TARGET_IP)).isEqualTo("192.168.1.100");
        assertThat(arp.get(0).get(ArpEvents.TARGET_MAC)).isEqualTo("00:00:00:00:00:00");
        assertThat(arp.get(0).get(ArpEvents.DST)).isEqualTo("ff:ff:ff:ff:ff:ff");
        assertThat(arp.get(0).time()).isEqualTo(ack.time());
        assertThat(arp.get(1).get(ArpEvents.SENDER_IP)).isEqualTo("0.0.0.0");
        assertThat(arp.get(1).time() - arp.get(0).time()).isEqualTo(S);
        TraceEvent bound = r.events(e -> e.is(DhcpEvents.BOUND) && e.node().equals("laptop")).get(0);
        assertThat(bound.time() - ack.time()).as("arping -D -c 2: two probes a second apart, then a second to listen")
                .isEqualTo(2 * S);
        assertThat(arp.get(2).get(ArpEvents.SENDER_IP)).isEqualTo("192.168.1.100");
        assertThat(arp.get(2).get(ArpEvents.TARGET_IP)).isEqualTo("192.168.1.100");
        assertThat(arp.get(2).time()).isEqualTo(bound.time());
        assertThat(dhcp(r, "laptop", "DECLINE")).isEmpty();
        assertThat(r.terminal("laptop")).contains("    inet 192.168.1.100/24 brd 192.168.1.255 scope global dynamic eth0");
    }

    @Test
    void given_a_host_that_already_holds_the_offered_address_then_it_answers_the_probe_and_the_client_declines_it() {
        // a printer with a static 192.168.1.100 on a second switch: the pool check sees only the server's switch
        String yaml = """
                name: t
                seed: 9
                duration: 60s
                nodes:
                  - {name: home, kind: router}
                  - {name: laptop, kind: host}
                  - {name: printer, kind: host}
                lans:
                  - switch: lan
                    stp: false
                    ports:
                      - home 192.168.1.1/24
                      - laptop dhcp
                      - trunk lan2
                    dhcp: {server: home, pool: 192.168.1.100-192.168.1.199, lease: 1h}
                  - switch: lan2
                    stp: false
                    ports:
                      - printer 192.168.1.100/24
                timeline:
                  - {at: 50s, on: laptop, run: ip addr}
                """;
        Runs.Result r = Runs.run(yaml);
        TraceEvent reply = r.events(e -> e.is(ArpEvents.SEND) && e.node().equals("printer")
                && e.get(ArpEvents.OP).equals("reply") && e.get(ArpEvents.TARGET_IP).equals("0.0.0.0")).get(0);
        List<TraceEvent> declines = dhcp(r, "laptop", "DECLINE");
        assertThat(declines).hasSize(1);
        assertThat(declines.get(0).time()).isGreaterThan(reply.time());
        assertThat(declines.get(0).get(DhcpEvents.OPTIONS)).isEqualTo("53,61,50,54");
        assertThat(r.events(e -> e.is(DhcpEvents.LEASE_EVENT) && e.get(DhcpEvents.ACTION).equals("decline")))
                .extracting(e -> e.get(DhcpEvents.ADDR)).containsExactly("192.168.1.100");
        // ten seconds later (RFC 2131 3.1.5) it starts over and gets the next address
        List<TraceEvent> discovers = dhcp(r, "laptop", "DISCOVER");
        assertThat(discovers).hasSize(2);
        assertThat(discovers.get(1).time() - declines.get(0).time()).isEqualTo(10 * S);
        assertThat(r.terminal("laptop")).contains("    inet 192.168.1.101/24 brd 192.168.1.255 scope global dynamic eth0");
    }

    @Test
    void given_a_leased_address_the_client_holds_it_from_0_s_without_a_packet() {
        Runs.Result r = Runs.run(DhcpTest.lan("192.168.1.100-192.168.1.199", "1h",
                List.of("laptop dhcp leased 192.168.1.150", "phone dhcp"), "30s",
                "  - {at: 0s, on: laptop, run: ip addr}\n  - {at: 0s, on: laptop, run: ip route}\n"
                        + "  - {at: 20s, on: phone, run: ip addr}\n"));
        assertThat(r.events(e -> e.is(DhcpEvents.SEND) && e.node().equals("laptop"))).isEmpty();
        // its only frame: the announcement at 0 s of an interface that comes up with an address
        assertThat(arpSent(r, "laptop")).first().satisfies(e -> {
            assertThat(e.time()).isZero();
            assertThat(e.get(ArpEvents.SENDER_IP)).isEqualTo("192.168.1.150");
        });
        assertThat(r.terminal("laptop")).contains("    inet 192.168.1.150/24 brd 192.168.1.255 scope global dynamic eth0",
                "       valid_lft 3600sec preferred_lft 3600sec", "default via 192.168.1.1 dev eth0 proto dhcp ");
        // the server knows the lease: the phone gets the lowest other address
        assertThat(r.terminal("phone")).contains("    inet 192.168.1.100/24 brd 192.168.1.255 scope global dynamic eth0");
    }
}
