package dev.minternet.cli;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark path of {@code minternet sweep --spark MASTER}: the same runs as the local path, each
 * one Spark task (one partition per run), each task one whole simulation made by the same code
 * ({@link SweepCommand#runOne}), so a row is the same whichever path made it. The rows come back
 * to the driver in run order; the driver writes the CSV, or Spark writes the Parquet folder.
 *
 * <p>The only class that names Spark: Spark is a {@code provided} dependency, absent from
 * minternet.jar, and this class is loaded only after {@link SweepCommand#sparkMissing} found it.
 */
final class SparkSweep {
    private SparkSweep() {
    }

    /** One run to make: its index (from 0), its --set values and its seed. */
    record Task(int index, ArrayList<String> values, long seed) implements Serializable {
    }

    /** A run's figures, or the one line (and exit status) its failure would print on the local path. */
    record Result(int index, ArrayList<String> figures, String error, int code) implements Serializable {
    }

    /** The function Spark runs in each task: one whole simulation. */
    static final class RunTask implements Function<Task, Result> {
        private static final long serialVersionUID = 1L;
        private final SweepCommand.Job job;

        RunTask(SweepCommand.Job job) {
            this.job = job;
        }

        @Override
        public Result call(Task t) {
            try {
                return new Result(t.index(), new ArrayList<>(job.run(t.index(), t.values(), t.seed())), null, 0);
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                StringWriter line = new StringWriter();
                int code = Failures.report(e, new PrintWriter(line), false);
                return new Result(t.index(), null, line.toString().strip(), code);
            }
        }
    }

    /**
     * Runs {@code runs} on {@code master} and returns their figures in run order; writes them to
     * {@code parquet} (a folder, replaced) when it is not null. A Spark session already running in
     * this JVM is used and left running; one made here is stopped.
     */
    static List<List<String>> run(String master, SweepCommand.Job job, List<SweepCommand.Run> runs, Path parquet,
            List<String> header) {
        boolean existing = running(SparkSession.getActiveSession()) || running(SparkSession.getDefaultSession());
        SparkSession spark;
        try {
            spark = SparkSession.builder().master(master).appName("minternet sweep").getOrCreate();
        } catch (RuntimeException | LinkageError e) {
            throw CliError.runtime("--spark " + master + ": Spark did not start: " + firstLine(e));
        }
        try {
            List<Task> tasks = new ArrayList<>();
            for (SweepCommand.Run r : runs) {
                tasks.add(new Task(r.index(), new ArrayList<>(r.values()), r.seed()));
            }
            List<Result> results;
            try {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                results = jsc.parallelize(tasks, Math.max(1, tasks.size())).map(new RunTask(job)).collect();
            } catch (RuntimeException | LinkageError e) {
                throw CliError.runtime("--spark " + master + ": the Spark job failed: " + firstLine(e));
            }
            List<List<String>> rows = new ArrayList<>();
            for (Result r : results) {
                if (r.error() != null) {
                    String m = r.error().startsWith("minternet: ") ? r.error().substring("minternet: ".length()) : r.error();
                    throw r.code() == 2 ? CliError.usage(m) : CliError.runtime(m);
                }
                if (r.index() != rows.size()) {
                    throw new IllegalStateException("Spark returned run " + (r.index() + 1) + " at " + (rows.size() + 1));
                }
                rows.add(r.figures());
            }
            if (parquet != null) {
                writeParquet(spark, parquet, header, job.paths().size(), runs, rows);
            }
            return rows;
        } finally {
            if (!existing) {
                spark.stop();
            }
        }
    }

    /**
     * One Parquet file (in the folder Spark writes): run (int), each --set value (string, as given),
     * seed (long), each metric (double; null when the output had no match).
     */
    private static void writeParquet(SparkSession spark, Path parquet, List<String> header, int values,
            List<SweepCommand.Run> runs, List<List<String>> rows) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            DataType type = i == 0 ? DataTypes.IntegerType : i <= values ? DataTypes.StringType
                    : i == values + 1 ? DataTypes.LongType : DataTypes.DoubleType;
            fields.add(DataTypes.createStructField(header.get(i), type, i > values + 1));
        }
        List<Row> data = new ArrayList<>();
        for (SweepCommand.Run r : runs) {
            List<Object> cells = new ArrayList<>();
            cells.add(r.index() + 1);
            cells.addAll(r.values());
            cells.add(r.seed());
            for (String f : rows.get(r.index())) {
                cells.add(f.isEmpty() ? null : Double.valueOf(f));
            }
            data.add(RowFactory.create(cells.toArray()));
        }
        try {
            spark.createDataFrame(data, new StructType(fields.toArray(new StructField[0]))).coalesce(1).write()
                    .mode(SaveMode.Overwrite).parquet(parquet.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw CliError.runtime("--out " + parquet + ": Spark could not write Parquet: " + firstLine(e));
        }
    }

    /** Whether {@code session} is a session whose context is not stopped (getOrCreate would return it). */
    static boolean running(scala.Option<SparkSession> session) {
        return session.isDefined() && !session.get().sparkContext().isStopped();
    }

    /** The first line of an exception's message (Spark's carry stack traces below it). */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "no message";
        }
        return m.strip().lines().findFirst().orElse("");
    }
}
