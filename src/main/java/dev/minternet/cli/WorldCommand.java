package dev.minternet.cli;

import dev.minternet.scenario.CloudExport;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldGuide;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.tls.WorldPki;
import dev.minternet.tools.CertText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet world show|export: the built-in default internet (or another world file). */
@Command(name = "world", mixinStandardHelpOptions = true, description = "Show or export the built-in default internet.",
        subcommands = {WorldCommand.Show.class, WorldCommand.Export.class, WorldCommand.Ca.class})
public final class WorldCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Print the default world's YAML (a starting point: minternet world export > my.yaml).",
                    "With --world FILE: the primitives FILE compiled to (nodes, routes, firewall chains, NAT, links; a"
                            + " cloud's objects named in comments, its VPC resolvers' private zones)."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--world", paramLabel = "FILE", description = "A scenario to show compiled (default: print the"
                + " built-in world's YAML).")
        Path world;

        @Override
        public Integer call() throws ScenarioException {
            if (world == null) {
                System.out.print(DefaultWorld.text());
            } else {
                System.out.print(CloudExport.text(ScenarioLoader.load(world)));
            }
            return 0;
        }
    }

    @Command(name = "ca", mixinStandardHelpOptions = true, description = {"Print the world's root certificate (PEM), "
            + "for real clients of minternet live to trust: minternet world ca > ca.pem; curl --cacert ca.pem ...",
            "Keys are those live mints by default (ecdsa-p256); --keys ed25519 gives the root of run, visit and shell."})
    static final class Ca implements Callable<Integer> {
        @Option(names = "--world", paramLabel = "FILE", description = "Another world file (default: the built-in one).")
        Path world;

        @Option(names = "--seed", description = "Override the world's seed (as live --seed).")
        Long seed;

        @Option(names = "--keys", paramLabel = "ALG", converter = Checks.Keys.class,
                description = "ecdsa-p256 (default, as live) or ed25519.")
        KeyAlgorithm keys = KeyAlgorithm.ECDSA_P256;

        @CommandLine.Mixin
        LimitOptions limitOptions;

        @Override
        public Integer call() throws ScenarioException {
            Scenario s = world == null ? DefaultWorld.load() : ScenarioLoader.load(world, limitOptions.limits());
            long worldSeed = seed != null ? seed : s.seed();
            WorldPki pki = new WorldPki(worldSeed, s.start(), keys);
            for (String line : CertText.pem(pki.trustStore().roots().get(0))) {
                System.out.println(line);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a world: a map of its links, its nodes, services, DNS names and the URLs to visit.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--world", paramLabel = "FILE", description = "Another world file (default: the built-in one).")
        Path world;

        @CommandLine.Mixin
        LimitOptions limitOptions;

        @Override
        public Integer call() throws ScenarioException {
            Scenario s = world == null ? DefaultWorld.load() : ScenarioLoader.load(world, limitOptions.limits());
            System.out.print(WorldGuide.show(s, world == null ? "minternet visit" : "minternet visit --world " + world));
            return 0;
        }
    }
}
