package dev.minternet.services.db;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lexical facts about a simple-query string, enough for the server without a SQL parser: where
 * one statement ends and the next begins, the words that decide a statement's command tag, and
 * calls that would read the host's clock or randomness or are not allowed at all
 * ({@link SqlSandbox}). Strings ('...', E'...'), dollar-quoted bodies ($tag$...$tag$), line
 * comments (--) and nested block comments are skipped, so a ';' or a word inside them counts for
 * nothing; a quoted identifier ("...") is a word marked {@code quoted}, because H2 resolves a
 * quoted function name like a bare one.
 */
final class SqlText {
    /**
     * One statement: its text (trimmed), its words, upper-cased, with paren depth, and the
     * 1-based line of the whole string on which it starts.
     */
    record Statement(String sql, List<Word> words, int line) {
        Statement(String sql, List<Word> words) {
            this(sql, words, 1);
        }

        String word(int i) {
            return i < words.size() ? words.get(i).text() : "";
        }
    }

    /**
     * A word; {@code start}/{@code end} index the statement's (trimmed) text (for a quoted
     * identifier, including its quotes, and {@code text} is its content upper-cased).
     */
    record Word(String text, int depth, boolean call, int start, int end, boolean quoted) {
        Word(String text, int depth, boolean call, int start, int end) {
            this(text, depth, call, start, end, false);
        }
    }

    /**
     * Words that read the host's wall clock or an unseeded generator in H2. A simulation must be
     * reproducible, so the server refuses statements using them ({@link #nondeterministicCall}).
     * Bare keywords need no parentheses; the others count only as calls ({@code name(}).
     */
    static final Set<String> CLOCK_KEYWORDS = Set.of("CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME",
            "LOCALTIME", "LOCALTIMESTAMP", "SYSDATE", "SYSTIMESTAMP");
    static final Set<String> NONDETERMINISTIC_FUNCTIONS = Set.of("NOW", "GETDATE", "CLOCK_TIMESTAMP",
            "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "TIMEOFDAY", "RAND", "RANDOM", "SECURE_RAND",
            "RANDOM_UUID", "UUID", "GEN_RANDOM_UUID", "SYS_GUID", "NEWID", "SESSION_ID", "MEMORY_FREE", "MEMORY_USED",
            "TODAY");

    private SqlText() {
    }

    /** Splits on top-level ';'; statements holding only blanks and comments are dropped. */
    static List<Statement> split(String sql) {
        List<Statement> out = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        int n = sql.length();
        int stmtStart = 0;
        int depth = 0;
        boolean significant = false;
        int firstSignificant = 0;
        int line = 1;
        int lineCounted = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int nest = 1;
                i += 2;
                while (i < n && nest > 0) {
                    if (sql.startsWith("/*", i)) {
                        nest++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        nest--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
                continue;
            }
            if (c == ';' ) {
                if (significant) {
                    line += newlines(sql, lineCounted, firstSignificant);
                    lineCounted = firstSignificant;
                    out.add(statement(sql, stmtStart, i, words, line));
                }
                words = new ArrayList<>();
                significant = false;
                depth = 0;
                stmtStart = ++i;
                continue;
            }
            if (!Character.isWhitespace(c) && !significant) {
                significant = true;
                firstSignificant = i;
            }
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
            } else if (c == '"') {
                int s = i;
                i = skipQuoted(sql, i, '"');
                String name = sql.substring(s + 1, Math.max(s + 1, i - 1)).replace("\"\"", "\"");
                words.add(new Word(name.toUpperCase(Locale.ROOT), depth, followedByParen(sql, i), s, i, true));
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                i = close < 0 ? n : close + tag.length();
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                // E'...' and similar prefixes: the quote that follows is a string, handled next loop
                words.add(new Word(sql.substring(s, i).toUpperCase(Locale.ROOT), depth, followedByParen(sql, i), s, i));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        if (significant) {
            line += newlines(sql, lineCounted, firstSignificant);
            out.add(statement(sql, stmtStart, n, words, line));
        }
        return out;
    }

    private static boolean followedByParen(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '(';
    }

    private static int newlines(String sql, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (sql.charAt(i) == '\n') {
                k++;
            }
        }
        return k;
    }

    /** The statement in [from, to), trimmed, with word positions made relative to the trimmed text. */
    private static Statement statement(String sql, int from, int to, List<Word> words, int line) {
        String raw = sql.substring(from, to);
        int lead = raw.length() - raw.stripLeading().length();
        int base = from + lead;
        List<Word> rel = new ArrayList<>(words.size());
        for (Word w : words) {
            rel.add(new Word(w.text(), w.depth(), w.call(), w.start() - base, w.end() - base, w.quoted()));
        }
        return new Statement(raw.strip(), rel, line);
    }

    private static int skipQuoted(String s, int i, char q) {
        int n = s.length();
        i++;
        while (i < n) {
            if (s.charAt(i) == q) {
                if (i + 1 < n && s.charAt(i + 1) == q) {
                    i += 2; // doubled quote stands for itself
                    continue;
                }
                return i + 1;
            }
            if (s.charAt(i) == '\\' && q == '\'' && i > 1 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')) {
                i += 2; // conservative: backslash escapes only matter in E'' strings
                continue;
            }
            i++;
        }
        return n;
    }

