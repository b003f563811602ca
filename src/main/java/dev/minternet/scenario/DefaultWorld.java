package dev.minternet.scenario;

import dev.minternet.sim.Futures;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.tls.WorldPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/** The built-in default internet, a scenario file shipped in the jar (worlds/default.yaml). */
public final class DefaultWorld {
    public static final String RESOURCE = "/worlds/default.yaml";
    public static final String NAME = "<built-in default world>";

    private DefaultWorld() {
    }

    /** The YAML text, comments included (what `minternet world export` prints). */
    public static String text() {
        try (InputStream in = DefaultWorld.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default world being read ahead ({@link #readAhead}), for the next {@link #load}, or null. */
    private static final AtomicReference<FutureTask<Scenario>> AHEAD = new AtomicReference<>();

    /**
     * Starts reading the default world on a daemon thread of its own, for the next {@link #load} to
     * take: `visit` starts it before picocli reads the command line, which takes about as long on
     * the main thread (both are cold code; a machine has a second core). With {@code pki}, that
     * thread then mints the world's certificate authorities ({@link WorldPki#mintAhead}) and creates
     * its databases ({@link DbServiceType#createAhead}) while the main thread builds the world. The
     * scenario is the one {@link #load} reads (a pure function of the text), the CAs and the
     * databases the ones the world would make, so nothing the command prints changes.
     */
    public static void readAhead(boolean pki) {
        Runnable[] then = new Runnable[1];
        FutureTask<Scenario> task = new FutureTask<>(() -> {
            Scenario s = ScenarioLoader.parse(NAME, text());
            if (pki) {
                // announced before the scenario is handed over, so the world built from it finds it
                then[0] = WorldPki.mintAhead(s.seed(), s.start(), KeyAlgorithm.ED25519);
            }
            return s;
        });
        AHEAD.set(task);
        Thread t = new Thread(() -> {
            task.run();
            if (then[0] != null) {
                then[0].run();
                try {
                    DbServiceType.createAhead(task.get());
                } catch (ExecutionException | InterruptedException e) {
                    // no scenario: the main thread reports why
                }
            }
        }, "default-world");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the default world is being read ahead ({@link #readAhead}) for the next {@link #load}. */
    public static boolean readingAhead() {
        return AHEAD.get() != null;
    }

    /** The default world: the one read ahead ({@link #readAhead}) the first time after it, else read now. */
    public static Scenario load() throws ScenarioException {
        FutureTask<Scenario> ahead = AHEAD.getAndSet(null);
        if (ahead != null) {
            try {
                return ahead.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ScenarioException x) {
                    throw x;
                }
                throw Futures.unchecked(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ScenarioLoader.parse(NAME, text());
    }
}
