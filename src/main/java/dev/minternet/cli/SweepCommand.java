package dev.minternet.cli;

import dev.minternet.scenario.Limits;
import dev.minternet.scenario.Overrides;
import dev.minternet.scenario.Overrides.Setting;
import dev.minternet.scenario.Overrides.Sweep;
import dev.minternet.scenario.RunGuard;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.ScenarioSplit;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.node.World;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * minternet sweep: one scenario run over the cartesian product of parameter values and seeds,
 * each run a whole simulation, one CSV row per run and a summary per cell. Runs are independent
 * worlds, so they run on several threads; the rows are written in run order whatever the threads,
 * and each run is the run {@code minternet run --seed S} would make with the same values.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a scenario over every combination of --set values and seeds; write one CSV row per run "
                + "(the values, the seed and each --metric) and print mean, p50 and p99 per combination.")
public final class SweepCommand implements Callable<Integer> {
    /** More runs than a sweep on one machine needs; bounds the product of values and seeds. */
    static final int MAX_RUNS = 100_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file to sweep.")
    Path scenario;

    List<Sweep> sets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "PATH=V1,V2,...", description = "A field path of the scenario and the values "
            + "to try, e.g. links[access].delay=5ms,20ms or nodes[app].services[0].workers=2,4 (repeatable).")
    void setSets(List<String> texts) {
        sets.clear();
        for (String text : texts) {
            try {
                sets.add(Sweep.parse(text));
            } catch (IllegalArgumentException e) {
                throw CliError.usage("--set " + e.getMessage());
            }
        }
    }

    long seedFrom = 1;
    long seedTo = 1;

    @Option(names = "--seeds", paramLabel = "A..B", description = "The seeds of each combination, e.g. 1..10 "
            + "(default: the scenario's own seed).")
    void setSeeds(String text) {
        String[] ab = text.split("\\.\\.", -1);
        try {
            seedFrom = Long.parseLong(ab[0].strip());
            seedTo = ab.length == 2 ? Long.parseLong(ab[1].strip()) : seedFrom;
        } catch (NumberFormatException e) {
            throw CliError.usage("--seeds: expected A..B or one seed, e.g. 1..10 (got '" + text + "')");
        }
        if (ab.length > 2 || seedTo < seedFrom || seedTo - seedFrom >= MAX_RUNS) {
            throw CliError.usage("--seeds: expected A..B with A <= B and at most " + MAX_RUNS + " seeds (got '"
                    + text + "')");
        }
        seeds = true;
    }

    boolean seeds;

    List<Metric> metrics = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "NAME[=REGEX]", description = "A figure of each run: a built-in one ("
            + "events, sim-time, packets, drops, queue-drops, loss-drops, forwarded) or NAME=REGEX, the first group of "
            + "the last line of output that matches, e.g. 'rtt=rtt min/avg/max/mdev = [0-9.]+/([0-9.]+)' "
            + "(repeatable; default: events and drops).")
    void setMetrics(List<String> texts) {
        metrics.clear();
        for (String text : texts) {
            try {
                metrics.add(Metric.parse(text));
            } catch (IllegalArgumentException e) {
                throw CliError.usage("--metric " + e.getMessage());
            }
        }
    }

    @Option(names = "--out", paramLabel = "CSV", description = "Where to write the rows (default: sweep.csv); "
            + "a name ending in .parquet (with --spark) writes a Parquet folder instead; "
            + "files the timeline writes go under its folder, in runs/N/.")
    Path out = Path.of("sweep.csv");

    /** A Spark master URL, the forms spark-submit's --master takes. */
    static final Pattern MASTER = Pattern.compile("local(\\[(\\d{1,4}|\\*)(,\\d{1,4})?])?|local-cluster\\[\\d{1,4},\\d{1,4},"
            + "\\d{1,7}]|(spark|k8s|mesos)://[^\\s,/]+(,[^\\s,/]+)*(/\\S*)?|yarn");

    String spark;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the sweep as an Apache Spark job on this master "
            + "(local[N], spark://HOST:PORT, yarn, k8s://URL), one task per run; needs Spark 3.5 on the classpath "
            + "(spark-submit; see docs/sweep.md).")
    void setSpark(String master) {
        if (!MASTER.matcher(master).matches()) {
            throw CliError.usage("--spark: expected a Spark master: local[N], local[*], spark://HOST:PORT, yarn or "
                    + "k8s://URL (got '" + master + "')");
        }
        spark = master;
    }

    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--threads", paramLabel = "N", description = "Runs at the same time (default: the number of cores; "
            + "with --spark the master decides).")
    void setThreads(int n) {
        threads = (int) Checks.range(spec, "--threads", n, 1, 256);
    }

    @Mixin
    LimitOptions limitOptions;

    /** One run: the values of each --set, in order, and the seed. */
    record Run(int index, List<String> values, long seed) {
    }

    /**
     * What a Spark task needs to make one run, as Java serialization carries it to an executor:
     * the scenario's absolute path (on a cluster, at the same path on every worker), the --set
     * paths, each --metric's name and regular expression (null for a built-in one), the limits in
     * {@link Limits}' order, and the folder of runs/N/.
     */
    record Job(String scenario, ArrayList<String> paths, ArrayList<String> metricNames,
               ArrayList<String> metricPatterns, long[] limits, String runsDir) implements java.io.Serializable {
        List<Metric> metrics() {
            List<Metric> out = new ArrayList<>();
            for (int i = 0; i < metricNames.size(); i++) {
                String p = metricPatterns.get(i);
                out.add(new Metric(metricNames.get(i), p == null ? null : Pattern.compile(p)));
            }
            return out;
        }

        Limits limitsValue() {
            return new Limits(limits[0], (int) limits[1], (int) limits[2], (int) limits[3], (int) limits[4], limits[5],
                    limits[6]);
        }

        /** Run {@code index} (from 0) with these values and seed: its figures, as the local path makes them. */
        List<String> run(int index, List<String> values, long seed) throws ScenarioException, IOException {
            return runOne(Path.of(scenario), settings(paths, values), seed, metrics(), limitsValue(),
                    Path.of(runsDir).resolve(Integer.toString(index + 1)));
        }
    }

    /** The class whose absence means Spark is not on the classpath. */
    static final String SPARK_CLASS = "org.apache.spark.sql.SparkSession";

    /**
     * The one line to print when {@code --spark} is given and {@code loader} cannot see Spark (the
     * shaded jar leaves Spark out), or null when it can. Spark's classes are looked up, not loaded:
     * only {@link SparkSweep} names them.
     */
    static String sparkMissing(ClassLoader loader) {
        try {
            Class.forName(SPARK_CLASS, false, loader);
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "--spark needs Apache Spark 3.5 on the classpath, which minternet.jar leaves out: run "
                    + "spark-submit --class dev.minternet.cli.Main minternet.jar sweep ..., or java with Spark's "
                    + "--add-opens flags and -cp minternet.jar:$SPARK_HOME/jars/* (docs/sweep.md)";
        }
    }

    /** The packages of java.base that Spark 3.5 reaches into: what its launcher opens with --add-opens. */
    static final List<String> SPARK_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
            "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    /**
     * The one line to print when java.base keeps closed to {@code module} a package that Spark needs
     * open (Java 17 without the --add-opens flags that spark-submit passes), or null when all are open.
     */
    static String sparkClosed(Module module) {
        List<String> closed = new ArrayList<>();
        for (String p : SPARK_OPENS) {
            if (!Object.class.getModule().isOpen(p, module)) {
                closed.add(p);
            }
        }
        if (closed.isEmpty()) {
            return null;
        }
        return "--spark: Spark 3.5 needs java.base/" + closed.get(0) + (closed.size() > 1 ? " and " + (closed.size() - 1)
                + " more packages" : "") + " opened, which Java 17 keeps closed: run with spark-submit (it opens "
                + "them), or give java the --add-opens flags of docs/sweep.md";
    }

    /** Whether --out names a Parquet output (a folder Spark writes), by its extension. */
    boolean parquet() {
        return out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    @Override
    public Integer call() throws Exception {
        if (spark != null) {
            String missing = sparkMissing(SweepCommand.class.getClassLoader());
            if (missing != null) {
                throw CliError.usage(missing);
            }
            String closed = sparkClosed(SweepCommand.class.getModule());
            if (closed != null) {
                throw CliError.usage(closed);
            }
        }
        if (metrics.isEmpty()) {
            metrics.add(Metric.parse("events"));
            metrics.add(Metric.parse("drops"));
        }
        if (parquet()) {
            checkParquetOut();
        } else {
            Outputs.file("--out", out);
        }
        Limits limits = limitOptions.limits();
        Scenario base = ScenarioLoader.load(scenario, limits);
        if (!seeds) {
            seedFrom = base.seed();
            seedTo = base.seed();
        }
        List<Run> runs = plan();
        // Every combination is read once before any run, so a bad value fails at once, not an hour in.
        for (Run r : runs) {
            if (r.seed() == seedFrom) {
                ScenarioLoader.load(scenario, limits, settings(r));
            }
        }
        Path runsDir = out.toAbsolutePath().getParent().resolve("runs");
        List<List<String>> rows;
        if (spark == null) {
            rows = execute(runs, limits, runsDir);
        } else {
            // the only place that reaches Spark's classes, after sparkMissing said they are there
            rows = SparkSweep.run(spark, job(limits, runsDir), runs, parquet() ? out : null, header());
        }
        if (!parquet()) {
            write(runs, rows);
        }
        System.out.print(Summary.table(sets, metrics, runs, rows));
        return 0;
    }

    /**
     * A Parquet --out is a folder that Spark writes (part files and _SUCCESS), only on the Spark
     * path; an earlier one is replaced, anything else there is refused; column names must differ.
     */
    private void checkParquetOut() {
        if (spark == null) {
            throw CliError.usage("--out " + out + ": Parquet is written by the Spark path only; add --spark local[*] "
                    + "or write a .csv");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw CliError.usage("--out " + out + ": Not a directory (Parquet output is a folder)");
        }
        if (Files.isDirectory(out) && !Files.exists(out.resolve("_SUCCESS"))) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw CliError.usage("--out " + out + ": a folder that is not an earlier Parquet output (no _SUCCESS); "
                            + "choose another name");
                }
            } catch (IOException e) {
                throw CliError.usage("--out " + out + ": " + Failures.describe(e));
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        Outputs.dir("--out", parent);
        List<String> seen = new ArrayList<>();
        for (String h : header()) {
            String key = h.toLowerCase(Locale.ROOT);
            if (seen.contains(key)) {
                throw CliError.usage("--out " + out + ": two columns would be named '" + h + "' (Parquet needs distinct "
                        + "names, case aside); rename a --metric");
            }
            seen.add(key);
        }
    }

    /** What a Spark task needs to make one run, in a form Java serialization carries. */
    Job job(Limits limits, Path runsDir) {
        List<String> paths = new ArrayList<>();
        for (Sweep s : sets) {
            paths.add(s.path());
        }
        List<String> names = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (Metric m : metrics) {
            names.add(m.name());
            patterns.add(m.pattern() == null ? null : m.pattern().pattern());
        }
        long[] l = {limits.scenarioBytes(), limits.yamlDepth(), limits.nodes(), limits.links(), limits.globalRouters(),
            limits.packets(), limits.outputLines()};
        return new Job(scenario.toAbsolutePath().toString(), new ArrayList<>(paths), new ArrayList<>(names),
                new ArrayList<>(patterns), l, runsDir.toString());
    }

    /** The CSV header and the Parquet column names: run, each --set path, seed, each --metric. */
    List<String> header() {
        List<String> head = new ArrayList<>(List.of("run"));
        for (Sweep s : sets) {
            head.add(s.path());
        }
        head.add("seed");
        for (Metric m : metrics) {
            head.add(m.name());
        }
        return head;
    }

    List<Run> plan() {
        long combos = 1;
        for (Sweep s : sets) {
            combos *= s.values().size();
            if (combos > MAX_RUNS) {
                break;
            }
        }
        long total = combos * (seedTo - seedFrom + 1);
        if (total > MAX_RUNS) {
            throw CliError.usage("the sweep has " + total + " runs, more than " + MAX_RUNS + "; fewer values or seeds");
        }
        List<Run> runs = new ArrayList<>();
        int[] at = new int[sets.size()];
        for (long c = 0; c < combos; c++) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < sets.size(); i++) {
                values.add(sets.get(i).values().get(at[i]));
            }
            for (long seed = seedFrom; seed <= seedTo; seed++) {
                runs.add(new Run(runs.size(), List.copyOf(values), seed));
            }
            for (int i = sets.size() - 1; i >= 0; i--) {
                if (++at[i] < sets.get(i).values().size()) {
                    break;
                }
                at[i] = 0;
            }
        }
        return runs;
    }

    List<Setting> settings(Run r) {
        List<String> paths = new ArrayList<>();
        for (Sweep s : sets) {
            paths.add(s.path());
        }
        return settings(paths, r.values());
    }

    static List<Setting> settings(List<String> paths, List<String> values) {
        List<Setting> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            out.add(new Setting(paths.get(i), values.get(i)));
        }
        return out;
    }

    private List<List<String>> execute(List<Run> runs, Limits limits, Path runsDir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs.size()), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (Run r : runs) {
                futures.add(pool.submit(() -> runOne(r, limits, runsDir.resolve(Integer.toString(r.index() + 1)))));
            }
            List<List<String>> rows = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                try {
                    rows.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception x) {
                        throw x;
                    }
                    throw e;
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One whole run; its figures, as text, in --metric order. */
    List<String> runOne(Run r, Limits limits, Path outputDir) throws ScenarioException, IOException {
        return runOne(scenario, settings(r), r.seed(), metrics, limits, outputDir);
    }

    /** One whole run of {@code scenario} with {@code settings} and {@code seed}, on the local or a Spark path. */
    static List<String> runOne(Path scenario, List<Setting> settings, long seed, List<Metric> metrics, Limits limits,
            Path outputDir) throws ScenarioException, IOException {
        Scenario s = ScenarioLoader.load(scenario, limits, settings).withSeed(seed);
        World world = WorldBuilder.build(s, ScenarioSplit.split(s)); // the regions `run` plays it in: the same bytes
        RunGuard guard = RunGuard.install(world, limits);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream text = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        ScenarioRunner runner = new ScenarioRunner(s, world, text, outputDir).limitOutput(limits.outputLines());
        try {
            runner.run();
        } catch (OutOfMemoryError e) {
            throw guard.outOfMemory();
        }
        text.flush();
        String output = bytes.toString(StandardCharsets.UTF_8);
        List<String> figures = new ArrayList<>();
        for (Metric m : metrics) {
            figures.add(m.measure(world, output));
        }
        return figures;
    }

    private void write(List<Run> runs, List<List<String>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(Csv.row(header()));
            for (Run r : runs) {
                List<String> cells = new ArrayList<>(List.of(Integer.toString(r.index() + 1)));
                cells.addAll(r.values());
                cells.add(Long.toString(r.seed()));
                cells.addAll(rows.get(r.index()));
                w.write(Csv.row(cells));
            }
        }
    }

    /** RFC 4180 rows: a cell with a comma, a quote or a line break is quoted, quotes doubled. */
    static final class Csv {
        private Csv() {
        }

        static String row(List<String> cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                if (i > 0) {
                    sb.append(',');
                }
                if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                    sb.append('"').append(c.replace("\"", "\"\"")).append('"');
                } else {
                    sb.append(c);
                }
            }
            return sb.append("\r\n").toString();
        }
    }

    /** Per combination of values: each metric's count, mean, p50 and p99 over the seeds. */
    static final class Summary {
        private Summary() {
        }

        static String table(List<Sweep> sets, List<Metric> metrics, List<Run> runs, List<List<String>> rows) {
            Map<List<String>, List<Integer>> cells = new LinkedHashMap<>();
            for (Run r : runs) {
                cells.computeIfAbsent(r.values(), k -> new ArrayList<>()).add(r.index());
            }
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%d runs (%d combinations x %d seeds)%n", runs.size(), cells.size(),
                    runs.size() / Math.max(1, cells.size())));
            List<String> head = new ArrayList<>();
            for (Sweep s : sets) {
                head.add(s.path());
            }
            head.addAll(List.of("metric", "n", "mean", "p50", "p99"));
            List<List<String>> table = new ArrayList<>();
            table.add(head);
            cells.forEach((values, indexes) -> {
                for (int m = 0; m < metrics.size(); m++) {
                    List<Double> xs = new ArrayList<>();
                    for (int i : indexes) {
                        String v = rows.get(i).get(m);
                        if (!v.isEmpty()) {
                            xs.add(Double.parseDouble(v));
                        }
                    }
                    xs.sort(null);
                    List<String> line = new ArrayList<>(values);
                    line.add(metrics.get(m).name());
                    line.add(Integer.toString(xs.size()));
                    line.add(xs.isEmpty() ? "-" : num(xs.stream().mapToDouble(Double::doubleValue).sum() / xs.size()));
                    line.add(xs.isEmpty() ? "-" : num(rank(xs, 0.50)));
                    line.add(xs.isEmpty() ? "-" : num(rank(xs, 0.99)));
                    table.add(line);
                }
            });
            int[] width = new int[head.size()];
            for (List<String> line : table) {
                for (int i = 0; i < line.size(); i++) {
                    width[i] = Math.max(width[i], line.get(i).length());
                }
            }
            for (List<String> line : table) {
                StringBuilder l = new StringBuilder();
                for (int i = 0; i < line.size(); i++) {
                    boolean numeric = i >= sets.size() + 1;
                    String f = "%" + (numeric ? "" : "-") + width[i] + "s";
                    l.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, f, line.get(i)));
                }
                sb.append(l.toString().stripTrailing()).append('\n');
            }
            return sb.toString();
        }

        /** The nearest-rank percentile of sorted {@code xs}. */
        static double rank(List<Double> xs, double p) {
            int k = (int) Math.ceil(p * xs.size());
            return xs.get(Math.max(0, Math.min(xs.size(), k) - 1));
        }

        static String num(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)",
                    "$1");
        }
    }
}