    /** End (exclusive) of a dollar-quote opening tag {@code $tag$} at {@code i}, or -1. */
    private static int dollarTagEnd(String s, int i) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(s.charAt(j))) {
                return -1; // $1 is a parameter, not a tag
            }
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? j + 1 : -1;
    }

    /** The first clock or random call in {@code st}, as written in an error message, or null. */
    static String nondeterministicCall(Statement st) {
        return nondeterministicCall(st, false);
    }

    /**
     * Like {@link #nondeterministicCall(Statement)}, but with {@code simulatedClock} the PostgreSQL
     * clock functions ({@link #SIMULATED_CLOCK}) pass, because {@link #withSimulatedClock} will
     * replace them, except in CREATE and ALTER statements, where a column DEFAULT would later be
     * evaluated by H2's own clock.
     */
    static String nondeterministicCall(Statement st, boolean simulatedClock) {
        boolean ddl = st.word(0).equals("CREATE") || st.word(0).equals("ALTER");
        for (Word w : st.words()) {
            if (w.quoted() && !w.call()) {
                continue; // a column or table named "current_date" reads nothing
            }
            if (simulatedClock && !ddl && SIMULATED_CLOCK.contains(w.text()) && (w.call() || !CLOCK_CALLS.contains(w.text()))) {
                continue;
            }
            if (CLOCK_KEYWORDS.contains(w.text())) {
                return w.text();
            }
            if (w.call() && NONDETERMINISTIC_FUNCTIONS.contains(w.text())) {
                return w.text() + "()";
            }
        }
        return null;
    }

    /** PostgreSQL's clock functions that follow the simulated date when the server has one. */
    static final Set<String> SIMULATED_CLOCK = Set.of("CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME",
            "LOCALTIME", "LOCALTIMESTAMP", "NOW", "TRANSACTION_TIMESTAMP", "STATEMENT_TIMESTAMP", "CLOCK_TIMESTAMP");
    /** Those of them that are functions, always written with parentheses. */
    private static final Set<String> CLOCK_CALLS = Set.of("NOW", "TRANSACTION_TIMESTAMP", "STATEMENT_TIMESTAMP",
            "CLOCK_TIMESTAMP");

    /**
     * The statement's text with each clock function replaced by a literal of the simulated
     * instant {@code now} (microseconds, as PostgreSQL keeps them; the session time zone is UTC):
     * {@code now()} and {@code CURRENT_TIMESTAMP} become {@code TIMESTAMP WITH TIME ZONE '...+00'},
     * {@code LOCALTIMESTAMP} a {@code TIMESTAMP}, {@code CURRENT_DATE} a {@code DATE},
     * {@code CURRENT_TIME}/{@code LOCALTIME} a {@code TIME [WITH TIME ZONE]}. A precision
     * argument such as {@code CURRENT_TIMESTAMP(3)} is dropped with its parentheses.
     */
    static String withSimulatedClock(Statement st, Instant now) {
        String sql = st.sql();
        StringBuilder out = null;
        int copied = 0;
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC)
                .withNano(now.getNano() / 1000 * 1000);
        String date = t.toLocalDate().toString();
        String time = H2Types.time(t.toLocalTime());
        for (Word w : st.words()) {
            String literal = switch (w.text()) {
                case "CURRENT_TIMESTAMP", "NOW", "TRANSACTION_TIMESTAMP", "STATEMENT_TIMESTAMP", "CLOCK_TIMESTAMP" ->
                        "TIMESTAMP WITH TIME ZONE '" + date + " " + time + "+00'";
                case "LOCALTIMESTAMP" -> "TIMESTAMP '" + date + " " + time + "'";
                case "CURRENT_DATE" -> "DATE '" + date + "'";
                case "CURRENT_TIME" -> "TIME WITH TIME ZONE '" + time + "+00'";
                case "LOCALTIME" -> "TIME '" + time + "'";
                default -> null;
            };
            if (literal == null || (CLOCK_CALLS.contains(w.text()) || w.quoted()) && !w.call()) {
                continue;
            }
            int end = w.end();
            if (w.call()) {
                int close = sql.indexOf(')', end);
                end = close < 0 ? sql.length() : close + 1;
            }
            if (out == null) {
                out = new StringBuilder(sql.length() + 64);
            }
            out.append(sql, copied, w.start()).append(literal);
            copied = end;
        }
        if (out == null) {
            return sql;
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The statement's verb: the first word, or for WITH the first top-level DML/SELECT word after it. */
    static String verb(Statement st) {
        String first = st.word(0);
        if (!first.equals("WITH")) {
            return first;
        }
        for (Word w : st.words()) {
            if (w.depth() == 0 && Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES").contains(w.text())) {
                return w.text();
            }
        }
        return "SELECT";
    }

    private static final Set<String> CREATE_MODIFIERS = Set.of("OR", "REPLACE", "UNIQUE", "TEMP", "TEMPORARY",
            "LOCAL", "GLOBAL", "UNLOGGED", "CACHED", "MEMORY", "FORCE", "LINKED");

    /**
     * PostgreSQL's command tag for a statement that returned no rows, from its verb and the
     * update count: "INSERT 0 n" (the 0 is the OID field, always 0 since PostgreSQL 12),
     * "UPDATE n", "CREATE TABLE", "BEGIN"...
     */
    static String tag(Statement st, long count) {
        String verb = verb(st);
        switch (verb) {
            case "INSERT":
                return "INSERT 0 " + count;
            case "UPDATE":
            case "DELETE":
            case "MERGE":
            case "COPY":
            case "FETCH":
            case "MOVE":
                return verb + " " + count;
            case "SELECT":
            case "VALUES":
            case "TABLE":
                return "SELECT " + count;
            case "CREATE":
            case "DROP":
            case "ALTER": {
                int k = 1;
                while (CREATE_MODIFIERS.contains(st.word(k))) {
                    k++;
                }
                String object = st.word(k);
                return object.isEmpty() ? verb : verb + " " + object;
            }
            case "TRUNCATE":
                return "TRUNCATE TABLE";
            case "START":
                return "START TRANSACTION";
            case "END":
                return "COMMIT";
            case "ABORT":
                return "ROLLBACK";
            default:
                return verb;
        }
    }
}
