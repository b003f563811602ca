package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.VisitRun;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.shell.Session;
import dev.minternet.sim.Durations;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.trace.JsonLinesSink;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JIT warm-up of live mode runs visits in a throwaway world on a thread of its own: a world
 * running beside it (as the live world does) gives the same trace, byte for byte, as alone. The
 * worlds have ECDSA certificates, as {@code minternet live} mints, so the TLS handshakes also go
 * through the certificates and keys every world shares (parsed and decoded once per encoding).
 */
class JitWarmupTest {
    /** Two visits to https://www.example.com/ in a fresh default world: the digest and length of its trace. */
    static String twoVisits() throws Exception {
        Scenario s = DefaultWorld.load();
        World w = WorldBuilder.build(s, KeyAlgorithm.ECDSA_P256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(out);
        w.trace().subscribe(sink);
        boolean done = VisitRun.play(w, w.node(Session.defaultNode(s)),
                List.of("https://www.example.com/", "https://www.example.com/"), Durations.S, Durations.S);
        assertThat(done).isTrue();
        sink.close();
        String trace = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(trace).contains("www.example.com");
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray())) + " " + out.size();
    }

    @Test
    void a_world_beside_the_warm_up_writes_the_same_trace_as_alone() throws Exception {
        String alone = twoVisits();
        JitWarmup warm = new JitWarmup(KeyAlgorithm.ECDSA_P256, 4, 120 * Durations.S).start();
        String beside = twoVisits();
        int made = warm.done().get(120, TimeUnit.SECONDS);
        assertThat(made).isEqualTo(4);
        assertThat(beside).isEqualTo(alone);
    }

    @Test
    void a_warm_up_of_no_visits_is_done_at_once() {
        assertThat(new JitWarmup(KeyAlgorithm.ED25519, 0, 120 * Durations.S).start().done()).isCompletedWithValue(0);
    }

    @Test
    void a_stopped_warm_up_ends_early() throws Exception {
        JitWarmup warm = new JitWarmup(KeyAlgorithm.ED25519, 1_000, 120 * Durations.S).start();
        warm.stop();
        assertThat(warm.done().get(120, TimeUnit.SECONDS)).isLessThan(1_000);
    }
}
