package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.RoutingEvents;
import dev.minternet.routing.bgp.BgpEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Traces;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: the default world runs OSPF inside ISP A, the transit network and the cloud
 * provider, and BGP between them (peering at the exchange, transit as the backup); its routers
 * boot a minute before 0 s, so that a visit starts on converged routes, and a failed peering link
 * is narrated from the BGP events it causes.
 */
class DefaultWorldRoutingTest {
    @TempDir
    Path dir;

    @Test
    void the_visit_starts_on_converged_routes_and_says_how_long_bgp_took() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--trace", trace.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<TraceEvent> events = Traces.read(trace);
        TraceEvent w = events.stream().filter(e -> e.is(RoutingEvents.WARMED_UP)).findFirst().orElseThrow();
        assertThat(w.time()).isZero();
        assertThat(w.num(RoutingEvents.WARM_UP)).isEqualTo(60_000_000_000L);
        // six BGP speakers with two sessions each; seven OSPF adjacencies, counted at both ends
        assertThat(w.num(RoutingEvents.SESSIONS)).isEqualTo(12);
        assertThat(w.num(RoutingEvents.ADJACENCIES)).isEqualTo(14);
        assertThat(w.num(RoutingEvents.BGP_CONVERGED)).isBetween(1L, 60_000_000_000L);
        // no routing change once the story has started: the warm-up's events are not in the trace
        assertThat(events).noneMatch(e -> e.is(BgpEvents.BEST_PATH));
        assertThat(o.out()).startsWith("Routing: the routers booted 60 s before 0 s: OSPF 14 adjacency ends Full")
                .contains("BGP 12 session ends Established, converged " + String.format(java.util.Locale.ROOT, "%.3f s",
                        w.num(RoutingEvents.BGP_CONVERGED) / 1e9))
                .contains(" 1. [1.000000 s +0.000 ms] Browser DNS cache",
                        "2. [1.000000 s +92.844 ms] DNS lookup: www.example.com -> 93.184.216.34 and 2001:db8:93:32::34",
                        // IPv6 wins the race (Happy Eyeballs); its round trip is IPv4's 39.620 ms plus the home router's
                        // neighbour discovery for the laptop's new address (4.012 ms: the 2 ms LAN twice) and the
                        // serialization of the longer IPv6 headers (6 us)
                        "Happy Eyeballs (RFC 8305): IPv6 won: IPv6 (preferred) connected within the 250 ms connection attempt delay",
                        "SYN-ACK back: round trip 43.638 ms",
                        "route: laptop -> home-router -> isp-a-access -> isp-a-core -> ixp -> cloud-edge -> dc-edge -> firewall "
                                + "-> dc-core -> lb (8 routers)")
                .doesNotContain("fails");
    }

    @Test
    void a_peering_failure_before_the_visit_is_told_and_the_visit_goes_through_transit() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--fail", "peering@500ms");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains(
                "[0.500000 s] link peering (ixp:eth1 -- cloud-edge:eth0) fails",
                // carrier loss: both ends drop the session at once, no hold timer to wait for
                "[0.500000 s] ixp: BGP session with 185.1.1.2 (cloud-edge) Established -> Idle (interface eth1 down)",
                "[0.500000 s] cloud-edge: BGP session with 185.1.1.254 (ixp) Established -> Idle (interface eth0 down)",
                "[0.500000 s] ixp withdraws from 185.1.0.1 (isp-a-core): 52.95.0.0/16 93.184.216.0/24",
                // the visit goes over IPv6 (the page and its WebSocket, Happy Eyeballs), so the story follows the IPv6
                // prefixes: the withdrawal crosses the exchange port; isp-a-core falls back on transit
                "[0.503000 s] isp-a-core: best path to 2001:db8:93::/48 now 2001:db8:62::1 fe80::773b:43a8:c4e0:7a81 64497 64498 "
                        + "via transit-1",
                "[0.501500 s] dc-edge: best path to 2001:db8:81::/48 now 2001:db8:62:2::1 fe80::66a7:b591:ffce:d0b9 64497 64496 "
                        + "via transit-2",
                "unreachable for 4.000 ms: from the failure to the last new best path to 2001:db8:93:32::34, "
                        + "2001:db8:81:200:c8bf:4dff:fe3e:f3e4, 2001:db8:151::10, 2001:db8:93:48::50",
                "route: laptop -> home-router -> isp-a-access -> isp-a-core -> transit-1 -> transit-2 -> dc-edge",
                "SYN-ACK back: round trip 82.638 ms"); // over IPv6: IPv4's 78.620 ms + neighbour discovery, as above
        assertThat(o.out().indexOf("link peering")).isLessThan(o.out().indexOf("Visit 1:"));
    }

    @Test
    void a_peering_failure_during_the_visit_is_told_in_its_step_and_the_next_step_gives_the_new_route() {
        CliTest.Outcome a = CliTest.exec("visit", "https://www.example.com/", "--fail", "peering@1200ms");
        assertThat(a.code()).as(a.err()).isZero();
        String out = a.out();
        int failed = out.indexOf("[1.200000 s] link peering (ixp:eth1 -- cloud-edge:eth0) fails");
        int after = out.indexOf("route after the failure: laptop -> home-router -> isp-a-access -> isp-a-core -> transit-1");
        assertThat(failed).isPositive();
        assertThat(after).isGreaterThan(failed);
        // the failure is under the step in progress at 1.2 s, the new route under the next numbered step
        String between = out.substring(failed, after);
        assertThat(between.lines().filter(l -> l.matches("^ ?\\d+\\. \\[.*"))).hasSize(1);
        // determinism: the same run gives the same story
        assertThat(CliTest.exec("visit", "https://www.example.com/", "--fail", "peering@1200ms").out()).isEqualTo(out);
    }

    @Test
    void the_withdrawals_decode_in_tshark() throws Exception {
        Oracles.tshark();
        Path pcaps = dir.resolve("pcap");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--quiet", "--fail", "peering@500ms",
                "--pcap-dir", pcaps.toString());
        assertThat(o.code()).as(o.err()).isZero();
        Path ibgp = pcaps.resolve("ixp-eth0.pcap");
        Tshark.assertClean(ibgp);
        assertThat(Tshark.count(ibgp, "bgp.type == 2 && bgp.update.withdrawn_routes.length > 0")).isPositive();
        assertThat(Tshark.count(ibgp, "ospf.msg == 1")).isPositive();
    }
}
