package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.ip.IpEvents;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gao-Rexford export, blackholing, route servers and the session timers, each on a small world. */
class BgpPolicyTest {
    static boolean knows(Runs.Result r, String node, String prefix) {
        Cidr c = new Cidr(prefix);
        BgpSpeaker sp = r.world().node(node).service(BgpSpeaker.class);
        var e = sp.entry(new Prefix(c.net, c.len));
        return e != null && e.best() != null;
    }

    record Cidr(int net, int len) {
        Cidr(String s) {
            this(Ip4.parse(s.split("/")[0]), Integer.parseInt(s.split("/")[1]));
        }
    }

    /**
     * The textbook: r1 (AS 1) peers with r2 (AS 2) and r3 (AS 3), buys transit from r4 (AS 4) and
     * sells it to r5 (AS 5). Each AS announces 10.N.0.0/16.
     */
    static final String VALLEY = """
            name: valley
            seed: 2
            duration: 60s
            nodes:
              - {name: r1, kind: router, as: 1, bgp: {networks: [10.1.0.0/16], neighbors: [
                  {address: 10.0.12.2, remote-as: 2, relationship: peer},
                  {address: 10.0.13.2, remote-as: 3, relationship: peer},
                  {address: 10.0.14.2, remote-as: 4, relationship: provider},
                  {address: 10.0.15.2, remote-as: 5, relationship: customer}]}}
              - {name: r2, kind: router, as: 2, bgp: {networks: [10.2.0.0/16], neighbors: [{address: 10.0.12.1, remote-as: 1, relationship: peer}]}}
              - {name: r3, kind: router, as: 3, bgp: {networks: [10.3.0.0/16], neighbors: [{address: 10.0.13.1, remote-as: 1, relationship: peer}]}}
              - {name: r4, kind: router, as: 4, bgp: {networks: [10.4.0.0/16], neighbors: [{address: 10.0.14.1, remote-as: 1, relationship: customer}]}}
              - {name: r5, kind: router, as: 5, bgp: {networks: [10.5.0.0/16], neighbors: [{address: 10.0.15.1, remote-as: 1, relationship: provider}]}}
            links:
              - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 1ms}
              - {a: r1 10.0.13.1/30, b: r3 10.0.13.2/30, delay: 1ms}
              - {a: r1 10.0.14.1/30, b: r4 10.0.14.2/30, delay: 1ms}
              - {a: r1 10.0.15.1/30, b: r5 10.0.15.2/30, delay: 1ms}
            """;

    @Test
    void a_peers_route_goes_to_customers_only_and_a_customers_route_to_everyone() {
        Runs.Result r = Runs.run(VALLEY);
        assertThat(knows(r, "r1", "10.2.0.0/16")).isTrue();
        assertThat(knows(r, "r3", "10.2.0.0/16")).as("peer to peer").isFalse();
        assertThat(knows(r, "r4", "10.2.0.0/16")).as("peer to provider").isFalse();
        assertThat(knows(r, "r5", "10.2.0.0/16")).as("peer to customer").isTrue();
        assertThat(knows(r, "r2", "10.4.0.0/16")).as("provider to peer").isFalse();
        assertThat(knows(r, "r5", "10.4.0.0/16")).as("provider to customer").isTrue();
        for (String n : List.of("r2", "r3", "r4")) {
            assertThat(knows(r, n, "10.5.0.0/16")).as("customer to " + n).isTrue();
            assertThat(knows(r, n, "10.1.0.0/16")).as("own route to " + n).isTrue();
        }
        // Gao-Rexford preferences at r1: customer 200, peer 150, provider 100
        BgpSpeaker r1 = r.world().node("r1").service(BgpSpeaker.class);
        assertThat(r1.entry(new Prefix(Ip4.parse("10.5.0.0"), 16)).best().attrs().localPref()).isEqualTo(200);
        assertThat(r1.entry(new Prefix(Ip4.parse("10.2.0.0"), 16)).best().attrs().localPref()).isEqualTo(150);
        assertThat(r1.entry(new Prefix(Ip4.parse("10.4.0.0"), 16)).best().attrs().localPref()).isEqualTo(100);
        // what r4 (provider) got: r1's own and its customer's, with r1's relationship tags stripped
        List<String> toR4 = r.events(e -> e.is(BgpEvents.ANNOUNCE_OUT) && e.node().equals("r1")
                && e.get(BgpEvents.PEER).equals("10.0.14.2")).stream()
                .map(e -> e.get(BgpEvents.PREFIX) + " [" + e.get(BgpEvents.AS_PATH) + "] {" + e.get(BgpEvents.COMMUNITIES) + "}")
                .toList();
        assertThat(toR4).containsExactly("10.1.0.0/16 [1] {}", "10.5.0.0/16 [1 5] {}");
    }

