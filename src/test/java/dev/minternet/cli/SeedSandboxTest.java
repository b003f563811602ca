package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A database seed is a stranger's SQL: {@code minternet check} and {@code run} refuse every
 * statement that would reach outside the database, with one line naming the seed's line and the
 * rule, and leave the host untouched.
 */
class SeedSandboxTest {
    @TempDir
    Path dir;

    /** Where the attacks aim: a folder outside the scenario's. */
    @TempDir
    Path host;

    static final String SCENARIO = """
            name: seed-attack
            nodes:
              - {name: app, kind: host}
              - {name: db, kind: host, services: [{type: db, seed: seed.sql}]}
            links:
              - {a: app 10.0.0.1/24, b: db 10.0.0.2/24}
            """;

    private Path scenario(String attack) throws Exception {
        Files.writeString(dir.resolve("seed.sql"), "CREATE TABLE users (id INT, name TEXT);\n"
                + "INSERT INTO users VALUES (1, 'ada');\n" + attack + ";\n");
        Path f = dir.resolve("attack.yaml");
        Files.writeString(f, SCENARIO);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CREATE ALIAS shell exec | CREATE ALIAS X AS $$ String x() throws Exception { new ProcessBuilder(\"touch\", \"TARGET\").start().waitFor(); return \"x\"; } $$; CALL X() | CREATE ALIAS",
        "ALIAS FOR System.getenv | CREATE ALIAS GETENV FOR 'java.lang.System.getenv(java.lang.String)'; CALL GETENV('HOME') | CREATE ALIAS",
        "FILE_WRITE              | CALL FILE_WRITE('pwned', 'TARGET')                         | FILE_WRITE()",
        "CSVWRITE                | CALL CSVWRITE('TARGET', 'SELECT * FROM users')             | CSVWRITE()",
        "SCRIPT TO               | SCRIPT TO 'TARGET'                                         | SCRIPT",
        "BACKUP TO               | BACKUP TO 'TARGET'                                         | BACKUP",
        "CREATE LINKED TABLE     | CREATE LINKED TABLE lt('org.h2.Driver', 'jdbc:h2:TARGET', 'sa', '', 'T') | CREATE LINKED TABLE",
        "LINK_SCHEMA             | CALL LINK_SCHEMA('s2', '', 'jdbc:h2:TARGET', 'sa', '', 'PUBLIC') | LINK_SCHEMA()",
        "trigger                 | CREATE TRIGGER t BEFORE INSERT ON users AS $$ org.h2.api.Trigger create() { return null; } $$ | CREATE TRIGGER",
    })
    void check_and_run_refuse_a_seed_that_writes_or_runs_code_on_the_host(String attack, String sql, String what)
            throws Exception {
        Path target = host.resolve("pwned");
        Path f = scenario(sql.replace("TARGET", target.toString()));
        for (String[] cmd : new String[][] {{"check", f.toString()}, {"run", f.toString(), "--out", dir.toString()}}) {
            Outcome o = CliTest.exec(cmd);
            assertThat(o.code()).as(cmd[0]).isEqualTo(2);
            assertThat(o.err().strip()).doesNotContain("\n").startsWith(f + ":4:")
                    .contains("nodes[1].services[0].seed: seed.sql:3: " + what + " is not allowed in a seed (");
            try (var files = Files.list(host)) {
                assertThat(files.toList()).as("files left on the host by " + cmd[0]).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FILE_READ      | INSERT INTO users SELECT 2, FILE_READ('SECRET') | FILE_READ()",
        "CSVREAD        | INSERT INTO users SELECT 2, name FROM CSVREAD('SECRET') | CSVREAD()",
        "RUNSCRIPT FROM | RUNSCRIPT FROM 'SECRET'                         | RUNSCRIPT",
    })
    void check_refuses_a_seed_that_reads_a_host_file_and_quotes_none_of_it(String attack, String sql, String what)
            throws Exception {
        Path secret = host.resolve("secret.csv");
        Files.writeString(secret, "name\nhunter2-the-secret\n");
        Path f = scenario(sql.replace("SECRET", secret.toString()));
        Outcome o = CliTest.exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("seed.sql:3: " + what + " is not allowed in a seed").doesNotContain("hunter2");
    }

    @Test
    void a_failing_seed_statement_is_named_by_its_line_and_quoted_only_by_its_head() throws Exception {
        Path f = scenario("INSERT INTO nowhere VALUES ('" + "x".repeat(5000) + "')");
        Outcome o = CliTest.exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("seed.sql:3: seed SQL failed: ");
        assertThat(o.err().length()).isLessThan(600);
    }

    @Test
    void a_good_seed_still_seeds() throws Exception {
        Path f = scenario("SELECT 1");
        Outcome o = CliTest.exec("check", f.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.code()).isZero();
    }
}
