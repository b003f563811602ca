package dev.minternet.services.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statement splitting, command tags, the clock/random guard, and PostgreSQL float output. */
class SqlTextTest {

    static List<String> sqls(String s) {
        return SqlText.split(s).stream().map(SqlText.Statement::sql).toList();
    }

    @Test
    void test_split_ignores_semicolons_in_strings_identifiers_comments_and_dollar_quotes() {
        assertThat(sqls("SELECT 'a;b'; SELECT \"x;y\" FROM t; -- c;d\nSELECT 1 /* e; /* nested; */ f; */ ;"
                + " SELECT $body$ g; $body$; SELECT 'it''s;'"))
                .containsExactly("SELECT 'a;b'", "SELECT \"x;y\" FROM t",
                        "-- c;d\nSELECT 1 /* e; /* nested; */ f; */", "SELECT $body$ g; $body$", "SELECT 'it''s;'");
    }

    @Test
    void test_blank_and_comment_only_statements_are_dropped() {
        assertThat(sqls("")).isEmpty();
        assertThat(sqls(" ; ;\n -- only a comment\n /* and another */ ")).isEmpty();
        assertThat(sqls("SELECT 1;;")).containsExactly("SELECT 1");
    }

    @Test
    void test_tags() {
        assertThat(tag("insert into t values (1)", 1)).isEqualTo("INSERT 0 1");
        assertThat(tag("UPDATE t SET a = 1", 4)).isEqualTo("UPDATE 4");
        assertThat(tag("delete from t", 0)).isEqualTo("DELETE 0");
        assertThat(tag("CREATE OR REPLACE VIEW v AS SELECT 1", 0)).isEqualTo("CREATE VIEW");
        assertThat(tag("create temporary table t (a int)", 0)).isEqualTo("CREATE TABLE");
        assertThat(tag("ALTER TABLE t ADD COLUMN b INT", 0)).isEqualTo("ALTER TABLE");
        assertThat(tag("TRUNCATE t", 0)).isEqualTo("TRUNCATE TABLE");
        assertThat(tag("WITH x AS (SELECT 1) UPDATE t SET a = 2", 3)).isEqualTo("UPDATE 3");
        assertThat(tag("SET search_path TO public", 0)).isEqualTo("SET");
    }

    static String tag(String sql, long n) {
        return SqlText.tag(SqlText.split(sql).get(0), n);
    }

    @Test
    void test_clock_and_random_guard() {
        assertThat(guard("SELECT now()")).isEqualTo("NOW()");
        assertThat(guard("select current_timestamp")).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(guard("SELECT * FROM t ORDER BY RANDOM ()")).isEqualTo("RANDOM()");
        assertThat(guard("INSERT INTO t VALUES (random_uuid())")).isEqualTo("RANDOM_UUID()");
        // not calls, or inside strings and quoted names: fine
        assertThat(guard("CREATE TABLE t (id UUID, now INT, \"current_timestamp\" INT)")).isNull();
        assertThat(guard("SELECT 'now()', $$random()$$ -- now()")).isNull();
    }

    static String guard(String sql) {
        return SqlText.nondeterministicCall(SqlText.split(sql).get(0));
    }

    @Test
    void test_clock_functions_become_literals_of_the_simulated_instant() {
        Instant now = Instant.parse("2026-03-01T12:34:56.123456789Z");
        SqlText.Statement st = SqlText.split("  SELECT now(), 'now()', Current_Timestamp(3), current_date, localtime;").get(0);
        assertThat(SqlText.nondeterministicCall(st, true)).isNull();
        assertThat(SqlText.nondeterministicCall(st, false)).isEqualTo("NOW()");
        assertThat(SqlText.withSimulatedClock(st, now)).isEqualTo("SELECT TIMESTAMP WITH TIME ZONE '2026-03-01 12:34:56.123456+00',"
                + " 'now()', TIMESTAMP WITH TIME ZONE '2026-03-01 12:34:56.123456+00', DATE '2026-03-01', TIME '12:34:56.123456'");
        SqlText.Statement ddl = SqlText.split("CREATE TABLE t (at TIMESTAMP DEFAULT now())").get(0);
        assertThat(SqlText.nondeterministicCall(ddl, true)).isEqualTo("NOW()");
        SqlText.Statement column = SqlText.split("SELECT now FROM t").get(0);
        assertThat(SqlText.withSimulatedClock(column, now)).isEqualTo("SELECT now FROM t");
    }

    @Test
    void test_floats_print_like_postgres() {
        assertThat(H2Types.floatText(1.0, 15)).isEqualTo("1");
        assertThat(H2Types.floatText(1.5, 15)).isEqualTo("1.5");
        assertThat(H2Types.floatText(0.1, 15)).isEqualTo("0.1");
        assertThat(H2Types.floatText(-2.5e-5, 15)).isEqualTo("-2.5e-05");
        assertThat(H2Types.floatText(1e15, 15)).isEqualTo("1e+15");
        assertThat(H2Types.floatText(123456789012345.0, 15)).isEqualTo("123456789012345");
        assertThat(H2Types.floatText(1.25e100, 15)).isEqualTo("1.25e+100");
        assertThat(H2Types.floatText(0.0001, 15)).isEqualTo("0.0001");
        assertThat(H2Types.floatText(Double.NaN, 15)).isEqualTo("NaN");
        assertThat(H2Types.floatText(Double.NEGATIVE_INFINITY, 15)).isEqualTo("-Infinity");
        assertThat(H2Types.floatText(-0.0, 15)).isEqualTo("-0");
        assertThat(H2Types.floatText(1234567f, 6)).isEqualTo("1.234567e+06");
        assertThat(H2Types.floatText(0.1f, 6)).isEqualTo("0.1");
    }
}
