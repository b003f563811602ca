package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.wire.Ip4;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Why}'s analysis against the real thing: random (source, destination, port, protocol)
 * cases over the three cloud examples (the working shop and its two broken variants), each
 * analysed and then probed in the same world; the two must agree, and the analysis must name
 * the rule (or route, or socket) that decided.
 */
class WhyAgreementTest {
    private static final String[] EXAMPLES = {"examples/cloud-three-tier.yaml",
        "examples/cloud-three-tier-nacl-ephemeral.yaml", "examples/cloud-three-tier-sg.yaml"};
    private static final int[] PORTS = {22, 53, 80, 443, 5432, 8080, 1024, 50000};
    private static final int CASES_PER_EXAMPLE = 70;

    @Test
    void the_analysis_agrees_with_the_probe_on_random_cases() throws Exception {
        SplittableRandom rnd = new SplittableRandom(16);
        Map<Why.Outcome, Integer> seen = new EnumMap<>(Why.Outcome.class);
        List<String> disagreements = new ArrayList<>();
        int cases = 0;
        for (String example : EXAMPLES) {
            Scenario s = ScenarioLoader.load(Path.of(example));
            World w = WorldBuilder.build(s);
            w.sim().runUntil(1_000_000_000L);
            List<Node> hosts = w.nodes().stream().filter(n -> n.kind() == Node.Kind.HOST).toList();
            List<Integer> targets = new ArrayList<>();
            for (Node n : w.nodes()) {
                targets.add(n.ip().primaryAddress());
            }
            for (String pub : new String[] {"198.51.100.10", "198.51.100.22", "198.51.100.5", "198.51.100.99"}) {
                targets.add(Ip4.parse(pub));
            }
            for (int i = 0; i < CASES_PER_EXAMPLE; i++) {
                Node src = hosts.get(rnd.nextInt(hosts.size()));
                int dst = targets.get(rnd.nextInt(targets.size()));
                if (src.ip().isLocalAddress(dst)) {
                    i--;
                    continue;
                }
                int k = rnd.nextInt(10);
                Why.Proto proto = k < 6 ? Why.Proto.TCP : k < 8 ? Why.Proto.UDP : Why.Proto.ICMP;
                int port = proto == Why.Proto.ICMP ? -1 : PORTS[rnd.nextInt(PORTS.length)];
                int sport = 40000 + cases;
                Why.Verdict v = Why.analyze(w, s.cloud(), src, dst, port, proto, sport);
                Why.Probe p = Why.probe(w, src, dst, port, proto, sport);
                cases++;
                seen.merge(v.outcome(), 1, Integer::sum);
                assertThat(v.decidedBy()).as("deciding rule of %s", v.summary()).isNotBlank();
                if (p.outcome() != v.outcome()) {
                    disagreements.add(example + ": " + src.name() + " -> " + Ip4.str(dst) + ":" + port + " " + proto
                            + ": analysis " + v.outcome() + " (" + v.summary() + "), probe " + p.outcome() + " ("
                            + p.detail() + ")");
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(cases).isGreaterThanOrEqualTo(200);
        // The cases cover every outcome, so agreement is not the trivial kind.
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Why.Outcome.values());
    }

    /**
     * The same on worlds whose hosts sit on Ethernet segments (switches, an access point, DHCP):
     * a frame has no single far end there, and the analysis walked into "the link leads nowhere"
     * where the probe connected. Each (source, destination) pair, TCP to a port a service of the
     * default world listens on.
     */
    @Test
    void on_switched_and_wireless_segments_the_analysis_agrees_with_the_probe() throws Exception {
        List<String> disagreements = new ArrayList<>();
        Map<Why.Outcome, Integer> seen = new EnumMap<>(Why.Outcome.class);
        int cases = 0;
        for (String example : new String[] {null, "examples/lan-switching.yaml", "examples/wifi.yaml", "examples/dhcp.yaml"}) {
            Scenario s = example == null ? DefaultWorld.load() : ScenarioLoader.load(Path.of(example));
            World w = WorldBuilder.build(s);
            w.sim().runUntil(w.sim().now() + 60_000_000_000L); // past DHCP, ARP and the spanning tree (30 s)
            List<Node> hosts = w.nodes().stream().filter(n -> n.kind() == Node.Kind.HOST && n.ip().primaryAddress() != 0)
                    .toList();
            SplittableRandom rnd = new SplittableRandom(13);
            for (int i = 0; i < 25; i++) {
                Node src = hosts.get(rnd.nextInt(hosts.size()));
                Node dst = hosts.get(rnd.nextInt(hosts.size()));
                if (src == dst) {
                    continue;
                }
                int port = new int[] {80, 443, 22}[rnd.nextInt(3)];
                int sport = 41000 + cases++;
                Why.Verdict v = Why.analyze(w, s.cloud(), src, dst.ip().primaryAddress(), port, Why.Proto.TCP, sport);
                Why.Probe p = Why.probe(w, src, dst.ip().primaryAddress(), port, Why.Proto.TCP, sport);
                seen.merge(v.outcome(), 1, Integer::sum);
                if (p.outcome() != v.outcome()) {
                    disagreements.add((example == null ? "default world" : example) + ": " + src.name() + " -> "
                            + dst.name() + ":" + port + ": analysis " + v.outcome() + " (" + v.summary() + "), probe "
                            + p.outcome() + " (" + p.detail() + ")");
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(seen).containsKey(Why.Outcome.OPEN);
    }
}
