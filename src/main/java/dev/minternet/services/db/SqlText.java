package dev.minternet.services.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lexical facts about a simple-query string, enough for the server without a SQL parser: where
 * one statement ends and the next begins, the words that decide a statement's command tag, and
 * calls that would read the host's clock or randomness. Strings ('...', E'...'), quoted
 * identifiers ("..."), dollar-quoted bodies ($tag$...$tag$), line comments (--) and nested block
 * comments are skipped, so a ';' or a word inside them counts for nothing.
 */
final class SqlText {
    /** One statement: its text (trimmed) and its bare words, upper-cased, with paren depth. */
    record Statement(String sql, List<Word> words) {
        String word(int i) {
            return i < words.size() ? words.get(i).text() : "";
        }
    }

    record Word(String text, int depth, boolean call) {
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
                    out.add(new Statement(sql.substring(stmtStart, i).strip(), words));
                }
                words = new ArrayList<>();
                significant = false;
                depth = 0;
                stmtStart = ++i;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                significant = true;
            }
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"');
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
                int j = i;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                boolean call = j < n && sql.charAt(j) == '(';
                // E'...' and similar prefixes: the quote that follows is a string, handled next loop
                words.add(new Word(sql.substring(s, i).toUpperCase(Locale.ROOT), depth, call));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        if (significant) {
            out.add(new Statement(sql.substring(stmtStart).strip(), words));
        }
        return out;
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
        for (Word w : st.words()) {
            if (CLOCK_KEYWORDS.contains(w.text())) {
                return w.text();
            }
            if (w.call() && NONDETERMINISTIC_FUNCTIONS.contains(w.text())) {
                return w.text() + "()";
            }
        }
        return null;
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
