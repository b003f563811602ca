package dev.minternet.services.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client inside the simulation is an ordinary PostgreSQL role: every statement that would reach
 * outside the database (Java aliases, file functions, linked tables, SCRIPT, RUNSCRIPT, BACKUP)
 * is refused with 42501 naming the statement, and nothing on the host is read or written.
 */
class SandboxOverTheWireTest {
    static final long MS = 1_000_000L;

    @TempDir
    Path host;

    DbHarness h;
    DbConnection c;

    @BeforeEach
    void connect() {
        h = new DbHarness(DbHarness.config(), MS);
        c = h.connect();
    }

    @AfterEach
    void close() {
        h.close();
    }

    private DbError refused(String sql) {
        QueryResult r = h.query(c, sql);
        assertThat(r.ok()).as("%s should be refused", sql).isFalse();
        return r.error();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CREATE ALIAS shell exec  | CREATE ALIAS RUN AS $$ String run(String f) throws Exception { new java.io.File(f).createNewFile(); return f; } $$; CALL RUN('TARGET') | CREATE ALIAS",
        "ALIAS FOR System.getenv  | CREATE ALIAS GETENV FOR 'java.lang.System.getenv'                         | CREATE ALIAS",
        "FILE_WRITE               | CALL FILE_WRITE('pwned', 'TARGET')                                        | FILE_WRITE()",
        "CSVWRITE                 | CALL CSVWRITE('TARGET', 'SELECT * FROM users')                            | CSVWRITE()",
        "SCRIPT TO                | SCRIPT TO 'TARGET'                                                        | SCRIPT",
        "BACKUP TO                | BACKUP TO 'TARGET'                                                        | BACKUP",
        "CREATE LINKED TABLE      | CREATE LINKED TABLE lt('org.h2.Driver', 'jdbc:h2:file:TARGET', 'sa', '', 'T') | CREATE LINKED TABLE",
        "LINK_SCHEMA              | CALL LINK_SCHEMA('s2', '', 'jdbc:h2:file:TARGET', 'sa', '', 'PUBLIC')    | LINK_SCHEMA()",
        "quoted FILE_WRITE        | CALL \"FILE_WRITE\"('pwned', 'TARGET')                                    | FILE_WRITE()",
        "lower-case in a view     | create view v as select file_write('pwned', 'TARGET') as x from users      | FILE_WRITE()",
    })
    void writes_to_the_host_are_refused_with_42501_naming_the_statement(String attack, String sql, String what)
            throws Exception {
        Path target = host.resolve("pwned.txt");
        DbError e = refused(sql.replace("TARGET", target.toString()));
        assertThat(e.code()).isEqualTo(PgProtocol.INSUFFICIENT_PRIVILEGE);
        assertThat(e.message()).startsWith("permission denied: " + what + " is not allowed (").doesNotContain("\n");
        try (var files = Files.list(host)) {
            assertThat(files.toList()).as("files the attack left on the host").isEmpty();
        }
        // the session goes on
        assertThat(h.query(c, "SELECT count(*) FROM users").statements().get(0).rows()).containsExactly(List.of("3"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FILE_READ       | SELECT FILE_READ('SECRET')                 | FILE_READ()",
        "CSVREAD         | SELECT * FROM CSVREAD('SECRET')            | CSVREAD()",
        "RUNSCRIPT FROM  | RUNSCRIPT FROM 'SECRET'                    | RUNSCRIPT",
        "getenv alias    | CREATE ALIAS E FOR 'java.lang.System.getenv(java.lang.String)'; CALL E('HOME') | CREATE ALIAS",
    })
    void reads_from_the_host_are_refused_and_quote_nothing_of_the_file(String attack, String sql, String what)
            throws Exception {
        Path secret = host.resolve("secret.csv");
        Files.writeString(secret, "name\nhunter2-the-secret\n");
        DbError e = refused(sql.replace("SECRET", secret.toString()));
        assertThat(e.code()).isEqualTo(PgProtocol.INSUFFICIENT_PRIVILEGE);
        assertThat(e.message()).contains(what + " is not allowed").doesNotContain("hunter2");
    }

    @Test
    void what_the_filter_cannot_spell_h2_refuses_to_a_non_admin_user() {
        // a Unicode-escaped identifier is not a word the filter reads; H2's rights still refuse it
        DbError e = refused("SELECT U&\"\\0046ILE_READ\"('" + host.resolve("x") + "')");
        assertThat(e.code()).isEqualTo(PgProtocol.INSUFFICIENT_PRIVILEGE);
        assertThat(e.message()).contains("permission denied");
        assertThat(refused("CREATE USER eve PASSWORD 'x'").code()).isEqualTo(PgProtocol.INSUFFICIENT_PRIVILEGE);
        assertThat(refused("SHUTDOWN").code()).isEqualTo(PgProtocol.INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void the_session_is_an_ordinary_role() {
        assertThat(c.parameters()).containsEntry("is_superuser", "off");
        QueryResult r = h.query(c, "SHOW is_superuser");
        assertThat(r.ok()).as("%s", r.error()).isTrue();
        assertThat(r.statements().get(0).columnNames()).containsExactly("is_superuser");
        assertThat(r.statements().get(0).rows()).containsExactly(List.of("off"));
        assertThat(r.statements().get(0).tag()).isEqualTo("SHOW");
        assertThat(h.query(c, "SHOW timezone").statements().get(0).columnNames()).containsExactly("TimeZone");
        // its own tables are its to create, change and drop
        assertThat(h.query(c, "CREATE TABLE notes (id INT); INSERT INTO notes VALUES (1); DROP TABLE notes").ok()).isTrue();
    }

    @Test
    void settings_that_would_wait_on_the_wall_clock_are_refused() {
        for (String sql : List.of("SET LOCK_TIMEOUT 100000", "SET THROTTLE 1000", "set query_timeout 5")) {
            DbError e = refused(sql);
            assertThat(e.code()).isEqualTo(PgProtocol.INSUFFICIENT_PRIVILEGE);
            assertThat(e.message()).contains("wall clock");
        }
    }

    /** Records whether it was ever deserialised. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialised;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            deserialised = true;
            in.defaultReadObject();
        }
    }

    @Test
    void java_object_bytes_are_never_deserialised() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(b)) {
            o.writeObject(new Canary());
        }
        String hex = HexFormat.of().formatHex(b.toByteArray());
        Canary.deserialised = false;
        QueryResult r = h.query(c, "SELECT CAST(X'" + hex + "' AS JAVA_OBJECT) AS o");
        assertThat(Canary.deserialised).isFalse();
        assertThat(r.ok()).as("%s", r.error()).isTrue();
        assertThat(r.statements().get(0).rows().get(0).get(0)).isEqualTo("\\x" + hex);
        assertThat(r.statements().get(0).fields().get(0).typeOid()).isEqualTo(PgType.BYTEA.oid());
    }
}
