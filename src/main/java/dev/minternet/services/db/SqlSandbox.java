package dev.minternet.services.db;

import java.util.Map;
import java.util.Set;

/**
 * The statements a scenario's SQL may not run, seed or session alike (docs/design.md decision 10):
 * whatever would run Java code on the host, open a host file or a connection outside the
 * database, or make the simulator wait on the wall clock.
 *
 * <p>The database user that seeds and sessions run as is not an H2 administrator, and H2 already
 * refuses every one of these to such a user ("Admin rights are required"), whatever the spelling;
 * this filter comes first so that the refusal names the statement and the rule. It reads the
 * words {@link SqlText} finds (strings, comments and dollar-quoted bodies are not words; quoted
 * identifiers are, because H2 resolves {@code "FILE_READ"(...)} like {@code FILE_READ(...)}).
 *
 * <table>
 *   <caption>What is refused and why</caption>
 *   <tr><th>statement</th><th>why</th></tr>
 *   <tr><td>CREATE ALIAS (AS $$ source $$ or FOR 'class.method'), CREATE AGGREGATE, CREATE TRIGGER,
 *       CREATE TABLE ... ENGINE</td><td>each is a Java class or Java source run in the JVM</td></tr>
 *   <tr><td>CREATE LINKED TABLE, LINK_SCHEMA()</td><td>opens a JDBC connection outside this database</td></tr>
 *   <tr><td>FILE_READ(), CSVREAD(), RUNSCRIPT</td><td>reads a host file</td></tr>
 *   <tr><td>FILE_WRITE(), CSVWRITE(), SCRIPT, BACKUP</td><td>writes a host file</td></tr>
 *   <tr><td>SET LOCK_TIMEOUT, SET QUERY_TIMEOUT, SET THROTTLE</td><td>makes the simulator thread wait or
 *       fail by the wall clock (the outcome would depend on the host's speed)</td></tr>
 * </table>
 */
final class SqlSandbox {
    /** A refused statement: what it is ("CREATE ALIAS", "FILE_READ()") and why it is refused. */
    record Refusal(String what, String why) {
        /** The message in a seed: "CREATE ALIAS is not allowed in a seed (...)". */
        String inSeed() {
            return what + " is not allowed in a seed (" + why + ")";
        }

        /** The message of the ErrorResponse a session gets (SQLSTATE 42501). */
        String inSession() {
            return "permission denied: " + what + " is not allowed (" + why + ")";
        }
    }

    private static final String JAVA = "it would run Java code on the host";
    private static final String LINK = "it would open a connection outside the database";
    private static final String READS = "it would read a host file";
    private static final String WRITES = "it would write a host file";
    private static final String WALL_CLOCK = "it would make the simulation wait on the wall clock";

    /** Functions refused wherever they are called. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "FILE_READ", READS, "CSVREAD", READS,
            "FILE_WRITE", WRITES, "CSVWRITE", WRITES,
            "LINK_SCHEMA", LINK);

    /** Statements refused by their first word. */
    private static final Map<String, String> VERBS = Map.of(
            "SCRIPT", WRITES, "BACKUP", WRITES, "RUNSCRIPT", READS);

    /** CREATE [modifiers] OBJECT refused by their object word. */
    private static final Map<String, String> CREATE = Map.of(
            "ALIAS", JAVA, "AGGREGATE", JAVA, "TRIGGER", JAVA, "LINKED", LINK);

    private static final Set<String> CREATE_MODIFIERS = Set.of("OR", "REPLACE", "FORCE", "IF", "NOT", "EXISTS",
            "LOCAL", "GLOBAL", "TEMP", "TEMPORARY", "CACHED", "MEMORY", "UNLOGGED");

    private static final Set<String> WALL_CLOCK_SETTINGS = Set.of("LOCK_TIMEOUT", "QUERY_TIMEOUT", "THROTTLE");

    private SqlSandbox() {
    }

    /** Why {@code st} may not run, or null when it may. */
    static Refusal check(SqlText.Statement st) {
        String verb = st.word(0);
        if (VERBS.containsKey(verb)) {
            return new Refusal(verb, VERBS.get(verb));
        }
        if (verb.equals("CREATE")) {
            int k = 1;
            while (CREATE_MODIFIERS.contains(st.word(k))) {
                k++;
            }
            String object = st.word(k);
            if (CREATE.containsKey(object)) {
                return new Refusal(object.equals("LINKED") ? "CREATE LINKED TABLE" : "CREATE " + object, CREATE.get(object));
            }
            if (object.equals("TABLE")) {
                // CREATE TABLE t (...) ENGINE "class" [WITH ...] [AS query]: the clause precedes AS
                for (SqlText.Word w : st.words()) {
                    if (w.depth() > 0 || w.quoted()) {
                        continue;
                    }
                    if (w.text().equals("AS")) {
                        break;
                    }
                    if (w.text().equals("ENGINE")) {
                        return new Refusal("CREATE TABLE ... ENGINE", JAVA);
                    }
                }
            }
        }
        if (verb.equals("SET") && WALL_CLOCK_SETTINGS.contains(st.word(1))) {
            return new Refusal("SET " + st.word(1), WALL_CLOCK);
        }
        for (SqlText.Word w : st.words()) {
            if (w.call() && FUNCTIONS.containsKey(w.text())) {
                return new Refusal(w.text() + "()", FUNCTIONS.get(w.text()));
            }
        }
        return null;
    }
}
