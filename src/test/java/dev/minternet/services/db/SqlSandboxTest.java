package dev.minternet.services.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement filter reads words, not raw text: strings, comments and bodies are not statements. */
class SqlSandboxTest {
    static String refused(String sql) {
        SqlSandbox.Refusal r = SqlSandbox.check(SqlText.split(sql).get(0));
        return r == null ? null : r.what();
    }

    @Test
    void test_the_refused_statements_are_named() {
        assertThat(refused("create alias x for 'java.lang.Math.abs'")).isEqualTo("CREATE ALIAS");
        assertThat(refused("CREATE OR REPLACE FORCE ALIAS x AS $$ int x() { return 1; } $$")).isEqualTo("CREATE ALIAS");
        assertThat(refused("CREATE FORCE LINKED TABLE t('d', 'u', 'a', 'b', 'T')")).isEqualTo("CREATE LINKED TABLE");
        assertThat(refused("CREATE AGGREGATE a FOR 'x.Y'")).isEqualTo("CREATE AGGREGATE");
        assertThat(refused("CREATE TRIGGER t AFTER INSERT ON x CALL 'x.Y'")).isEqualTo("CREATE TRIGGER");
        assertThat(refused("CREATE TABLE t (a INT) ENGINE \"x.Y\"")).isEqualTo("CREATE TABLE ... ENGINE");
        assertThat(refused("script to '/tmp/x'")).isEqualTo("SCRIPT");
        assertThat(refused("RUNSCRIPT FROM '/etc/passwd'")).isEqualTo("RUNSCRIPT");
        assertThat(refused("BACKUP TO 'x.zip'")).isEqualTo("BACKUP");
        assertThat(refused("SELECT length(file_read('/etc/passwd'))")).isEqualTo("FILE_READ()");
        assertThat(refused("SELECT * FROM CSVREAD ('/etc/passwd')")).isEqualTo("CSVREAD()");
        assertThat(refused("INSERT INTO t SELECT \"FILE_READ\"('/etc/passwd')")).isEqualTo("FILE_READ()");
        assertThat(refused("SET lock_timeout 5000")).isEqualTo("SET LOCK_TIMEOUT");
    }

    @Test
    void test_words_in_strings_comments_and_names_are_not_statements() {
        for (String ok : List.of(
                "INSERT INTO notes VALUES ('CREATE ALIAS x; FILE_READ(''/etc/passwd'')')",
                "SELECT 1 -- FILE_READ('/etc/passwd')",
                "SELECT 1 /* CSVWRITE('x', 'y') */",
                "SELECT $$ FILE_WRITE('a', 'b') $$",
                "SELECT file_read FROM t",
                "SELECT \"file_read\" FROM t",
                "CREATE TABLE cars (id INT, engine TEXT)",
                "CREATE TABLE big AS SELECT engine FROM cars",
                "CREATE TABLE scripts (script TEXT, backup TEXT)",
                "SET search_path TO public")) {
            assertThat(refused(ok)).as(ok).isNull();
        }
    }

    @Test
    void test_statements_know_their_line() {
        List<SqlText.Statement> st = SqlText.split("CREATE TABLE t (a INT);\n\n-- a comment\nINSERT INTO t\n VALUES (1);"
                + " INSERT INTO t VALUES ('x\ny');\nSELECT 1");
        assertThat(st.stream().map(SqlText.Statement::line)).containsExactly(1, 4, 5, 7);
    }
}
