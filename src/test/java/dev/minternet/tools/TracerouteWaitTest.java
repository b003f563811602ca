package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * traceroute 2.1's HERE factor: a probe whose hop has answered another probe waits HERE times
 * that answer's round trip (plus 1 ms), not MAX. Here r rate-limits its ICMP errors to one, so of
 * hop 1's three probes only the first is answered.
 */
class TracerouteWaitTest {
    final World world = new World(1, Instant.parse("2026-12-06T09:00:00Z"));
    final Node a = world.addHost("a");
    final Node r = world.addRouter("r");
    final Node b = world.addHost("b");
    final RecordingTerminal term = new RecordingTerminal();

    TracerouteWaitTest() {
        world.connect(a, Cidr.parse("10.0.0.1/24"), r, Cidr.parse("10.0.0.2/24"), LinkParams.DEFAULT.withDelay(Durations.MS));
        world.connect(r, Cidr.parse("10.0.1.1/24"), b, Cidr.parse("10.0.1.2/24"), LinkParams.DEFAULT.withDelay(Durations.MS));
        GlobalRouting.install(world);
        r.ip().icmp().setErrorRateLimit(1, 1); // one error, then one a second
    }

    /** Runs traceroute and returns when it exited (ns). */
    long run(String line) {
        new Traceroute().start(a, List.of(line.trim().split(" +")), term);
        long t = 0;
        while (term.code < 0 && t < 60 * Durations.S) {
            t += Durations.MS;
            world.sim().runUntil(t);
        }
        return t;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // 3 x (2.001 + 1) ms = 9.003 ms after they left at 0: the run's 1 ms steps see the exit at 10 ms
        "-n -m 1 10.0.1.2          | 10000000",
        // HERE off: MAX
        "-n -m 1 -w 2,0,0 10.0.1.2 | 2000000000",
    })
    void probes_of_a_hop_that_answered_once_wait_three_times_its_round_trip_or_max_without_here(String line, long endsAt) {
        assertThat(run(line)).isEqualTo(endsAt);
        assertThat(term.out).containsExactly("traceroute to 10.0.1.2 (10.0.1.2), 1 hops max, 60 byte packets",
                " 1  10.0.0.2  2.001 ms * *");
    }
}
