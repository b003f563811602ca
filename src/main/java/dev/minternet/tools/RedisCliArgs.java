package dev.minternet.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * redis-cli 7.0's command line as its parseOptions reads it: {@code -h host}, {@code -p port}
 * (atoi), {@code -n db}, {@code -a}/{@code --pass password}, {@code --user}, {@code -u
 * redis://[[user:]password@]host[:port][/db]}, {@code -r repeat}, {@code -i seconds}, {@code -e},
 * {@code -2}/{@code -3}, {@code --raw}/{@code --no-raw}/{@code --csv}, {@code --no-auth-warning},
 * {@code -v}/{@code --version}, {@code --help} (also {@code -h} as the last word); the first word
 * that does not start with '-' begins the command (none: the commands are read from the input). What the real one prints on a bad line is a
 * {@link Refusal} with its words and status.
 */
record RedisCliArgs(String host, int port, int proto, Output output, int db, String user, String auth, boolean authWarning,
        long repeat, long intervalNs, boolean errcode, List<String> command) {

    /** How replies are printed: cliFormatReplyTTY, cliFormatReplyRaw or cliFormatReplyCSV. */
    enum Output { STANDARD, RAW, CSV }

    /** What {@code redis-cli -v} prints. */
    static final String VERSION = "redis-cli 7.0.15";

    /** A command line that ends at once: printed lines and an exit status, nothing sent. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final List<String> lines;
        final int status;

        Refusal(List<String> lines, int status) {
            super(String.join("\n", lines), null, false, false);
            this.lines = lines;
            this.status = status;
        }

        Refusal(String line) {
            this(List.of(line), 1);
        }
    }

    static RedisCliArgs parse(List<String> argv) {
        String host = "127.0.0.1";
        int port = 6379;
        boolean resp2 = false;
        boolean resp3 = false;
        Output output = Output.STANDARD;
        int db = 0;
        String user = null;
        String auth = null;
        boolean noAuthWarning = false;
        long repeat = 1;
        long intervalNs = 0;
        boolean errcode = false;
        int i = 0;
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            boolean last = i + 1 >= argv.size();
            if (!a.startsWith("-")) {
                break; // likely the command name, stop here
            }
            switch (last ? a + " (last)" : a) {
                case "-h" -> host = argv.get(++i);
                case "-h (last)", "--help", "--help (last)" -> throw new Refusal(help(), 0);
                case "-v", "-v (last)", "--version", "--version (last)" -> throw new Refusal(List.of(VERSION), 0);
                case "-p" -> port = (int) Args.atoi(argv.get(++i));
                case "-n" -> db = (int) Args.atoi(argv.get(++i));
                case "-r" -> repeat = strtoll(argv.get(++i));
                case "-i" -> intervalNs = (long) (atof(argv.get(++i)) * 1_000_000) * 1000; // usleep's microseconds
                case "-a", "--pass" -> auth = argv.get(++i);
                case "--user" -> user = argv.get(++i);
                case "-u" -> {
                    Uri u = uri(argv.get(++i));
                    host = u.host() != null ? u.host() : host;
                    port = u.port() >= 0 ? u.port() : port;
                    user = u.user() != null ? u.user() : user;
                    auth = u.auth() != null ? u.auth() : auth;
                    db = u.db() >= 0 ? u.db() : db;
                }
                case "--no-auth-warning", "--no-auth-warning (last)" -> noAuthWarning = true;
                case "--raw", "--raw (last)" -> output = Output.RAW;
                case "--no-raw", "--no-raw (last)" -> output = Output.STANDARD;
                case "--csv", "--csv (last)" -> output = Output.CSV;
                case "-e", "-e (last)" -> errcode = true;
                case "-2", "-2 (last)" -> resp2 = true;
                case "-3", "-3 (last)" -> resp3 = true;
                default -> throw new Refusal("Unrecognized option or bad number of args for: '" + a + "'");
            }
        }
        if (resp2 && resp3) {
            throw new Refusal("Options -2 and -3 are mutually exclusive.");
        }
        List<String> cmd = new ArrayList<>(argv.subList(i, argv.size())); // empty: the commands come from the input
        return new RedisCliArgs(host, port, resp3 ? 3 : 2, output, db, user, auth, auth != null && !noAuthWarning, repeat,
                intervalNs, errcode, cmd);
    }

    /** The warning redis-cli prints before connecting when a password came on the command line. */
    static final String AUTH_WARNING = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.";

    /** A redis:// URI's parts; null or -1 where the URI says nothing. */
    record Uri(String user, String auth, String host, int port, int db) {
    }

    /** parseRedisUri (cli_common.c): scheme, [[user:]password@], [host[:port]], [/db]. */
    static Uri uri(String s) {
        String scheme = "redis://";
        if (!s.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw new Refusal("Invalid URI scheme");
        }
        String cur = s.substring(scheme.length());
        String user = null;
        String auth = null;
        String host = null;
        int port = -1;
        int db = -1;
        int at = cur.indexOf('@');
        if (at >= 0) {
            int colon = cur.indexOf(':');
            if (colon >= 0 && colon < at) {
                user = percentDecode(cur.substring(0, colon));
                cur = cur.substring(colon + 1);
                at = cur.indexOf('@');
            }
            auth = percentDecode(cur.substring(0, at));
            cur = cur.substring(at + 1);
        }
        if (!cur.isEmpty()) {
            int slash = cur.indexOf('/');
            if (!cur.startsWith("/")) {
                String hp = slash >= 0 ? cur.substring(0, slash) : cur;
                int colon = cur.indexOf(':');
                if (colon >= 0) {
                    port = (int) Args.atoi(cur.substring(colon + 1));
                    hp = cur.substring(0, colon);
                }
                host = hp;
            }
            cur = slash >= 0 ? cur.substring(slash + 1) : "";
            if (!cur.isEmpty()) {
                db = (int) Args.atoi(cur);
            }
        }
        return new Uri(user, auth, host, port, db);
    }

    private static String percentDecode(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /**
     * sdssplitargs: a typed line's words, blanks between them; "double quotes" with C escapes
     * (\\n, \\r, \\t, \\b, \\a, \\xHH, any other character as itself) and 'single quotes' (only \\'
     * escaped); null when a quote is unbalanced or not followed by a blank.
     */
    static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                return out;
            }
            StringBuilder w = new StringBuilder();
            boolean dq = false;
            boolean sq = false;
            while (true) {
                if (i == n) {
                    if (dq || sq) {
                        return null; // unterminated quotes
                    }
                    break;
                }
                char c = line.charAt(i);
                if (dq) {
                    if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x' && hex(line.charAt(i + 2)) >= 0 && hex(line.charAt(i + 3)) >= 0) {
                        w.append((char) (hex(line.charAt(i + 2)) * 16 + hex(line.charAt(i + 3))));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        char e = line.charAt(++i);
                        w.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> (char) 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            return null; // closing quote must be followed by a space or nothing at all
                        }
                        dq = false;
                        i++;
                        break;
                    } else {
                        w.append(c);
                    }
                } else if (sq) {
                    if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        w.append('\'');
                        i++;
                    } else if (c == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            return null;
                        }
                        sq = false;
                        i++;
                        break;
                    } else {
                        w.append(c);
                    }
                } else if (Character.isWhitespace(c)) {
                    break;
                } else if (c == '"') {
                    dq = true;
                } else if (c == '\'') {
                    sq = true;
                } else {
                    w.append(c);
                }
                i++;
            }
            out.add(w.toString());
        }
    }

    /** C's strtoll(s, NULL, 10): the leading number, 0 when there is none. */
    private static long strtoll(String s) {
        return Args.atoi(s); // held to an int's range: a repeat count beyond 2^31 never ends in a run anyway
    }

    /** C's atof: the longest leading decimal number, 0 when there is none. */
    static double atof(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?").matcher(s);
        return m.find() ? Double.parseDouble(m.group().trim()) : 0;
    }

    /** redis-cli 7.0.15's --help text. */
    static List<String> help() {
        try (InputStream in = RedisCliArgs.class.getResourceAsStream("redis-cli-help.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return List.of(text.substring(0, text.length() - 1).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
