package dev.minternet.scenario;

import dev.minternet.files.FilePolicy;
import dev.minternet.files.FileRefusedException;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import java.io.IOException;
import java.util.List;

/**
 * The file names in a scenario's timeline commands ({@code tcpdump -w}, {@code curl -o},
 * {@code curl -d @file}, {@code nc -f}, {@code nc -l -o}) judged by {@link FilePolicy} before
 * anything runs, as {@code minternet check} does: an output name must be relative and stay under
 * the output folder; an input must lie in the scenario's folder. A file that is merely missing is
 * left for the tool to report when it runs, as the real one would.
 */
public final class TimelineFiles {
    private TimelineFiles() {
    }

    /** Throws for the first command naming a file the policy refuses, at {@code timeline[i].run}. */
    public static void check(Scenario s) throws ScenarioException {
        FilePolicy reads = FilePolicy.of(s.folder(), null);
        List<Scenario.TimelineEntry> timeline = s.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            if (!(timeline.get(i) instanceof RunCommand r)) {
                continue;
            }
            List<String> words;
            try {
                words = ToolRegistry.split(r.command());
            } catch (IllegalArgumentException e) {
                continue; // reported by the command check
            }
            Tool tool = words.isEmpty() ? null : ToolRegistry.get(words.get(0));
            if (tool == null) {
                continue;
            }
            for (Tool.FileArg f : tool.files(words.subList(1, words.size()))) {
                String problem = f.write() ? FilePolicy.writeProblem(f.name()) : readProblem(reads, f.name());
                if (problem != null) {
                    throw new ScenarioException(r.loc(), "timeline[" + i + "].run",
                            tool.name() + " " + f.option() + " " + Yaml.oneLine(f.name()) + ": " + problem);
                }
            }
        }
    }

    private static String readProblem(FilePolicy reads, String name) {
        try {
            reads.readable(name);
            return null;
        } catch (FileRefusedException e) {
            return e.getMessage();
        } catch (IOException e) {
            return null; // missing or unreadable: the tool says so when it runs
        }
    }
}
