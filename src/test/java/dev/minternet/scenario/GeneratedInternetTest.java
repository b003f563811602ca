package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.routing.bgp.BgpConfig.Neighbor;
import dev.minternet.routing.bgp.BgpConfig.Relationship;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.routing.bgp.RibEntry;
import dev.minternet.scenario.InternetPlan.As;
import dev.minternet.scenario.InternetPlan.Router;
import dev.minternet.scenario.InternetPlan.Tier;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code generate: internet}: the same seed draws the same internet; its structure (tier-1 clique,
 * multihomed transit, exchange members without other relationships); every best path in every
 * router is valley-free; every host reaches every other host; link delays follow the distance
 * formula computed here independently; bad values are reported at their place.
 */
class GeneratedInternetTest {
    private static final String YAML = """
            name: gen
            seed: 5
            duration: 260s
            generate:
              internet: {ases: 14, shares: {tier-1: 0.2, transit: 0.3, content: 0.15}, ixps: 2}
            """;

    @Test
    void the_same_seed_draws_the_same_internet_and_another_seed_another() throws ScenarioException {
        Scenario a = ScenarioLoader.parse("a.yaml", YAML);
        Scenario b = ScenarioLoader.parse("a.yaml", YAML);
        assertThat(a.nodes()).isEqualTo(b.nodes());
        assertThat(a.links()).isEqualTo(b.links());
        assertThat(a.lans()).isEqualTo(b.lans());
        InternetPlan.Spec spec = new InternetPlan.Spec(5, 14, 0.2, 0.3, 0.15, 2);
        assertThat(InternetPlan.generate(spec).yaml()).isEqualTo(InternetPlan.generate(spec).yaml());
        assertThat(InternetPlan.generate(new InternetPlan.Spec(6, 14, 0.2, 0.3, 0.15, 2)).yaml())
                .isNotEqualTo(InternetPlan.generate(spec).yaml());
        // the scenario's seed is the generator's unless it has its own
        Scenario c = ScenarioLoader.parse("a.yaml", YAML.replace("seed: 5", "seed: 6"));
        assertThat(c.links()).isNotEqualTo(a.links());
        Scenario d = ScenarioLoader.parse("a.yaml", YAML.replace("seed: 5", "seed: 6").replace("{ases: 14", "{seed: 5, ases: 14"));
        assertThat(d.links()).isEqualTo(a.links());
    }

    @Test
    void the_tiers_are_wired_as_the_plan_says() {
        InternetPlan p = InternetPlan.generate(new InternetPlan.Spec(5, 14, 0.2, 0.3, 0.15, 2));
        assertThat(p.ases.stream().map(a -> a.tier).toList()).containsExactly(Tier.TIER1, Tier.TIER1, Tier.TIER1,
                Tier.TRANSIT, Tier.TRANSIT, Tier.TRANSIT, Tier.TRANSIT, Tier.CONTENT, Tier.CONTENT, Tier.STUB,
                Tier.STUB, Tier.STUB, Tier.STUB, Tier.STUB);
        for (As a : p.ases) {
            switch (a.tier) {
                case TIER1 -> {
                    assertThat(a.peers).hasSize(2);
                    assertThat(a.providers).isEmpty();
                }
                case TRANSIT -> assertThat(a.providers).hasSize(2).allMatch(x -> x.tier == Tier.TIER1);
                case CONTENT -> assertThat(a.providers).hasSize(2).allMatch(x -> x.tier == Tier.TRANSIT);
                case STUB -> assertThat(a.providers).hasSizeBetween(1, 2).allMatch(x -> x.tier == Tier.TRANSIT);
            }
            assertThat(a.routers).hasSize(a.tier == Tier.TIER1 || a.tier == Tier.TRANSIT ? 3 : 2);
        }
        int members = 0;
        for (InternetPlan.Ixp x : p.ixps) {
            for (As m : x.members()) {
                members++;
                assertThat(m.tier).isIn(Tier.TRANSIT, Tier.CONTENT);
                assertThat(x.members()).noneMatch(o -> o != m && m.related(o));
            }
        }
        assertThat(members).isGreaterThanOrEqualTo(2);
    }

