package dev.minternet.tools.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a command's output may be piped into: {@code grep} (GNU grep's -v, -i, -c, -E, -F, -w, -n,
 * and -A/-B/-C with its "--" between groups; basic regular expressions by default), {@code head} and {@code tail} ({@code -n N}, {@code -N}, head's {@code -c N},
 * ten lines by default) and {@code wc} ({@code -l}, {@code -w}, {@code -c}). A pipeline's status
 * is its last stage's, as bash's without pipefail; once {@code head} has its lines the command
 * before it ends at its next write (SIGPIPE), printing nothing more.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** The filters a command's output goes through, in order. */
    public static final class Chain {
        private final List<Stage> stages;

        private Chain(List<Stage> stages) {
            this.stages = stages;
        }

        /** A line the command printed: through every stage to {@code out}; false once a stage takes no more (head). */
        public boolean feed(String line, Consumer<String> out) {
            return feed(0, line, out);
        }

        private boolean feed(int i, String line, Consumer<String> out) {
            if (i == stages.size()) {
                out.accept(line);
                return true;
            }
            boolean[] open = {true};
            boolean more = stages.get(i).line(line, l -> open[0] &= feed(i + 1, l, out));
            return more && open[0];
        }

        /** The command ended: what each stage kept back (tail's lines, counts), in order. */
        public void end(Consumer<String> out) {
            for (int i = 0; i < stages.size(); i++) {
                int next = i + 1;
                stages.get(i).end(l -> feed(next, l, out));
            }
        }

        /** The pipeline's status: its last stage's. */
        public int status() {
            return stages.get(stages.size() - 1).status();
        }
    }

    /** One filter. */
    private interface Stage {
        /** A line in; false when this stage takes no more. */
        boolean line(String l, Consumer<String> down);

        void end(Consumer<String> down);

        int status();
    }

    /**
     * Cuts {@code line} at its pipes (outside quotes): the command, then each filter's command
     * line. Another operator, or an empty stage, is refused as the shell says it.
     */
    public static List<String> stages(String line) {
        List<String> out = new ArrayList<>();
        String rest = line;
        while (true) {
            int at = ToolRegistry.operatorIndex(rest);
            if (at < 0) {
                out.add(rest.strip());
                break;
            }
            String op = ToolRegistry.operator(rest);
            if (!"|".equals(op)) {
                throw new IllegalArgumentException("'" + op + "' is not supported here: one command a line, its output"
                        + " piped into grep, head, tail or wc at most");
            }
            out.add(rest.substring(0, at).strip());
            rest = rest.substring(at + 1);
        }
        for (String s : out) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("syntax error near unexpected token `|'");
            }
        }
        return out;
    }

    /** The filters of {@code commands} (each a stage after the first), or an error in the filter's own words. */
    public static Chain chain(List<String> commands) {
        List<Stage> stages = new ArrayList<>();
        for (String c : commands) {
            List<String> w = ToolRegistry.split(c);
            stages.add(switch (w.get(0)) {
                case "grep" -> grep(w.subList(1, w.size()));
                case "head" -> head(w.subList(1, w.size()));
                case "tail" -> tail(w.subList(1, w.size()));
                case "wc" -> wc(w.subList(1, w.size()));
                default -> throw new IllegalArgumentException(w.get(0) + ": not available after '|' (grep, head, tail, wc)");
            });
        }
        return new Chain(stages);
    }

    private static Stage grep(List<String> args) {
        boolean invert = false;
        boolean ignoreCase = false;
        boolean count = false;
        boolean extended = false;
        boolean fixed = false;
        boolean words = false;
        boolean numbers = false;
        boolean context = false;
        List<String> patterns = new ArrayList<>();
        int after = 0;
        int before = 0;
        String pattern = null;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (pattern == null && patterns.isEmpty() && a.startsWith("-") && a.length() > 1
                    || !patterns.isEmpty() && pattern == null && a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    switch (c) {
                        case 'v' -> invert = true;
                        case 'i' -> ignoreCase = true;
                        case 'c' -> count = true;
                        case 'E' -> extended = true;
                        case 'F' -> fixed = true;
                        case 'w' -> words = true;
                        case 'n' -> numbers = true;
                        case 'e' -> { // -e PATTERN, as often as wanted: a line matching any is selected
                            patterns.add(j + 1 < a.length() ? a.substring(j + 1) : k + 1 < args.size() ? args.get(++k) : missing(c));
                            j = a.length();
                        }
                        case 'A', 'B', 'C' -> {
                            // -A NUM: lines of context after, -B before, -C both (the number attached or next)
                            String v = j + 1 < a.length() ? a.substring(j + 1) : k + 1 < args.size() ? args.get(++k) : missing(c);
                            int n;
                            try {
                                n = Integer.parseInt(v);
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException("grep: " + v + ": invalid context length argument");
                            }
                            if (n < 0) {
                                throw new IllegalArgumentException("grep: " + v + ": invalid context length argument");
                            }
                            context = true;
                            if (c != 'B') {
                                after = n;
                            }
                            if (c != 'A') {
                                before = n;
                            }
                            j = a.length();
                        }
                        default -> throw new IllegalArgumentException("grep: invalid option -- '" + c + "'");
                    }
                }
            } else if (pattern == null && patterns.isEmpty()) {
                pattern = a;
            } else {
                throw new IllegalArgumentException("grep: " + a + ": reading files is not supported here (the command's output is the input)");
            }
        }
        if (pattern != null) {
            patterns.add(pattern);
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("Usage: grep [OPTION]... PATTERNS [FILE]...");
        }
        List<String> each = new ArrayList<>();
        for (String one : patterns) {
            each.add("(?:" + (fixed ? Pattern.quote(one) : regex(one, extended)) + ")");
        }
        String regex = String.join("|", each);
        if (words) {
            regex = "(?<![\\p{Alnum}_])(?:" + regex + ")(?![\\p{Alnum}_])";
        }
        Pattern p;
        try {
            p = Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("grep: Invalid regular expression");
        }
        boolean inv = invert;
        boolean cnt = count;
        boolean num = numbers;
        int aft = after;
        int bef = before;
        boolean ctx = context;
        return new Stage() {
            long selected;
            long lineNo;
            /** The line number last printed (0: none yet), and how many more after a match to print. */
            long lastShown;
            int afterLeft;
            final Deque<String> behind = new ArrayDeque<>();

            @Override
            public boolean line(String l, Consumer<String> down) {
                lineNo++;
                boolean match = p.matcher(l).find() != inv;
                if (match) {
                    selected++;
                }
                if (cnt) {
                    return true;
                }
                if (match) {
                    long first = lineNo - behind.size();
                    if (lastShown > 0 && first > lastShown + 1 && ctx) {
                        down.accept("--"); // GNU grep's separator between groups of context
                    }
                    long k = first;
                    for (String b : behind) {
                        down.accept(num ? k + "-" + b : b);
                        k++;
                    }
                    behind.clear();
                    down.accept(num ? lineNo + ":" + l : l);
                    lastShown = lineNo;
                    afterLeft = aft;
                } else if (afterLeft > 0) {
                    afterLeft--;
                    down.accept(num ? lineNo + "-" + l : l);
                    lastShown = lineNo;
                } else if (bef > 0) {
                    behind.addLast(l);
                    if (behind.size() > bef) {
                        behind.removeFirst();
                    }
                }
                return true;
            }

            @Override
            public void end(Consumer<String> down) {
                if (cnt) {
                    down.accept(Long.toString(selected));
                }
            }

            @Override
            public int status() {
                return selected > 0 ? 0 : 1;
            }
        };
    }

    /** grep's words for an option given without its argument. */
    private static String missing(char option) {
        throw new IllegalArgumentException("grep: option requires an argument -- '" + option + "'");
    }

    /**
     * A POSIX regular expression as Java's: in a basic one \( \) \{ \} \| \+ \? are the
     * operators and the bare characters literal, in an extended one ({@code ere}) the other way
     * round, as in Java; bracket expressions take POSIX classes ({@code [[:digit:]]}).
     */
    static String regex(String bre, boolean ere) {
        StringBuilder sb = new StringBuilder();
        boolean bracket = false;
        for (int i = 0; i < bre.length(); i++) {
            char c = bre.charAt(i);
            if (bracket) {
                if (c == '[' && bre.startsWith("[:", i)) {
                    int end = bre.indexOf(":]", i + 2);
                    if (end > 0) {
                        sb.append(posixClass(bre.substring(i + 2, end)));
                        i = end + 1;
                        continue;
                    }
                }
                if (c == ']' && sb.charAt(sb.length() - 1) != '[' && !(sb.length() > 1 && sb.charAt(sb.length() - 1) == '^'
                        && sb.charAt(sb.length() - 2) == '[')) {
                    bracket = false;
                } else if (c == '\\' || c == '[' || c == '&') {
                    sb.append('\\'); // literal inside a bracket expression
                }
                sb.append(c);
            } else if (c == '\\' && i + 1 < bre.length()) {
                char n = bre.charAt(++i);
                sb.append(!ere && "(){}|+?".indexOf(n) >= 0 ? String.valueOf(n) : "\\" + n);
            } else if (!ere && "(){}|+?".indexOf(c) >= 0) {
                sb.append('\\').append(c);
            } else if (c == '[') {
                bracket = true;
                sb.append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String posixClass(String name) {
        return switch (name) {
            case "digit" -> "\\p{Digit}";
            case "alpha" -> "\\p{Alpha}";
            case "alnum" -> "\\p{Alnum}";
            case "space" -> "\\s";
            case "upper" -> "\\p{Upper}";
            case "lower" -> "\\p{Lower}";
            case "punct" -> "\\p{Punct}";
            case "xdigit" -> "\\p{XDigit}";
            case "blank" -> " \\t";
            default -> throw new IllegalArgumentException("grep: Invalid character class name");
        };
    }

    /** -n N, -N or the default ten. */
    private static int lines(String tool, List<String> args) {
        int n = 10;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v;
            if (a.equals("-n")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(tool + ": option requires an argument -- 'n'");
                }
                v = args.get(++i);
            } else if (a.startsWith("-n")) {
                v = a.substring(2);
            } else if (a.matches("-[0-9]+")) {
                v = a.substring(1);
            } else {
                throw new IllegalArgumentException(tool + ": " + (a.startsWith("-") ? "invalid option -- '" + a.substring(1) + "'"
                        : "cannot open '" + a + "' for reading: reading files is not supported here"));
            }
            // head -n -N: all but the last N lines (a negative count here); tail -n -N: the last N, as -n N
            String digits = v.startsWith("-") ? v.substring(1) : v;
            if (!digits.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException(tool + ": invalid number of lines: '" + v + "'");
            }
            n = Integer.parseInt(digits);
            if (v.startsWith("-") && tool.equals("head")) {
                n = -n - 1; // -1 - N: head keeps back N lines
            }
        }
        return n;
    }

    private static Stage head(List<String> args) {
        int c = args.indexOf("-c");
        if (c >= 0 || !args.isEmpty() && args.get(0).startsWith("-c")) {
            return headBytes(args);
        }
        int n = lines("head", args);
        if (n < 0) { // head -n -N: every line but the last N
            int back = -n - 1;
            return new Stage() {
                final Deque<String> kept = new ArrayDeque<>();

                @Override
                public boolean line(String l, Consumer<String> down) {
                    kept.addLast(l);
                    if (kept.size() > back) {
                        down.accept(kept.removeFirst());
                    }
                    return true;
                }

                @Override
                public void end(Consumer<String> down) {
                }

                @Override
                public int status() {
                    return 0;
                }
            };
        }
        return new Stage() {
            int seen;

            @Override
            public boolean line(String l, Consumer<String> down) {
                if (seen < n) {
                    seen++;
                    down.accept(l);
                }
                return seen < n;
            }

            @Override
            public void end(Consumer<String> down) {
            }

            @Override
            public int status() {
                return 0;
            }
        };
    }

    /**
     * {@code head -c N} (a K or M suffix in 1024s, as GNU head's): the first N bytes of the output,
     * newlines counted. Output here is lines, so a line cut short ends the output as a line
     * of its own (the real head leaves it without its newline).
     */
    private static Stage headBytes(List<String> args) {
        String v = args.get(0).equals("-c") ? (args.size() > 1 ? args.get(1) : null) : args.get(0).substring(2);
        if (v == null) {
            throw new IllegalArgumentException("head: option requires an argument -- 'c'");
        }
        if (args.size() > (args.get(0).equals("-c") ? 2 : 1)) {
            throw new IllegalArgumentException("head: cannot open '" + args.get(args.size() - 1)
                    + "' for reading: reading files is not supported here");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})([KM]?)").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("head: invalid number of bytes: '" + v + "'");
        }
        long n = Long.parseLong(m.group(1)) * (m.group(2).equals("K") ? 1024 : m.group(2).equals("M") ? 1024 * 1024 : 1);
        return new Stage() {
            long left = n;

            @Override
            public boolean line(String l, Consumer<String> down) {
                if (left <= 0) {
                    return false;
                }
                byte[] b = l.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (b.length + 1 <= left) {
                    left -= b.length + 1;
                    down.accept(l);
                } else {
                    int k = 0;
                    int bytes = 0;
                    while (k < l.length()) {
                        int cp = l.codePointAt(k);
                        int w = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                        if (bytes + w > left) {
                            break;
                        }
                        bytes += w;
                        k += Character.charCount(cp);
                    }
                    left = 0;
                    if (k > 0) {
                        down.accept(l.substring(0, k));
                    }
                }
                return left > 0;
            }

            @Override
            public void end(Consumer<String> down) {
            }

            @Override
            public int status() {
                return 0;
            }
        };
    }

    private static Stage tail(List<String> args) {
        int n = lines("tail", args);
        return new Stage() {
            final Deque<String> kept = new ArrayDeque<>();

            @Override
            public boolean line(String l, Consumer<String> down) {
                kept.addLast(l);
                if (kept.size() > n) {
                    kept.removeFirst();
                }
                return true;
            }

            @Override
            public void end(Consumer<String> down) {
                kept.forEach(down);
            }

            @Override
            public int status() {
                return 0;
            }
        };
    }

    private static Stage wc(List<String> args) {
        boolean l = false;
        boolean w = false;
        boolean c = false;
        for (String a : args) {
            if (!a.startsWith("-") || a.length() < 2) {
                throw new IllegalArgumentException("wc: " + a + ": reading files is not supported here");
            }
            for (char x : a.substring(1).toCharArray()) {
                switch (x) {
                    case 'l' -> l = true;
                    case 'w' -> w = true;
                    case 'c' -> c = true;
                    default -> throw new IllegalArgumentException("wc: invalid option -- '" + x + "'");
                }
            }
        }
        boolean all = !l && !w && !c;
        boolean lines = l || all;
        boolean wordCount = w || all;
        boolean bytes = c || all;
        return new Stage() {
            long nl;
            long nw;
            long nc;

            @Override
            public boolean line(String s, Consumer<String> down) {
                nl++;
                nw += s.isBlank() ? 0 : s.strip().split("\\s+").length;
                nc += s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                return true;
            }

            @Override
            public void end(Consumer<String> down) {
                List<Long> shown = new ArrayList<>();
                if (lines) {
                    shown.add(nl);
                }
                if (wordCount) {
                    shown.add(nw);
                }
                if (bytes) {
                    shown.add(nc);
                }
                if (shown.size() == 1) {
                    down.accept(Long.toString(shown.get(0)));
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (long v : shown) {
                        sb.append(String.format(Locale.ROOT, sb.length() == 0 ? "%7d" : " %7d", v));
                    }
                    down.accept(sb.toString());
                }
            }

            @Override
            public int status() {
                return 0;
            }
        };
    }
}
