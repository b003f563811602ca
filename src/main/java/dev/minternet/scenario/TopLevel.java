package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.units.Units;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The scenario's own fields, read first: {@code name}, {@code description}, {@code seed},
 * {@code start}, {@code routing} and {@code duration}.
 *
 * @param durationNs the run's length, or -1 to run until nothing is left to do
 * @param warmUpNs how long the routers run before 0 s (0: they boot at 0 s with everything else)
 */
record TopLevel(String name, String description, long seed, Instant start, Routing routing, long durationNs,
                long warmUpNs) {
    /** The longest warm-up a scenario may ask for: an hour of the routers' time before 0 s. */
    static final long MAX_WARM_UP_NS = 3_600_000_000_000L;

    /**
     * The longest run: a million hours (114 years) of simulated time. The clock counts nanoseconds
     * in a long (292 years), so what the run's last instant adds (a link's delay, a timer) still
     * lands on a time the clock can hold.
     */
    static final long MAX_DURATION_NS = 1_000_000L * 3_600_000_000_000L;

    static final long DEFAULT_SEED = 1;
    static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    static TopLevel read(Obj top) throws ScenarioException {
        String name = nonBlank(top.req("name", "a short name for this scenario"));
        String description = top.opt("description", "", v -> v.text().strip());
        long seed = top.opt("seed", DEFAULT_SEED, v -> v.integer(Long.MIN_VALUE, Long.MAX_VALUE));
        Instant start = top.opt("start", DEFAULT_START, TopLevel::instant);
        Routing routing = top.opt("routing", Routing.STATIC, v -> v.choice(Routing.class));
        long durationNs = top.opt("duration", -1L, v -> {
            long ns = Fields.positiveDuration(v);
            if (ns > MAX_DURATION_NS) {
                throw v.error("must be at most 1000000h (114 years), got " + Yaml.oneLine(v.text().strip()));
            }
            return ns;
        });
        long warmUpNs = top.opt("warm-up", 0L, v -> {
            long ns = v.parse(Units::durationNs);
            if (ns < 0 || ns > MAX_WARM_UP_NS) {
                throw v.error("must be between 0s and 1h (how long the routers run before 0 s)");
            }
            return ns;
        });
        return new TopLevel(name, description, seed, start, routing, durationNs, warmUpNs);
    }

    boolean hasDuration() {
        return durationNs >= 0;
    }

    /** When the run ends: the scenario's duration, or the runner's limit without one. */
    long runEndNs() {
        return hasDuration() ? durationNs : ScenarioRunner.DEFAULT_LIMIT_NS;
    }

    private static String nonBlank(Val v) throws ScenarioException {
        String s = v.text().strip();
        if (s.isEmpty()) {
            throw v.error("must not be empty");
        }
        return s;
    }

    private static Instant instant(Val v) throws ScenarioException {
        String s = v.text().strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw v.error("bad start time '" + Yaml.oneLine(s)
                    + "' (expected an ISO-8601 UTC instant such as 2026-01-01T00:00:00Z)");
        }
    }
}
