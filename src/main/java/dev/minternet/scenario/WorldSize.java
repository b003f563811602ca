package dev.minternet.scenario;

import java.util.List;

/**
 * The size of the world a scenario asks for, checked against {@link Limits} as soon as the lists
 * are parsed and before anything is built: the error points at the first item over the limit
 * (or at {@code routing: global}) and says how to raise it.
 */
final class WorldSize {
    private WorldSize() {
    }

    /** {@code items} (the scenario's {@code nodes} or {@code links}) may hold at most {@code max}. */
    static void check(List<Yaml.Val> items, int max, String what) throws ScenarioException {
        if (items.size() > max) {
            throw items.get(max).error("the world has " + Limits.count(items.size()) + " " + what
                    + ", over the limit of " + Limits.count(max) + " (" + Limits.howToRaise(what) + ")");
        }
    }

    /**
     * {@code routing: global} computes shortest paths between every pair of routers (and of hosts
     * with more than one link); its tables grow with the square of their number.
     */
    static void checkGlobalRouting(Yaml.Val routing, long routers, int max) throws ScenarioException {
        if (routers > max) {
            throw routing.error("global routing computes paths between all " + Limits.count(routers)
                    + " routers, over the limit of " + Limits.count(max) + " (its memory grows with their square; "
                    + Limits.howToRaise("global-routers") + ", or write static routes)");
        }
    }
}
