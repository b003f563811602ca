package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policy parity of the IPv6 unicast family: {@code ipv6-prefix-lists} applied in and out of a
 * session (FRR's {@code ipv6 prefix-list} and {@code neighbor X prefix-list NAME in|out} under
 * {@code address-family ipv6 unicast}), and the MRAI spacing IPv6 announcements.
 *
 * <p>AS 100 (r1) -- AS 200 (r2) -- AS 300 (r3). r1 originates 2001:db8:100::/48, a /64 inside it
 * and 2001:db8:199::/48; r2 accepts from r1 only what 2001:db8:100::/48 le 64 permits and sends r3
 * only prefixes of /48 or shorter. r1's link is slow (300 ms), so r2 hears r1's routes after its
 * session with r3 is up and its own /48 went out: with a 10 s MRAI toward r3 they wait for it.
 */
class Bgp6PolicyTest {
    static final String YAML = """
            name: bgp6-policy
            seed: 3
            duration: 25s
            nodes:
              - {name: r1, kind: router, as: 100, bgp: {router-id: 10.100.255.1,
                  networks6: [2001:db8:100::/48, 2001:db8:100:5::/64, 2001:db8:199::/48], neighbors: [
                  {address: 10.0.12.2, remote-as: 200, relationship: provider, ipv6: true}]}}
              - {name: r2, kind: router, as: 200, bgp: {router-id: 10.200.255.1, networks6: [2001:db8:200::/48],
                  ipv6-prefix-lists: {from-r1: ["permit 2001:db8:100::/48 le 64"], to-r3: ["permit 2001:db8::/32 le 48"]},
                  neighbors: [
                  {address: 10.0.12.1, remote-as: 100, relationship: customer, ipv6: true,
                   import: {ipv6-prefix-list: from-r1}},
                  {address: 10.0.23.2, remote-as: 300, relationship: customer, ipv6: true, advertisement-interval: 10s,
                   export: {ipv6-prefix-list: to-r3}}]}}
              - {name: r3, kind: router, as: 300, bgp: {router-id: 10.3.255.1, networks6: [2001:db8:300::/48], neighbors: [
                  {address: 10.0.23.1, remote-as: 200, relationship: provider, ipv6: true}]}}
            lans:
              - switch: x12
                delay: 300ms
                ports: [r1 10.0.12.1/30 ipv6 2001:db8:12::1/64, r2 10.0.12.2/30 ipv6 2001:db8:12::2/64]
              - switch: x23
                delay: 1ms
                ports: [r2 10.0.23.1/30 ipv6 2001:db8:23::1/64, r3 10.0.23.2/30 ipv6 2001:db8:23::2/64]
            timeline:
              - {at: 20s, on: r2, run: "vtysh -c \\"show bgp ipv6 unicast\\" -c \\"show bgp neighbors 10.0.12.1\\""}
              - {at: 20.5s, on: r3, run: "vtysh -c \\"show bgp ipv6 unicast\\""}
            """;

    static Runs.Result run;

    @BeforeAll
    static void playOnce() {
        run = Runs.run(YAML);
    }

    private static List<String> prefixes(String node, String peer, dev.minternet.trace.EventType type) {
        return run.events(e -> e.is(type) && e.node().equals(node) && e.get(BgpEvents.PEER).equals(peer))
                .stream().map(e -> e.get(BgpEvents.PREFIX)).filter(p -> p.contains(":")).toList();
    }

    @Test
    void an_import_prefix_list_drops_the_ipv6_routes_it_does_not_permit() {
        assertThat(prefixes("r2", "10.0.12.1", BgpEvents.ANNOUNCE_IN))
                .contains("2001:db8:100::/48", "2001:db8:100:5::/64", "2001:db8:199::/48");
        assertThat(run.events(e -> e.is(BgpEvents.BEST_PATH) && e.node().equals("r2"))
                .stream().map(e -> e.get(BgpEvents.PREFIX)).toList())
                .contains("2001:db8:100::/48", "2001:db8:100:5::/64").doesNotContain("2001:db8:199::/48");
        assertThat(run.world().node("r2").service(BgpSpeaker.class).ipv6().rib())
                .extracting(e -> e.prefix().toString()).doesNotContain("2001:db8:199::/48");
        assertThat(run.terminal("r2")).anyMatch(l -> l.startsWith("*> 2001:db8:100::/48"))
                .noneMatch(l -> l.contains("2001:db8:199::"));
    }

    @Test
    void an_export_prefix_list_keeps_longer_prefixes_from_the_neighbour() {
        assertThat(prefixes("r2", "10.0.23.2", BgpEvents.ANNOUNCE_OUT))
                .containsExactlyInAnyOrder("2001:db8:200::/48", "2001:db8:100::/48");
        assertThat(run.terminal("r3")).anyMatch(l -> l.startsWith("*> 2001:db8:100::/48"))
                .noneMatch(l -> l.contains("2001:db8:100:5::")).noneMatch(l -> l.contains("2001:db8:199::"));
    }

    @Test
    void the_mrai_spaces_ipv6_announcements_to_a_neighbour() {
        List<TraceEvent> out = run.events(e -> e.is(BgpEvents.ANNOUNCE_OUT) && e.node().equals("r2")
                && e.get(BgpEvents.PEER).equals("10.0.23.2") && e.get(BgpEvents.PREFIX).contains(":"));
        TreeSet<Long> times = new TreeSet<>();
        out.forEach(e -> times.add(e.time()));
        assertThat(times).as("r2's own /48 at once, r1's after the MRAI").hasSize(2);
        assertThat(times.last() - times.first()).isGreaterThanOrEqualTo(10_000_000_000L);
        TraceEvent heard = run.events(e -> e.is(BgpEvents.ANNOUNCE_IN) && e.node().equals("r2")
                && e.get(BgpEvents.PREFIX).equals("2001:db8:100::/48")).get(0);
        assertThat(heard.time()).as("learned well before the MRAI let it go").isLessThan(times.last() - 1_000_000_000L);
    }

    @Test
    void vtysh_shows_the_ipv6_family_with_its_prefix_list() {
        List<String> r2 = run.block("r2", "vtysh -c \"show bgp ipv6 unicast\" -c \"show bgp neighbors 10.0.12.1\"", 0);
        assertThat(r2).contains("    Address Family IPv6 Unicast: advertised and received");
        assertThat(r2).containsSequence(
                " For address family: IPv6 Unicast",
                "  Community attribute sent to this neighbor(all)",
                "  Inbound path policy configured",
                "  Incoming update prefix filter list is *from-r1",
                "  2 accepted prefixes");
        assertThat(r2).containsSequence(
                " For address family: IPv4 Unicast",
                "  Community attribute sent to this neighbor(all)",
                "  0 accepted prefixes");
    }
}
