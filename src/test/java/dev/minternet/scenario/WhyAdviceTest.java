package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/** What {@link Why} advises where a packet stops, on the default world. */
class WhyAdviceTest {
    @Test
    void a_private_address_out_of_reach_is_named_as_one_with_the_way_in() throws Exception {
        World w = WorldBuilder.build(DefaultWorld.load());
        w.sim().runUntil(1_000_000_000L);
        Why.Verdict v = Why.analyze(w, null, w.node("laptop"), Ip4.parse("10.10.1.11"), 80, Why.Proto.TCP, 49152);
        assertThat(v.outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(v.at()).isEqualTo("isp-a-core");
        assertThat(v.advice()).isEqualTo("add a route to 10.10.1.11 on isp-a-core (10.10.1.11 is a private address,"
                + " RFC 1918: across the internet, reach it through a public address in front of it, such as a load"
                + " balancer's or a port forward)");
        // a public one gets the plain advice
        Why.Verdict pub = Why.analyze(w, null, w.node("laptop"), Ip4.parse("203.0.113.200"), 80, Why.Proto.TCP, 49153);
        assertThat(pub.advice()).doesNotContain("private");
    }

    @Test
    void the_private_ranges_are_rfc_1918s() {
        for (String a : new String[] {"10.0.0.0", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1"}) {
            assertThat(Why.isPrivate(Ip4.parse(a))).as(a).isTrue();
        }
        for (String a : new String[] {"11.0.0.1", "172.15.255.255", "172.32.0.0", "192.167.1.1", "100.64.0.1"}) {
            assertThat(Why.isPrivate(Ip4.parse(a))).as(a).isFalse();
        }
    }
}