    @Test
    void a_prefix_list_filters_what_a_neighbour_is_sent() {
        String yaml = VALLEY.replace("{address: 10.0.14.2, remote-as: 4, relationship: provider}",
                "{address: 10.0.14.2, remote-as: 4, relationship: provider, export: {prefix-list: mine}}")
                .replace("{networks: [10.1.0.0/16], neighbors: [",
                        "{networks: [10.1.0.0/16], prefix-lists: {mine: [\"permit 10.1.0.0/16 le 24\"]}, neighbors: [");
        Runs.Result r = Runs.run(yaml);
        assertThat(knows(r, "r4", "10.1.0.0/16")).isTrue();
        assertThat(knows(r, "r4", "10.5.0.0/16")).as("denied by the implicit deny").isFalse();
        assertThat(knows(r, "r2", "10.5.0.0/16")).isTrue();
    }

    @Test
    void a_blackhole_community_drops_the_traffic_to_the_prefix_at_the_provider() {
        String yaml = """
                name: blackhole
                seed: 2
                duration: 60s
                nodes:
                  - {name: r1, kind: router, as: 1, bgp: {networks: [10.1.0.0/16], neighbors: [
                      {address: 10.0.12.2, remote-as: 2, relationship: customer}]}}
                  - name: r2
                    kind: router
                    as: 2
                    bgp:
                      networks: [10.2.0.0/16, {prefix: 10.2.1.10/32, communities: [blackhole]}]
                      neighbors: [{address: 10.0.12.1, remote-as: 1, relationship: provider}]
                  - {name: h1, kind: host, routes: ["default via 10.1.1.1"]}
                  - {name: h2, kind: host, routes: ["default via 10.2.1.1"]}
                links:
                  - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 1ms}
                  - {a: r1 10.1.1.1/24, b: h1 10.1.1.10/24}
                  - {a: r2 10.2.1.1/24, b: h2 10.2.1.10/24}
                timeline:
                  - {at: 20s, on: h1, run: "ping -c 3 10.2.1.10"}
                  - {at: 30s, on: h1, run: "ping -c 3 10.2.1.1"}
                """;
        Runs.Result r = Runs.run(yaml);
        String out = String.join("\n", r.terminal("h1"));
        assertThat(out).contains("3 packets transmitted, 0 received, 100% packet loss");
        assertThat(out).contains("3 packets transmitted, 3 received, 0% packet loss");
        BgpSpeaker r1 = r.world().node("r1").service(BgpSpeaker.class);
        var e = r1.entry(new Prefix(Ip4.parse("10.2.1.10"), 32));
        assertThat(e.best().attrs().has(BgpMessage.BLACKHOLE)).isTrue();
        // the echo requests die at r1, the provider, not at r2 or h2
        assertThat(r.events(ev -> ev.is(IpEvents.DROP) && ev.get(IpEvents.REASON).equals("filtered-prerouting")
                && ev.get(IpEvents.DST).equals("10.2.1.10")).stream().map(TraceEvent::node).toList())
                .containsExactly("r1", "r1", "r1");
    }

