package dev.minternet.tools;

import dev.minternet.node.NodeFiles;
import dev.minternet.node.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * tail for the node's file area ({@link NodeFiles}): the last 10 lines, or {@code -n N} (also
 * written {@code -nN} and the old {@code -N}); with several files each gets GNU's
 * {@code ==> name <==} header. {@code -f} is not modelled (a timeline command ends).
 */
public final class Tail implements Tool {
    @Override
    public String name() {
        return "tail";
    }

    @Override
    public String synopsis() {
        return "tail [-n N] FILE...";
    }

    private record Line(int count, List<String> files) {
    }

    private static Line parse(List<String> args) {
        int n = 10;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String num = null;
            if (a.equals("-n") || a.equals("--lines")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("tail: option requires an argument -- 'n'");
                }
                num = args.get(++i);
            } else if (a.startsWith("--lines=")) {
                num = a.substring(8);
            } else if (a.startsWith("-n")) {
                num = a.substring(2);
            } else if (a.matches("-\\d+")) {
                num = a.substring(1);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new IllegalArgumentException("tail: invalid option -- '" + a.charAt(1) + "'");
            } else {
                files.add(a);
            }
            if (num != null) {
                if (!num.matches("\\d{1,9}")) {
                    throw new IllegalArgumentException("tail: invalid number of lines: '" + num + "'");
                }
                n = Integer.parseInt(num);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("tail: no file named (the node's terminal has no standard input to read)");
        }
        return new Line(n, files);
    }

    @Override
    public void validate(List<String> args) {
        parse(args);
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        Line l;
        try {
            l = parse(args);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.exit(1);
            return;
        }
        int code = 0;
        NodeFiles files = NodeFiles.of(node);
        boolean first = true;
        for (String path : l.files()) {
            String text = files.read(path);
            if (text == null) {
                term.println("tail: cannot open '" + path + "' for reading: No such file or directory");
                code = 1;
                continue;
            }
            if (l.files().size() > 1) {
                if (!first) {
                    term.println("");
                }
                term.println("==> " + path + " <==");
            }
            first = false;
            List<String> lines = lines(text);
            for (String line : lines.subList(Math.max(0, lines.size() - l.count()), lines.size())) {
                term.println(line);
            }
        }
        term.exit(code);
    }

    /** The text's lines, without the newline that ends the last one. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
