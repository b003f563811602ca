package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;

/**
 * The {@code generate:} section (docs/scenarios.md "Generated internet"): {@code internet:} with
 * {@code seed}, {@code ases}, the {@code shares} of tier-1, transit, content and stub ASes and the
 * number of exchange points {@code ixps}. The values are checked here, each at its own position;
 * {@link InternetPlan} then draws the internet and writes it as nodes, links and LANs that the
 * loader reads before the scenario's own.
 */
final class InternetReader {
    private static final String[] GENERATORS = {"internet"};
    private static final String[] FIELDS = {"seed", "ases", "shares", "ixps"};
    private static final String[] SHARES = {"tier-1", "transit", "content", "stub"};
    static final double DEFAULT_TIER1 = 0.02;
    static final double DEFAULT_TRANSIT = 0.18;
    static final double DEFAULT_CONTENT = 0.10;
    /** The label of the generated sections in locations. */
    static final String FILE = "<generate: internet>";

    private InternetReader() {
    }

    /** Reads {@code generate:} and draws the plan; the nodes and links must fit {@code limits}. */
    static InternetPlan read(Val v, TopLevel head, Val routingVal, Limits limits) throws ScenarioException {
        Obj g = v.obj(GENERATORS);
        Val iv = g.req("internet", "the generator's settings, e.g. internet: {ases: 100}");
        Obj o = iv.obj(FIELDS);
        if (!head.hasDuration()) {
            throw iv.error("a generated internet runs BGP and OSPF, whose keepalives and hellos never let a run end:"
                    + " set the scenario's duration (e.g. duration: 10m)");
        }
        if (head.routing() == Routing.GLOBAL) {
            throw routingVal.error("routing: global computes every route itself; a generated internet runs OSPF and"
                    + " BGP: leave routing out (static, the default)");
        }
        long seed = o.opt("seed", head.seed(), x -> x.integer(Long.MIN_VALUE, Long.MAX_VALUE));
        Val av = o.req("ases", "how many autonomous systems, e.g. ases: 100");
        int ases = (int) av.integer(2, InternetPlan.MAX_ASES);
        double t1 = DEFAULT_TIER1;
        double tr = DEFAULT_TRANSIT;
        double co = DEFAULT_CONTENT;
        Val sv = o.opt("shares");
        if (sv != null) {
            Obj s = sv.obj(SHARES);
            t1 = s.opt("tier-1", t1, x -> x.parse(Units::probability));
            tr = s.opt("transit", tr, x -> x.parse(Units::probability));
            co = s.opt("content", co, x -> x.parse(Units::probability));
            double sum = t1 + tr + co;
            Val stub = s.opt("stub");
            if (stub != null) {
                double st = stub.parse(Units::probability);
                if (Math.abs(sum + st - 1) > 1e-6) {
                    throw stub.error("the four shares add up to " + fmt(sum + st) + ", not 1 (tier-1 " + fmt(t1)
                            + ", transit " + fmt(tr) + ", content " + fmt(co) + ", stub " + fmt(st)
                            + "); leave stub out to give it the rest");
                }
            } else if (sum > 1 + 1e-6) {
                throw sv.error("tier-1, transit and content add up to " + fmt(sum) + ", more than 1 (unwritten shares"
                        + " take their defaults: tier-1 0.02, transit 0.18, content 0.1)");
            }
        }
        int maxIxps = Cities.ALL.size();
        Val xv = o.opt("ixps");
        int ixps = xv == null ? Math.min(maxIxps, (ases + 249) / 250) : (int) xv.integer(0, maxIxps);
        InternetPlan plan = InternetPlan.generate(new InternetPlan.Spec(seed, ases, t1, tr, co, ixps));
        if (plan.nodeCount() > limits.nodes()) {
            throw av.error(ases + " ASes make " + Limits.count(plan.nodeCount()) + " nodes, over the limit of "
                    + Limits.count(limits.nodes()) + " (" + Limits.howToRaise("nodes") + ")");
        }
        if (plan.linkCount() > limits.links()) {
            throw av.error(ases + " ASes make " + Limits.count(plan.linkCount()) + " links, over the limit of "
                    + Limits.count(limits.links()) + " (" + Limits.howToRaise("links") + ")");
        }
        return plan;
    }

    private static String fmt(double d) {
        return java.math.BigDecimal.valueOf(d).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }
}
