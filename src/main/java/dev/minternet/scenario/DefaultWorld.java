package dev.minternet.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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

    public static Scenario load() throws ScenarioException {
        return ScenarioLoader.parse(NAME, text());
    }
}
