package dev.minternet.live;

import dev.minternet.testing.Oracles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Runs a playwright-core script of src/test/js in Debian's headless Chromium, bounded in time. */
final class Chromium {
    static final Path JS = Path.of("src/test/js");

    private Chromium() {
    }

    /** The script's output (its one JSON line), after checking that node, chromium and playwright-core are there. */
    static LiveFixture.Result script(String name, String... args) throws Exception {
        return script(Map.of(), name, args);
    }

    /** As {@link #script(String, String...)}, with {@code env} added (e.g. a HOME whose NSS database trusts a root). */
    static LiveFixture.Result script(Map<String, String> env, String name, String... args) throws Exception {
        Oracles.require("chromium", "chromium");
        Path node = Oracles.require("node", "nodejs");
        if (!Files.isDirectory(JS.resolve("node_modules/playwright-core"))) {
            String why = "playwright-core not installed: run `npm ci` in src/test/js";
            if (Oracles.strict()) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        List<String> cmd = new ArrayList<>(List.of(node.toString(), JS.resolve(name).toString()));
        cmd.addAll(List.of(args));
        return LiveFixture.run(150, env, cmd.toArray(new String[0]));
    }
}
