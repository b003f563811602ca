package dev.minternet.tools;

import dev.minternet.node.NodeFiles;
import dev.minternet.node.Node;
import java.util.List;

/**
 * cat for the node's file area ({@link NodeFiles}: the logs its services write, e.g. an API
 * gateway's {@code /var/log/gateway/access.log}); GNU coreutils' messages and exit codes. No
 * options: the area holds text written line by line.
 */
public final class Cat implements Tool {
    @Override
    public String name() {
        return "cat";
    }

    @Override
    public String synopsis() {
        return "cat FILE...";
    }

    @Override
    public void validate(List<String> args) {
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1) {
                throw new IllegalArgumentException("cat: invalid option -- '" + a.charAt(1) + "'");
            }
        }
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        try {
            validate(args);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.exit(1);
            return;
        }
        if (args.isEmpty()) {
            term.println("cat: no file named (the node's terminal has no standard input to copy)");
            term.exit(1);
            return;
        }
        int code = 0;
        for (String path : args) {
            String text = SystemFiles.read(node, path);
            if (text == null) {
                term.println("cat: " + path + ": No such file or directory");
                code = 1;
                continue;
            }
            for (String line : Tail.lines(text)) {
                term.println(line);
            }
        }
        term.exit(code);
    }
}
