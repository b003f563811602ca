package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minternet sweep --spark}: on {@code local[2]} the Spark path makes the same rows as the
 * local path, writes Parquet that reads back with the same values, and without Spark on the
 * classpath says in one line how to run it. Small on purpose: one tiny scenario, at most 6 runs
 * a sweep, one Spark session that the test makes and shares with the command (the slow start: Spark's
 * classes load), then a few that the command makes and stops itself (fast, the classes loaded).
 */
class SweepSparkTest {
    @TempDir
    Path dir;

    /** The figures of the sweep: built-in counters, a number from the output, and a regex that never matches. */
    static final List<String> SWEEP = List.of("--set", "links[radio].loss=0%,10%", "--seeds", "1..3", "--metric",
            "loss-drops", "--metric", "events", "--metric", "rtt=rtt min/avg/max/mdev = [0-9.]+/([0-9.]+)", "--metric",
            "none=no such line ([0-9]+)");

    @BeforeAll
    static void quietSpark() {
        // SparkConf reads spark.* system properties: no web UI, and the driver on loopback
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        // surefire runs every test class in one JVM: Spark SQL must not install Hadoop's JVM-wide URL handlers there
        System.setProperty("spark.sql.defaultUrlStreamHandlerFactory.enabled", "false");
    }

    Path scenario() throws Exception {
        Path f = dir.resolve("lossy.yaml");
        Files.writeString(f, SweepCommandTest.LOSSY);
        return f;
    }

    Outcome sweep(Path f, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", f.toString()));
        args.addAll(SWEEP);
        args.addAll(List.of(more));
        return CliTest.exec(args.toArray(new String[0]));
    }

