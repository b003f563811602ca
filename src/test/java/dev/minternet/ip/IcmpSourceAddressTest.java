package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import org.junit.jupiter.api.Test;

/**
 * RFC 1812 4.3.2.4: a router's ICMP error comes from an address of the interface it leaves by.
 * Linux's icmp_send (icmp_errors_use_inbound_ifaddr = 0, the default) leaves the source to the
 * route back to the sender, so on an asymmetric path traceroute shows the router's address on the
 * way back, not the one the probe came in on; an error about a datagram addressed to the node
 * itself comes from that address.
 */
class IcmpSourceAddressTest {
    /** Probes go a -> r over l1; r's way back to a's l1 address is l2. */
    static final String ASYMMETRIC = """
            name: asymmetric
            nodes:
              - {name: a, kind: host, routes: [10.0.9.0/24 via 10.0.1.1]}
              - {name: r, kind: router, routes: [10.0.1.2/32 via 10.0.2.2]}
              - {name: b, kind: host, routes: [default via 10.0.9.1]}
            links:
              - {name: l1, a: a 10.0.1.2/24, b: r 10.0.1.1/24, delay: 1ms}
              - {name: l2, a: a 10.0.2.2/24, b: r 10.0.2.1/24, delay: 5ms}
              - {name: l3, a: r 10.0.9.1/24, b: b 10.0.9.2/24, delay: 1ms}
            timeline:
              - {at: 1s, on: a, run: "traceroute -n -q 1 -N 1 10.0.9.2"}
              - {at: 3s, on: a, run: "ping -c 1 -t 1 10.0.9.2"}
              - {at: 5s, on: a, run: "traceroute -n -q 1 -N 1 10.0.1.1"}
            """;

    @Test
    void a_router_answers_from_the_interface_its_error_leaves_by() {
        Runs.Result r = Runs.run(ASYMMETRIC);
        // 1 ms out over l1, 5 ms back over l2 (links at 1 Gbit/s add well under a microsecond).
        assertThat(r.terminal("a")).contains(
                "traceroute to 10.0.9.2 (10.0.9.2), 30 hops max, 60 byte packets",
                " 1  10.0.2.1  6.001 ms",
                "From 10.0.2.1 icmp_seq=1 Time to live exceeded");
        assertThat(r.events(IcmpEvents.SEND_ERROR)).first().satisfies(e -> {
            assertThat(e.get(IcmpEvents.FROM)).isEqualTo("10.0.2.1");
            assertThat(e.node()).isEqualTo("r");
        });
    }

    @Test
    void an_error_about_a_datagram_to_the_node_itself_comes_from_the_address_it_was_sent_to() {
        Runs.Result r = Runs.run(ASYMMETRIC);
        // The UDP probe to r's l1 address is answered (port unreachable) from that address, over l2.
        assertThat(r.terminal("a")).contains("traceroute to 10.0.1.1 (10.0.1.1), 30 hops max, 60 byte packets",
                " 1  10.0.1.1  6.001 ms");
    }
}
