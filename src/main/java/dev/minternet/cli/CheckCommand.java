package dev.minternet.cli;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.TimelineFiles;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.node.World;
import dev.minternet.tools.registry.Pipeline;
import dev.minternet.tools.registry.ToolRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import dev.minternet.scenario.Visible;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** minternet check SCENARIO: validates without running. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a scenario: syntax, fields, addresses, links, routes, timeline commands and the files "
                + "they name, each command's options; database seeds run in the sandbox. Exit 0 when valid (with a warning on "
                + "stderr for each subnet some host has no route to), 2 with a file:line:column error otherwise.",
                "Example: minternet check examples/hello-internet.yaml"})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO")
    Path scenario;

    @Mixin
    LimitOptions limitOptions;

    @Override
    public Integer call() throws ScenarioException {
        Scenario s = ScenarioLoader.load(scenario, limitOptions.limits());
        for (int i = 0; i < s.timeline().size(); i++) {
            if (s.timeline().get(i) instanceof RunCommand r) {
                String path = "timeline[" + i + "].run";
                List<String> words;
                try {
                    List<String> stages = Pipeline.stages(r.command()); // a pipe into grep, head, tail or wc
                    words = ToolRegistry.split(stages.get(0));
                    Pipeline.chain(stages.subList(1, stages.size()));
                } catch (IllegalArgumentException x) {
                    throw new ScenarioException(r.loc(), path, x.getMessage());
                }
                if (words.isEmpty() || ToolRegistry.get(words.get(0)) == null) {
                    throw new ScenarioException(r.loc(), path, "unknown command '"
                            + (words.isEmpty() ? "" : words.get(0)) + "' (available: "
                            + String.join(", ", ToolRegistry.all().stream().map(t -> t.name()).toList()) + ")");
                }
                try {
                    if (dev.minternet.tools.ToolInfo.answer(words.get(0), words.subList(1, words.size())) != null) {
                        continue; // -V, --help: printed, whatever else is on the line
                    }
                    ToolRegistry.get(words.get(0)).validate(words.subList(1, words.size()));
                } catch (IllegalArgumentException x) {
                    throw new ScenarioException(r.loc(), path, words.get(0) + ": " + x.getMessage());
                }
            }
        }
        TimelineFiles.check(s);
        World world = WorldBuilder.build(s);
        if (s.nodes().stream().anyMatch(n -> n.ospf() != null || n.ospf6() != null)) {
            // OSPF routes exist only once the routers have talked: let them run (no timeline) for
            // up to a minute of simulated time, enough for adjacencies and SPF, before judging routes
            world.sim().runUntil(Math.min(s.durationNs(), OSPF_SETTLE_NS));
        }
        for (String w : Reachability.warnings(world)) {
            System.err.println(Visible.escape(scenario + ": warning: " + w));
        }
        System.out.println(Visible.escape(scenario + ": OK (" + s.nodes().size() + " nodes, " + s.links().size()
                + " links, " + s.timeline().size() + " timeline entries)"));
        return 0;
    }

    /** How long {@code check} lets OSPF routers converge before it follows their routes. */
    static final long OSPF_SETTLE_NS = 60_000_000_000L;
}
