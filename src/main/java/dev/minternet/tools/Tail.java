package dev.minternet.tools;

import dev.minternet.node.NodeFiles;
import dev.minternet.node.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * tail for the node's files ({@link NodeFiles}, and the system files of {@link SystemFiles}): the
 * last 10 lines, or {@code -n N} (also written {@code -nN} and the old {@code -N}); with several
 * files each gets GNU's {@code ==> name <==} header. {@code -f} is not modelled (a timeline command
 * ends). {@link #head()} is GNU head: the first lines instead.
 */
public final class Tail implements Tool {
    private final String name;

    public Tail() {
        this("tail");
    }

    private Tail(String name) {
        this.name = name;
    }

    /** GNU head: the same options and messages, the first lines. */
    public static Tail head() {
        return new Tail("head");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String synopsis() {
        return name + " [-n N] FILE...";
    }

    private record Line(int count, List<String> files) {
    }

    private Line parse(List<String> args) {
        int n = 10;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String num = null;
            if (a.equals("-n") || a.equals("--lines")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + ": option requires an argument -- 'n'");
                }
                num = args.get(++i);
            } else if (a.startsWith("--lines=")) {
                num = a.substring(8);
            } else if (a.startsWith("-n")) {
                num = a.substring(2);
            } else if (a.matches("-\\d+")) {
                num = a.substring(1);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new IllegalArgumentException(name + ": invalid option -- '" + a.charAt(1) + "'");
            } else {
                files.add(a);
            }
            if (num != null) {
                if (!num.matches("\\d{1,9}")) {
                    throw new IllegalArgumentException(name + ": invalid number of lines: '" + num + "'");
                }
                n = Integer.parseInt(num);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + ": no file named (the node's terminal has no standard input to read)");
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
        boolean first = true;
        for (String path : l.files()) {
            String text = SystemFiles.read(node, path);
            if (text == null) {
                term.println(name + ": cannot open '" + path + "' for reading: No such file or directory");
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
            List<String> shown = name.equals("head") ? lines.subList(0, Math.min(l.count(), lines.size()))
                    : lines.subList(Math.max(0, lines.size() - l.count()), lines.size());
            for (String line : shown) {
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