    @Test
    void on_local_2_the_rows_and_the_summary_are_the_local_sweeps_and_parquet_reads_back_the_same_values()
            throws Exception {
        Path f = scenario();
        Outcome local = sweep(f, "--out", dir.resolve("local.csv").toString(), "--threads", "2");
        assertThat(local.err()).isEmpty();
        assertThat(local.code()).isZero();

        SparkSession spark = SparkSession.builder().master("local[2]").appName("SweepSparkTest").getOrCreate();
        try {
            AtomicInteger tasks = new AtomicInteger();
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    tasks.incrementAndGet();
                }
            });
            Outcome csv = sweep(f, "--spark", "local[2]", "--out", dir.resolve("spark.csv").toString());
            assertThat(csv.err()).isEmpty();
            assertThat(csv.code()).isZero();
            // the same bytes: the same rows, in run order (cell, then seed), and the same summary
            List<String> rows = Files.readAllLines(dir.resolve("local.csv"));
            assertThat(Files.readAllLines(dir.resolve("spark.csv"))).isEqualTo(rows);
            assertThat(csv.out()).isEqualTo(local.out());
            assertThat(rows).hasSize(7);
            assertThat(rows.get(0)).isEqualTo("run,links[radio].loss,seed,loss-drops,events,rtt,none");
            // the sweep is not trivial: 10% loss drops packets, differently per seed
            assertThat(rows.subList(4, 7).stream().map(r -> r.split(",")[3]).distinct().count()).isGreaterThan(1);
            // each run was one Spark task; a session the command did not make is left running
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertThat(tasks.get()).isEqualTo(6);
            assertThat(spark.sparkContext().isStopped()).isFalse();

            Path parquet = dir.resolve("sweep.parquet");
            Outcome p = sweep(f, "--spark", "local[2]", "--out", parquet.toString());
            assertThat(p.err()).isEmpty();
            assertThat(p.code()).isZero();
            assertThat(p.out()).isEqualTo(local.out());
            assertThat(parquet.resolve("_SUCCESS")).exists();
            assertThat(Files.exists(dir.resolve("sweep.csv"))).isFalse();

            var read = spark.read().parquet(parquet.toString());
            assertThat(read.schema().simpleString()).isEqualTo("struct<run:int,links[radio].loss:string,seed:bigint,"
                    + "loss-drops:double,events:double,rtt:double,none:double>");
            List<Row> back = read.orderBy("run").collectAsList();
            assertThat(back).hasSize(6);
            for (int i = 0; i < 6; i++) {
                String[] cells = rows.get(i + 1).split(",", -1);
                Row r = back.get(i);
                assertThat(r.getInt(0)).isEqualTo(Integer.parseInt(cells[0]));
                assertThat(r.getString(1)).isEqualTo(cells[1]);
                assertThat(r.getLong(2)).isEqualTo(Long.parseLong(cells[2]));
                for (int m = 3; m <= 5; m++) {
                    assertThat(r.getDouble(m)).as(rows.get(i + 1)).isEqualTo(Double.parseDouble(cells[m]));
                }
                assertThat(cells[6]).isEmpty();
                assertThat(r.isNullAt(6)).isTrue();
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void the_command_makes_its_own_session_on_the_master_it_is_given_and_stops_it() throws Exception {
        Path f = scenario();
        assertThat(SparkSweep.running(SparkSession.getDefaultSession())).isFalse();
        Outcome local = CliTest.exec("sweep", f.toString(), "--set", "links[radio].loss=10%", "--seeds", "4..5",
                "--out", dir.resolve("local.csv").toString());
        Outcome spark = CliTest.exec("sweep", f.toString(), "--set", "links[radio].loss=10%", "--seeds", "4..5",
                "--spark", "local[2]", "--out", dir.resolve("spark.csv").toString());
        assertThat(spark.err()).isEmpty();
        assertThat(spark.code()).isZero();
        assertThat(Files.readString(dir.resolve("spark.csv"))).isEqualTo(Files.readString(dir.resolve("local.csv")));
        assertThat(spark.out()).isEqualTo(local.out());
        assertThat(SparkSweep.running(SparkSession.getDefaultSession())).isFalse();

        Path parquet = dir.resolve("sweep.parquet");
        for (int i = 0; i < 2; i++) { // the second replaces the first (the folder has _SUCCESS)
            Outcome p = CliTest.exec("sweep", f.toString(), "--set", "links[radio].loss=10%", "--seeds", "4..5",
                    "--spark", "local[1]", "--out", parquet.toString());
            assertThat(p.err()).isEmpty();
            assertThat(p.code()).isZero();
        }
        assertThat(parquet.resolve("_SUCCESS")).exists();
        try (var files = Files.list(parquet)) {
            assertThat(files.filter(x -> x.toString().endsWith(".parquet")).count()).isEqualTo(1);
        }
        assertThat(SparkSweep.running(SparkSession.getDefaultSession())).isFalse();
    }

    @Test
    void bad_masters_parquet_without_spark_and_clashing_columns_are_one_line_usage_errors() throws Exception {
        Path f = scenario();
        for (List<String> args : List.of(List.of("--spark", "bogus"), List.of("--spark", "local[x]"),
                List.of("--spark", "spark://"), List.of("--out", dir.resolve("a.parquet").toString()),
                List.of("--spark", "local[1]", "--metric", "seed=x([0-9])", "--out", dir.resolve("b.parquet").toString()),
                List.of("--spark", "local[1]", "--out", scenario().toString() + ".parquet"))) {
            if (args.contains(f + ".parquet")) {
                Files.writeString(Path.of(f + ".parquet"), "a file, not a folder");
            }
            List<String> all = new ArrayList<>(List.of("sweep", f.toString()));
            all.addAll(args);
            Outcome o = CliTest.exec(all.toArray(new String[0]));
            assertThat(o.code()).as(args.toString()).isEqualTo(2);
            assertThat(o.err()).as(args.toString()).startsWith("minternet: ").hasLineCount(1);
        }
        assertThat(CliTest.exec("sweep", f.toString(), "--out", dir.resolve("a.parquet").toString()).err())
                .contains("Parquet is written by the Spark path only");
    }

    @Test
    void without_spark_or_its_add_opens_spark_is_refused_in_one_line_and_the_local_sweep_still_runs()
            throws Exception {
        // the check itself: a loader that sees only the JDK has no Spark; the test's loader has it
        try (URLClassLoader jdkOnly = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(SweepCommand.sparkMissing(jdkOnly)).startsWith("--spark needs Apache Spark 3.5")
                    .contains("spark-submit --class dev.minternet.cli.Main").doesNotContain("\n");
        }
        assertThat(SweepCommand.sparkMissing(SweepCommand.class.getClassLoader())).isNull();

        // and the whole command in a JVM whose classpath lacks Spark's jars, as `java -jar minternet.jar` has
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains(File.separator + "org" + File.separator + "apache" + File.separator + "spark"
                        + File.separator))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(cp).isNotEqualTo(System.getProperty("java.class.path"));
        Path f = scenario();
        Outcome refused = java(cp, "sweep", f.toString(), "--spark", "local[2]", "--out", dir.resolve("x.csv").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).startsWith("minternet: --spark needs Apache Spark 3.5 on the classpath")
                .hasLineCount(1);
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
        // Spark there but java.base closed to it (java without the --add-opens flags): one line, before Spark starts
        Outcome closed = java(System.getProperty("java.class.path"), "sweep", f.toString(), "--spark", "local[2]", "--out",
                dir.resolve("z.csv").toString());
        assertThat(closed.code()).isEqualTo(2);
        assertThat(closed.err()).startsWith("minternet: --spark: Spark 3.5 needs java.base/java.lang and 13 more packages "
                + "opened").contains("docs/sweep.md").hasLineCount(1);
        assertThat(SweepCommand.sparkClosed(SweepCommand.class.getModule())).as("surefire's argLine opens them").isNull();
        Outcome plain = java(cp, "sweep", f.toString(), "--seeds", "1..2", "--out", dir.resolve("y.csv").toString());
        assertThat(plain.err()).isEmpty();
        assertThat(plain.code()).isZero();
        assertThat(Files.readAllLines(dir.resolve("y.csv"))).hasSize(3);
    }

    Outcome java(String cp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