    @Test
    void best_paths_are_valley_free_and_every_host_reaches_every_other() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("gen.yaml", YAML);
        List<Scenario.NodeSpec> hosts = s.nodes().stream().filter(n -> n.kind() == Scenario.NodeKind.HOST).toList();
        Map<String, String> address = new HashMap<>();
        for (Scenario.LinkSpec l : s.links()) {
            address.put(l.b().node(), Ip4.str(l.b().address().address()));
        }
        StringBuilder timeline = new StringBuilder("timeline:\n");
        int pairs = 0;
        for (Scenario.NodeSpec from : hosts) {
            for (Scenario.NodeSpec to : hosts) {
                if (from != to) {
                    timeline.append("  - {at: 240s, on: ").append(from.name()).append(", run: \"ping -c 1 ")
                            .append(address.get(to.name())).append("\"}\n");
                    pairs++;
                }
            }
        }
        assertThat(hosts).hasSize(7);
        Runs.Result r = Runs.run(YAML + timeline);
        assertThat(r.text().lines().filter(l -> l.contains("1 packets transmitted, 1 received, 0% packet loss")))
                .hasSize(pairs);

        // relationships as configured: each eBGP session's, and peers through each route server
        Map<Long, Map<Long, Relationship>> rel = new HashMap<>();
        List<BgpSpeaker> speakers = new ArrayList<>();
        long lastUpdate = 0;
        for (Node n : r.world().nodes()) {
            BgpSpeaker sp = n.service(BgpSpeaker.class);
            if (sp == null) {
                continue;
            }
            speakers.add(sp);
            lastUpdate = Math.max(lastUpdate, sp.lastUpdateNs());
            List<Long> clients = new ArrayList<>();
            for (Neighbor nb : sp.config().neighbors()) {
                if (nb.routeServerClient()) {
                    clients.add(nb.remoteAs());
                } else if (nb.relationship() != null && nb.remoteAs() < InternetPlan.FIRST_RS_AS) {
                    rel.computeIfAbsent(sp.config().as(), k -> new HashMap<>()).put(nb.remoteAs(), nb.relationship());
                }
            }
            for (long x : clients) {
                for (long y : clients) {
                    if (x != y) {
                        Relationship old = rel.computeIfAbsent(x, k -> new HashMap<>()).put(y, Relationship.PEER);
                        assertThat(old).as("AS %d and AS %d have one relationship", x, y).isIn(null, Relationship.PEER);
                    }
                }
            }
        }
        assertThat(lastUpdate).as("BGP converged before the pings").isLessThan(240_000_000_000L - 30_000_000_000L);
        int paths = 0;
        int throughPeers = 0;
        for (BgpSpeaker sp : speakers) {
            if (sp.config().as() >= InternetPlan.FIRST_RS_AS) {
                continue; // a route server relays, it is not on any path
            }
            for (RibEntry e : sp.rib()) {
                if (e.best() == null || e.best().local()) {
                    continue;
                }
                List<Long> path = new ArrayList<>();
                path.add(sp.config().as());
                for (int as : e.best().attrs().asPath()) {
                    if (Integer.toUnsignedLong(as) != path.get(path.size() - 1)) {
                        path.add(Integer.toUnsignedLong(as));
                    }
                }
                assertThat(valleyFree(rel, path)).as("%s: %s %s", sp.node().name(), e.prefix(), path).isTrue();
                paths++;
                throughPeers += path.size() > 1 && crossesPeer(rel, path) ? 1 : 0;
            }
        }
        // 14 prefixes on each of the 36 routers (less their own), and some of them learned over peerings
        assertThat(paths).isGreaterThan(36 * 12);
        assertThat(throughPeers).isGreaterThan(0);
    }

    /**
     * {@code path} is the observer's AS, then the AS path toward the origin. Read from the origin,
     * every hop must go up (to a provider) until at most one peering, then only down.
     */
    static boolean valleyFree(Map<Long, Map<Long, Relationship>> rel, List<Long> path) {
        boolean down = false;
        for (int i = path.size() - 1; i > 0; i--) {
            long sender = path.get(i);
            long receiver = path.get(i - 1);
            Relationship r = rel.getOrDefault(receiver, Map.of()).get(sender); // the sender as the receiver sees it
            if (r == null) {
                return false; // no session between them: not a path at all
            }
            switch (r) {
                case CUSTOMER -> {
                    if (down) {
                        return false; // a route going up again after a peering or a provider
                    }
                }
                case PEER -> {
                    if (down) {
                        return false;
                    }
                    down = true;
                }
                case PROVIDER -> down = true;
            }
        }
        return true;
    }

    private static boolean crossesPeer(Map<Long, Map<Long, Relationship>> rel, List<Long> path) {
        for (int i = path.size() - 1; i > 0; i--) {
            if (rel.getOrDefault(path.get(i - 1), Map.of()).get(path.get(i)) == Relationship.PEER) {
                return true;
            }
        }
        return false;
    }

    @Test
    void the_valley_checker_refuses_valleys() {
        Map<Long, Map<Long, Relationship>> rel = new HashMap<>();
        // 1 and 2 peer; 3 is a customer of 1 and of 2; 4 peers with 2
        rel.put(1L, Map.of(2L, Relationship.PEER, 3L, Relationship.CUSTOMER));
        rel.put(2L, Map.of(1L, Relationship.PEER, 3L, Relationship.CUSTOMER, 4L, Relationship.PEER));
        rel.put(3L, Map.of(1L, Relationship.PROVIDER, 2L, Relationship.PROVIDER));
        rel.put(4L, Map.of(2L, Relationship.PEER));
        assertThat(valleyFree(rel, List.of(3L, 1L, 2L, 3L))).isTrue(); // up, across, down (loop aside)
        assertThat(valleyFree(rel, List.of(1L, 3L, 2L))).isFalse(); // provider -> customer -> provider
        assertThat(valleyFree(rel, List.of(1L, 2L, 4L))).isFalse(); // peer -> peer
        assertThat(valleyFree(rel, List.of(4L, 2L, 1L))).isFalse(); // peer -> peer the other way
        assertThat(valleyFree(rel, List.of(4L, 2L, 3L))).isTrue(); // a customer's route to a peer
        assertThat(valleyFree(rel, List.of(4L, 3L))).isFalse(); // no session
    }

    /** The test's own great-circle delay: haversine on a 6,371 km sphere, x1.5, at 2/3 c, 10 km at least. */
    private static long expectedDelayNs(Cities.City a, Cities.City b) {
        double r = 6371.0;
        double f1 = Math.toRadians(a.lat());
        double f2 = Math.toRadians(b.lat());
        double h = Math.pow(Math.sin((f2 - f1) / 2), 2)
                + Math.cos(f1) * Math.cos(f2) * Math.pow(Math.sin(Math.toRadians(b.lon() - a.lon()) / 2), 2);
        double km = Math.max(10.0, 2 * r * Math.asin(Math.sqrt(h)));
        double seconds = km * 1000 * 1.5 / (299_792_458.0 * 2 / 3);
        return Math.round(seconds * 1e9);
    }

    private static Cities.City city(String name) {
        return Cities.ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void link_delays_follow_the_distance_between_cities() throws ScenarioException {
        // London to New York: about 5,570 km of great circle, 8,355 km of fibre, 41.8 ms one way
        long ny = Cities.delayNs(city("london"), city("new-york"));
        assertThat(ny).isEqualTo(expectedDelayNs(city("london"), city("new-york"))).isBetween(41_500_000L, 42_100_000L);
        assertThat(Cities.delayNs(city("paris"), city("paris"))).isEqualTo(expectedDelayNs(city("paris"), city("paris")));

        InternetPlan p = InternetPlan.generate(new InternetPlan.Spec(5, 14, 0.2, 0.3, 0.15, 2));
        Map<String, Cities.City> where = new HashMap<>();
        for (As a : p.ases) {
            for (Router r : a.routers) {
                where.put(r.name, r.city);
            }
            if (a.hasHost()) {
                where.put(a.host(), a.routers.get(0).city);
            }
        }
        Scenario s = ScenarioLoader.parse("gen.yaml", YAML);
        int longHaul = 0;
        for (Scenario.LinkSpec l : s.links()) {
            Cities.City a = where.get(l.a().node());
            Cities.City b = where.get(l.b().node());
            assertThat(l.delayNs()).as(l.name()).isEqualTo(expectedDelayNs(a, b));
            longHaul += a != b ? 1 : 0;
        }
        assertThat(longHaul).isGreaterThan(10);
        for (Scenario.LanSpec lan : s.lans()) {
            InternetPlan.Ixp x = p.ixps.stream().filter(i -> i.name().equals(lan.name())).findFirst().orElseThrow();
            for (Scenario.LanPort port : lan.ports()) {
                Cities.City c = where.getOrDefault(port.end().node(), x.city()); // the route server sits at the exchange
                long d = port.delayNs() < 0 ? lan.delayNs() : port.delayNs(); // -1: the LAN's own
                assertThat(d).as(port.end().node()).isEqualTo(expectedDelayNs(c, x.city()));
            }
        }
    }

    private static String gen(String internet) {
        return "name: t\nduration: 60s\ngenerate:\n  internet:\n" + internet;
    }

    @Test
    void bad_values_are_reported_where_they_are_written() {
        assertProblem(gen("    ases: 1\n"), 5, 11, "generate.internet.ases", "expected an integer from 2 to 16384, got 1");
        assertProblem(gen("    ases: many\n"), 5, 11, "generate.internet.ases", "got 'many'");
        assertProblem(gen("    seed: 3\n"), 5, 5, "generate.internet.ases", "missing required field 'ases'");
        assertProblem(gen("    ases: 10\n    ixps: 51\n"), 6, 11, "generate.internet.ixps",
                "expected an integer from 0 to 50");
        assertProblem(gen("    ases: 10\n    shares: {tier-1: 0.5, transit: 0.4, content: 0.2}\n"), 6, 13,
                "generate.internet.shares", "add up to 1.1, more than 1");
        assertProblem(gen("    ases: 10\n    shares: {tier-1: 0.1, stub: 0.5}\n"), 6, 33,
                "generate.internet.shares.stub", "the four shares add up to 0.88, not 1");
        assertProblem(gen("    ases: 10\n    shares: {transit: 2}\n"), 6, 23, "generate.internet.shares.transit",
                "within 0..1");
        assertProblem(gen("    ases: 10\n    shares: {tier1: 0.1}\n"), 6, 14, "generate.internet.shares.tier1",
                "unknown field 'tier1' (allowed: tier-1, transit, content, stub)");
        assertProblem(gen("    ases: 10\n    routers: 3\n"), 6, 5, "generate.internet.routers", "unknown field 'routers'");
        assertProblem("name: t\nduration: 60s\ngenerate:\n  web: {}\n", 4, 3, "generate.web",
                "unknown field 'web' (allowed: internet)");
        assertProblem(gen("    ases: 10\n").replace("duration: 60s\n", ""), 4, 5, "generate.internet",
                "set the scenario's duration");
        assertProblem(gen("    ases: 10\n").replace("duration: 60s\n", "duration: 60s\nrouting: global\n"), 3, 10,
                "routing", "routing: global computes every route itself");
        assertProblem(gen("    ases: 5000\n"), 5, 11, "generate.internet.ases",
                "5000 ASes make 15,020 nodes, over the limit of 10,000 (raise it with --limit nodes=N)");
        // a node of the file's own may not take a generated name
        assertProblem(gen("    ases: 3\nnodes:\n  - {name: as1000-r0, kind: host}\n"), 7, 12, "nodes[0].name",
                "duplicate node name 'as1000-r0' (generate: internet makes a node of that name)");
    }
}
