package dev.minternet.shell;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.WorldGuide;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Tab offers at a word of a shell line: the first word is a command, a tool or a node (the
 * Mininet form {@code NODE CMD}); after {@code on}, {@code crash} and {@code restore} a node;
 * after {@code link} {@code down}/{@code up}, then a link; after a tool its options (read from its
 * synopsis, as {@code minternet tools} prints it) and the nodes it may name; after {@code visit}
 * the URLs the world's services answer. Independent of JLine, so tests can ask it directly.
 */
final class Completion {
    /** An option in a synopsis: {@code -c}, {@code --http1.1}, {@code +short}. */
    private static final Pattern OPTION = Pattern.compile("(?<=[\\[\\s|])(--?[A-Za-z0-9][A-Za-z0-9.\\-]*|\\+[a-z]+)");

    private final Session session;

    Completion(Session session) {
        this.session = session;
    }

    /** Candidates for word {@code index} of {@code words} (the word being typed may be partial or empty). */
    List<String> candidates(List<String> words, int index) {
        List<String> before = words.subList(0, Math.min(index, words.size()));
        if (!before.isEmpty() && session.world().node(before.get(0)) != null && !Session.BUILTINS.containsKey(before.get(0))
                && ToolRegistry.get(before.get(0)) == null) {
            before = before.subList(1, before.size()); // NODE CMD: complete CMD as on the node
            if (before.isEmpty()) {
                return commandsOnNode();
            }
        }
        if (before.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(Session.BUILTINS.keySet());
            for (Tool t : ToolRegistry.all()) {
                all.add(t.name());
            }
            all.addAll(session.nodeNames());
            return new ArrayList<>(all);
        }
        String cmd = before.get(0);
        switch (cmd) {
            case "on", "crash", "restore" -> {
                return before.size() == 1 ? session.nodeNames() : List.of();
            }
            case "link" -> {
                return before.size() == 1 ? List.of("down", "up") : before.size() == 2 ? session.linkNames() : List.of();
            }
            case "visit" -> {
                List<String> urls = new ArrayList<>(List.of("--explain"));
                urls.addAll(urls());
                return urls;
            }
            default -> {
                Tool t = ToolRegistry.get(cmd);
                if (t == null) {
                    return List.of();
                }
                List<String> out = new ArrayList<>(options(t));
                out.addAll(session.nodeNames());
                return out;
            }
        }
    }

    private List<String> commandsOnNode() {
        List<String> out = new ArrayList<>();
        for (Tool t : ToolRegistry.all()) {
            out.add(t.name());
        }
        out.add("visit");
        return out;
    }

    /** The options a tool's synopsis shows, in order, once each. */
    static List<String> options(Tool t) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = OPTION.matcher(t.synopsis());
        while (m.find()) {
            out.add(m.group(1));
        }
        return new ArrayList<>(out);
    }

    /** The URLs {@code world show} lists: each DNS name that reaches a web server, app or load balancer. */
    private List<String> urls() {
        return new ArrayList<>(WorldGuide.urls(session.scenario()));
    }
}
