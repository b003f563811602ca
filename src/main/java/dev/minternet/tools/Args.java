package dev.minternet.tools;

import dev.minternet.units.Units;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small getopt for tool command lines: short options with or without a value ("-c 4", "-c4"),
 * then positional operands. Errors are {@link IllegalArgumentException}s with the tool's wording.
 */
final class Args {
    private final List<String> args;
    private final String withValue;
    private final String flags;
    final List<String> operands = new ArrayList<>();
    /** Where each operand was read: the argument holding it (1 for the first), as C's argv index. */
    final List<Integer> operandAt = new ArrayList<>();
    private final Map<Character, String> values = new HashMap<>();
    /** Where each option's value was read: the argument holding it (1 for the first). */
    private final Map<Character, Integer> valueAt = new HashMap<>();

    /**
     * Runs {@code session}, which reads a command line and starts on it; an error in the line is
     * printed as "{@code tool}: message" and ends the command with status 2, as iputils and
     * traceroute end on a bad option.
     */
    static void orUsageError(Terminal term, String tool, Runnable session) {
        try {
            session.run();
        } catch (IllegalArgumentException e) {
            term.println(tool + ": " + e.getMessage());
            term.exit(2);
        }
    }

    /**
     * @param withValue option letters that take a value
     * @param flags option letters that do not
     */
    Args(List<String> args, String withValue, String flags) {
        this.args = args;
        this.withValue = withValue;
        this.flags = flags;
        parse();
    }

    /** A command line of flags and operands, the operands left to the caller. */
    static Args withOperands(List<String> argv, String flags) {
        return new Args(argv, "", flags);
    }

    private void parse() {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                for (int k = i + 1; k < args.size(); k++) {
                    operands.add(args.get(k));
                    operandAt.add(k + 1);
                }
                return;
            }
            // "-5" is a number (an operand), unless the tool takes that digit as a flag (ping's -4)
            if (a.length() > 1 && a.charAt(0) == '-' && (!Character.isDigit(a.charAt(1)) || flags.indexOf(a.charAt(1)) >= 0)) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    if (withValue.indexOf(c) >= 0) {
                        String v;
                        if (k + 1 < a.length()) {
                            v = a.substring(k + 1);
                        } else if (i + 1 < args.size()) {
                            v = args.get(++i);
                        } else {
                            throw new IllegalArgumentException("option requires an argument -- '" + c + "'");
                        }
                        values.put(c, v);
                        valueAt.put(c, i + 1);
                        break;
                    } else if (flags.indexOf(c) >= 0) {
                        values.put(c, "");
                    } else {
                        throw new BadOption(c, i + 1);
                    }
                }
            } else {
                operands.add(a);
                operandAt.add(i + 1);
            }
        }
    }

    /** An option letter the tool does not take, and the argument it is in (1 for the first). */
    static final class BadOption extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final char option;
        final int position;

        BadOption(char option, int position) {
            super("invalid option -- '" + option + "'");
            this.option = option;
            this.position = position;
        }
    }

    /** C's atoi: leading blanks, a sign, the digits that follow (0 when none), held to an int's range. */
    static long atoi(String v) {
        int i = 0;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            negative = v.charAt(i) == '-';
            i++;
        }
        long n = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9' && n <= Integer.MAX_VALUE) {
            n = n * 10 + (v.charAt(i) - '0');
            i++;
        }
        n = Math.min(n, Integer.MAX_VALUE);
        return negative ? -n : n;
    }

    boolean has(char c) {
        return values.containsKey(c);
    }

    String str(char c, String def) {
        return values.getOrDefault(c, def);
    }

    int integer(char c, int def, int min, int max, String what) {
        return (int) number(c, def, min, max, what);
    }

    /** A whole number within min..max, with iputils' wording when it is out of range. */
    long number(char c, long def, long min, long max, String what) {
        String v = values.get(c);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("invalid argument: '" + v + "': out of range: " + min + " <= value <= " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + ": '" + v + "'");
        }
    }

    /** The value of option {@code c} as given, or null. */
    String value(char c) {
        return values.get(c);
    }

    /** The argument that held option {@code c}'s value (1 for the first), or 0. */
    int valueAt(char c) {
        return valueAt.getOrDefault(c, 0);
    }

    /** Seconds as a decimal ("0.2") or a duration with unit ("200ms"). */
    long seconds(char c, long defNs) {
        String v = values.get(c);
        if (v == null) {
            return defNs;
        }
        try {
            double s = Double.parseDouble(v);
            if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("bad timing interval: " + v);
            }
            return Math.round(s * 1e9);
        } catch (NumberFormatException e) {
            return Units.durationNs(v);
        }
    }
}
