package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.LinkState;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.scenario.Scenario.TimelineEntry;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.sim.Durations;
import dev.minternet.units.Units;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code timeline:}: when it happens ({@code at}, before the run ends) and its one
 * action: a command typed on a node's terminal ({@code run} with {@code on}), a link failing or
 * coming back ({@code fail-link}, {@code restore-link}), a node crashing or booting again
 * ({@code crash}, {@code restore}), a line typed into the command running on a node's terminal
 * ({@code input} with {@code on}).
 */
final class TimelineReader {
    private static final String[] EVENT_FIELDS = {"at", "on", "run", "input", "fail-link", "restore-link", "crash", "restore",
        "deregister", "from"};
    private static final String[] ACTIONS = {"run", "input", "fail-link", "restore-link", "crash", "restore", "deregister"};
    /** The scenario's network load balancers, for {@code deregister}. */
    List<dev.minternet.netfilter.NlbFabric.Spec> nlbs = List.of();

    private final Topology world;
    /** When the run ends: the scenario's duration, or the runner's limit without one. */
    private final long runEndNs;
    private final boolean hasDuration;

    TimelineReader(Topology world, TopLevel top) {
        this.world = world;
        this.runEndNs = top.runEndNs();
        this.hasDuration = top.hasDuration();
    }

    TimelineEntry read(Val v) throws ScenarioException {
        Obj o = v.obj(EVENT_FIELDS);
        List<String> actions = new ArrayList<>();
        for (String a : ACTIONS) {
            if (o.has(a)) {
                actions.add(a);
            }
        }
        Val atVal = o.req("at", "when it happens, e.g. at: 1s");
        long at = atVal.parse(Units::durationNs);
        if (at > runEndNs) {
            throw atVal.error("never happens: the run ends at " + Durations.seconds(runEndNs)
                    + (hasDuration ? " (the scenario's duration)"
                    : " (the limit of a run without a duration; set duration: to run longer)"));
        }
        if (actions.isEmpty()) {
            throw new ScenarioException(o.loc(), v.path, "no action (write one of: " + String.join(", ", ACTIONS) + ")");
        }
        if (actions.size() > 1) {
            String second = actions.get(1);
            throw new ScenarioException(o.keyLoc(second), o.raw(second).path, "more than one action ('"
                    + actions.get(0) + "' and '" + second + "'); write one action per timeline entry");
        }
        String action = actions.get(0);
        if (o.has("from") && !action.equals("deregister")) {
            throw new ScenarioException(o.keyLoc("from"), o.raw("from").path, "'from' goes only with 'deregister'");
        }
        if (action.equals("deregister")) {
            return deregister(o, at);
        }
        if (action.equals("crash") || action.equals("restore")) {
            if (o.has("on")) {
                throw new ScenarioException(o.keyLoc("on"), o.raw("on").path, "'on' goes only with 'run' or 'input' (write "
                        + action + ": NODE)");
            }
            Val nodeVal = o.req(action, "the name of a node");
            String nodeName = world.knownNode(nodeVal);
            return new Scenario.NodeState(at, nodeName, action.equals("restore"), o.loc());
        }
        if (action.equals("input")) {
            return input(o, at);
        }
        if (!action.equals("run")) {
            if (o.has("on")) {
                throw new ScenarioException(o.keyLoc("on"), o.raw("on").path, "'on' goes only with 'run' or 'input' ("
                        + action + " names a link, not a node)");
            }
            Val linkVal = o.req(action, "the name of a link");
            String linkName = world.knownLink(linkVal);
            return new LinkState(at, linkName, action.equals("restore-link"), o.loc());
        }
        Val run = o.raw("run");
        String command = run.isNull() ? "" : run.text().strip();
        if (command.isEmpty()) {
            throw new ScenarioException(run.isNull() ? o.keyLoc("run") : run.loc(), run.path,
                    "empty command (write the command line to type, e.g. run: \"ping -c 4 server\")");
        }
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw run.error("a command must be a single line");
        }
        Val onVal = o.req("on", "'run' needs the node whose terminal runs the command");
        String node = world.knownNode(onVal);
        return new RunCommand(at, node, command, o.loc());
    }

    /** {@code deregister: INSTANCE, from: NLB}: the instance leaves the balancer's target groups. */
    private TimelineEntry deregister(Obj o, long at) throws ScenarioException {
        if (o.has("on")) {
            throw new ScenarioException(o.keyLoc("on"), o.raw("on").path, "'on' goes only with 'run' or 'input' (write"
                    + " deregister: INSTANCE, from: NLB)");
        }
        Val tv = o.req("deregister", "the target instance");
        Val fv = o.req("from", "the network load balancer it leaves");
        String from = fv.text().strip();
        List<String> names = new ArrayList<>();
        for (dev.minternet.netfilter.NlbFabric.Spec s : nlbs) {
            names.add(s.name());
            if (!s.name().equals(from)) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            for (dev.minternet.netfilter.NlbFabric.Group g : s.groups()) {
                for (dev.minternet.netfilter.NlbFabric.Target t : g.targets()) {
                    if (!targets.contains(t.node())) {
                        targets.add(t.node());
                    }
                }
            }
            String target = tv.text().strip();
            if (!targets.contains(target)) {
                throw tv.error("'" + Yaml.oneLine(target) + "' is not a target of network load balancer " + from
                        + " (targets: " + String.join(", ", targets) + ")");
            }
            return new Scenario.Deregister(at, from, target, o.loc());
        }
        throw fv.error("unknown network load balancer '" + Yaml.oneLine(from) + "' (" + (names.isEmpty()
                ? "the scenario has none" : "network load balancers: " + String.join(", ", names)) + ")");
    }

    /**
     * {@code input: TEXT} with {@code on}: a line typed on the node's terminal, read by the command
     * running there ({@code websocat}); {@code "^D"} is Ctrl-D, the end of input.
     */
    private TimelineEntry input(Obj o, long at) throws ScenarioException {
        Val in = o.raw("input");
        String line = in.isNull() ? "" : in.text();
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw in.error("an input is a single line (write one entry per line)");
        }
        Val onVal = o.req("on", "'input' needs the node whose terminal it is typed on");
        return new Scenario.Input(at, world.knownNode(onVal), line, o.loc());
    }
}
