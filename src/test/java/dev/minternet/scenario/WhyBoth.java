package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;

/** What {@code why} says of one flow in a cloud scenario and what a real probe of it met; the two must agree. */
record WhyBoth(Why.Verdict verdict, Why.Probe probe) {

    /**
     * Builds {@code yaml} (read as {@code file}), runs it for a second, then analyses and probes
     * {@code from} -> {@code to}:{@code port}; fails when the probe's outcome is not the analysis's.
     */
    static WhyBoth ask(String file, String yaml, String from, String to, int port, Why.Proto proto)
            throws ScenarioException {
        Scenario s = ScenarioLoader.parse(file, yaml);
        World w = WorldBuilder.build(s);
        w.sim().runUntil(1_000_000_000L);
        Node src = w.node(from);
        int dst = w.resolve(to);
        Why.Verdict v = Why.analyze(w, s.cloud(), src, dst, port, proto, Why.SOURCE_PORT);
        Why.Probe p = Why.probe(w, src, dst, port, proto, Why.SOURCE_PORT);
        assertThat(p.outcome()).as("probe vs analysis: %s / %s", p.detail(), v.summary()).isEqualTo(v.outcome());
        return new WhyBoth(v, p);
    }
}
