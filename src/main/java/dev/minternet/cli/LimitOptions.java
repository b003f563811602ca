package dev.minternet.cli;

import dev.minternet.scenario.Limits;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --limit NAME=VALUE}: raises (or lowers) one of the {@link Limits} a scenario runs within. */
final class LimitOptions {
    @Option(names = "--limit", paramLabel = "NAME=VALUE", converter = Checks.LimitConverter.class,
            description = "Raise or lower a bound on what the scenario may ask for (repeatable): scenario-size (3MiB), "
                    + "yaml-depth (64), nodes (10000), links (20000), global-routers (2000), packets (100000000), output-lines (1000000). "
                    + "See docs/security.md.")
    List<Limits.Setting> settings = new ArrayList<>();

    Limits limits() {
        return Limits.DEFAULT.with(settings);
    }
}
