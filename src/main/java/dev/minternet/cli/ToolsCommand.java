package dev.minternet.cli;

import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import picocli.CommandLine.Command;

/** minternet tools: lists the commands a scenario can run on a node. */
@Command(name = "tools", mixinStandardHelpOptions = true, description = "List the commands available on simulated nodes.")
public final class ToolsCommand implements Runnable {
    @Override
    public void run() {
        for (Tool t : ToolRegistry.all()) {
            System.out.println(t.synopsis());
        }
    }
}