    @Test
    void the_hold_timer_ends_a_session_whose_peer_fell_silent_and_the_routes_go_with_it() {
        String yaml = """
                name: hold
                seed: 2
                duration: 60s
                nodes:
                  - {name: r1, kind: router, as: 1, bgp: {timers: {hold: 9s, keepalive: 3s}, neighbors: [
                      {address: 10.0.12.2, remote-as: 2}]}}
                  - {name: r2, kind: router, as: 2, bgp: {networks: [10.2.0.0/16], neighbors: [
                      {address: 10.0.12.1, remote-as: 1}]}}
                links:
                  - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 1ms}
                timeline:
                  - {at: 20s, crash: r2}
                """;
        Runs.Result r = Runs.run(yaml);
        TraceEvent down = r.events(e -> e.is(BgpEvents.STATE) && e.node().equals("r1")
                && e.get(BgpEvents.FROM).equals("Established")).get(0);
        assertThat(down.get(BgpEvents.REASON)).isEqualTo("hold timer expired");
        // the last KEEPALIVE from r2 came before 20 s; 9 s later (negotiated: min(9, 180)) r1 gives up
        long lastKeepalive = r.events(e -> e.is(BgpEvents.RECEIVED) && e.node().equals("r1") && e.time() < 20_000_000_000L)
                .stream().mapToLong(TraceEvent::time).max().orElseThrow();
        assertThat(down.time()).isEqualTo(lastKeepalive + 9_000_000_000L);
        assertThat(r.events(e -> e.is(BgpEvents.BEST_PATH) && e.node().equals("r1")
                && e.get(BgpEvents.BEST).equals("none"))).hasSize(1);
        assertThat(r.world().node("r1").ip().route(Ip4.parse("10.2.0.1"))).isNull();
    }

    @Test
    void a_route_server_passes_routes_without_its_as_and_with_the_next_hop_unchanged() {
        String yaml = """
                name: ixp
                seed: 2
                duration: 60s
                nodes:
                  - {name: rs, kind: router, as: 9, bgp: {neighbors: [
                      {address: 10.0.1.2, remote-as: 1, route-server-client: true},
                      {address: 10.0.2.2, remote-as: 2, route-server-client: true}]}}
                  - {name: c1, kind: router, as: 1, routes: ["10.0.2.0/30 via 10.0.1.1"], bgp: {networks: [10.1.0.0/16],
                      neighbors: [{address: 10.0.1.1, remote-as: 9}]}}
                  - {name: c2, kind: router, as: 2, routes: ["10.0.1.0/30 via 10.0.2.1"], bgp: {networks: [10.2.0.0/16],
                      neighbors: [{address: 10.0.2.1, remote-as: 9}]}}
                links:
                  - {a: rs 10.0.1.1/30, b: c1 10.0.1.2/30, delay: 1ms}
                  - {a: rs 10.0.2.1/30, b: c2 10.0.2.2/30, delay: 1ms}
                """;
        Runs.Result r = Runs.run(yaml);
        var e = r.world().node("c1").service(BgpSpeaker.class).entry(new Prefix(Ip4.parse("10.2.0.0"), 16));
        assertThat(e.best().attrs().pathString()).isEqualTo("2");
        assertThat(Ip4.str(e.best().attrs().nextHop())).isEqualTo("10.0.2.2");
        assertThat(r.world().node("c1").ip().route(Ip4.parse("10.2.0.1")).toString())
                .isEqualTo("10.2.0.0/16 via 10.0.1.1 dev eth0 proto bgp metric 20 ");
        // the same sessions without route-server-client: the server's AS is in the path, and it is the next hop
        Runs.Result plain = Runs.run(yaml.replace(", route-server-client: true", ""));
        var p = plain.world().node("c1").service(BgpSpeaker.class).entry(new Prefix(Ip4.parse("10.2.0.0"), 16));
        assertThat(p.best().attrs().pathString()).isEqualTo("9 2");
        assertThat(Ip4.str(p.best().attrs().nextHop())).isEqualTo("10.0.1.1");
    }
}
