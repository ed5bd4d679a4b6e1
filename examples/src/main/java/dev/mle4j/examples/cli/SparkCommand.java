package dev.mle4j.examples.cli;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.examples.Locations;
import dev.mle4j.spark.DataFiles;
import dev.mle4j.spark.EmbedResult;
import dev.mle4j.spark.ModelRef;
import dev.mle4j.spark.ScoreResult;
import dev.mle4j.spark.SparkCorpusEmbedder;
import dev.mle4j.spark.SparkScorer;
import dev.mle4j.spark.SparkSessions;
import dev.mle4j.tabular.serving.BatchPredictor;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mle4j spark score|embed|bench}: runs the ml-spark jobs with a local or cluster master
 * (wiring only; the jobs live in ml-spark).
 */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    description = "Batch scoring and corpus embedding on Apache Spark (local[N] or a cluster).",
    subcommands = {
      SparkCommand.ScoreCommand.class,
      SparkCommand.EmbedCommand.class,
      SparkCommand.BenchCommand.class
    })
public final class SparkCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public SparkCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every Spark job takes. */
  static final class SparkOptions {
    @Option(
        names = "--master",
        defaultValue = "local[2]",
        paramLabel = "URL",
        description =
            "Spark master: local[N], local[*], spark://HOST:PORT, yarn, k8s://... "
                + "(default ${DEFAULT-VALUE}).")
    String master;

    @Option(
        names = "--conf",
        paramLabel = "KEY=VALUE",
        description = "Extra Spark setting, e.g. spark.executor.memory=4g (repeatable).")
    List<String> conf = new ArrayList<>();

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    SparkSession open(String app) {
      quietLogs();
      Map<String, String> settings = new LinkedHashMap<>();
      for (String c : conf) {
        int eq = c.indexOf('=');
        if (eq <= 0) {
          throw new MlException("--conf needs KEY=VALUE, got '" + c + "'");
        }
        settings.put(c.substring(0, eq).strip(), c.substring(eq + 1).strip());
      }
      return SparkSessions.open(SparkSessions.checkMaster(master), app, settings);
    }
  }

  /** Spark logs at INFO through slf4j-simple otherwise; set before Spark creates its loggers. */
  static void quietLogs() {
    for (String name :
        List.of("org.apache.spark", "org.apache.hadoop", "org.apache.parquet", "io.netty")) {
      System.setProperty("org.slf4j.simpleLogger.log." + name, "warn");
    }
    // "hostname resolves to a loopback address": local masters bind to 127.0.0.1 anyway
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.spark.util.Utils", "error");
    System.setProperty("io.netty.tryReflectionSetAccessible", "true");
  }

  /** {@code spark score}. */
  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      description = "Score a CSV or Parquet file with a registered model; write Parquet.")
  static final class ScoreCommand implements Callable<Integer> {
    @Mixin SparkOptions sparkOptions = new SparkOptions();

    @Option(
        names = "--registry",
        paramLabel = "DIR",
        description = "Registry folder (default: $MLE4J_REGISTRY or ~/.mle4j/registry).")
    Path registry;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name.")
    String model;

    @Option(
        names = "--version",
        defaultValue = "latest",
        paramLabel = "V",
        description = "Version id, stage (e.g. production) or latest (default).")
    String version;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "PATH",
        description = "CSV (.csv, .tsv) or Parquet input; local or hdfs://, s3a://...")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet out.")
    String output;

    @Option(
        names = "--format",
        defaultValue = "auto",
        description = "Input format: auto, csv or parquet (default ${DEFAULT-VALUE}).")
    DataFiles.Format format;

    @Option(
        names = "--text-column",
        defaultValue = "text",
        description = "Column text models read (default ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--batch-size", defaultValue = "1024", description = "Rows per model call.")
    int batchSize;

    @Option(names = "--output-prefix", defaultValue = "", description = "Output column prefix.")
    String outputPrefix;

    @Option(
        names = "--keep-invalid",
        description = "Write invalid rows with an error column instead of failing.")
    boolean keepInvalid;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ModelRef ref =
          ModelRef.resolve(registry == null ? Locations.registry() : registry, model, version);
      SparkSession spark = sparkOptions.open("mle4j spark score " + model);
      try {
        ScoreResult r =
            SparkScorer.builder(ref)
                .batchSize(batchSize)
                .textColumn(textColumn)
                .outputPrefix(outputPrefix)
                .keepInvalidRows(keepInvalid)
                .build()
                .scoreFile(spark, input, format, output, sparkOptions.overwrite);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            Locale.ROOT,
            "scored %d rows (%d invalid) with %s version %s on %s in %.1f s (%.0f rows/s) -> %s%n",
            r.rows(),
            r.invalidRows(),
            r.model(),
            r.modelVersion(),
            sparkOptions.master,
            r.seconds(),
            r.rowsPerSecond(),
            r.output());
        out.flush();
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  /** {@code spark embed}. */
  @Command(
      name = "embed",
      mixinStandardHelpOptions = true,
      description = "Chunk and embed a folder of documents; write chunks and vectors as Parquet.")
  static final class EmbedCommand implements Callable<Integer> {
    @Mixin SparkOptions sparkOptions = new SparkOptions();

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Documents.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet out.")
    String output;

    @Option(
        names = "--embedder",
        defaultValue = "all-minilm-l6-v2",
        description = "Embedding model (default ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--max-tokens", defaultValue = "512", description = "Chunk size (tokens).")
    int maxTokens;

    @Option(names = "--overlap", defaultValue = "64", description = "Chunk overlap (tokens).")
    int overlap;

    @Option(names = "--min-tokens", defaultValue = "32", description = "Smallest chunk.")
    int minTokens;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts per call.")
    int batchSize;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX threads per executor.")
    int threads;

    @Option(names = "--partitions", defaultValue = "0", description = "Repartition files.")
    int partitions;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SparkCorpusEmbedder job =
          SparkCorpusEmbedder.builder()
              .embedder(embedder)
              .chunking(maxTokens, overlap, minTokens)
              .batchSize(batchSize)
              .threads(threads)
              .partitions(partitions)
              .build();
      SparkSession spark = sparkOptions.open("mle4j spark embed");
      try {
        EmbedResult r = job.run(spark, input, output, sparkOptions.overwrite);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            Locale.ROOT,
            "embedded %d chunks of %d documents (%d dims, %s) on %s in %.1f s -> %s%n",
            r.chunks(),
            r.documents(),
            r.dimension(),
            r.embedder(),
            sparkOptions.master,
            r.seconds(),
            r.output());
        out.flush();
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  /** {@code spark bench}: rows/s of Spark scoring at several masters vs the single-JVM scorer. */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description =
          "Measure rows/s of Spark batch scoring (CSV in, Parquet out) at local[1] and local[2]"
              + " against the single-JVM BatchPredictor (CSV in, CSV out) on the same rows.")
  static final class BenchCommand implements Callable<Integer> {
    @Option(
        names = "--registry",
        paramLabel = "DIR",
        description = "Registry folder (default: $MLE4J_REGISTRY or ~/.mle4j/registry).")
    Path registry;

    @Option(
        names = "--model",
        defaultValue = "bike-sharing-tabular",
        description = "A registered tabular model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--version", defaultValue = "latest", description = "Version or stage.")
    String version;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "CSV",
        description = "CSV rows to score, e.g. $MLE4J_DATA/tabular/bike-sharing-hour.csv.")
    Path input;

    @Option(
        names = "--rows",
        defaultValue = "200000",
        description = "Rows to score (the input repeated; default ${DEFAULT-VALUE}).")
    int rows;

    @Option(
        names = "--masters",
        split = ",",
        defaultValue = "local[1],local[2]",
        description = "Spark masters to measure (default ${DEFAULT-VALUE}).")
    List<String> masters;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per setup.")
    int repeats;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (rows < 1 || repeats < 1) {
        throw new MlException("--rows and --repeats must be at least 1");
      }
      masters.forEach(SparkSessions::checkMaster);
      ModelRef ref =
          ModelRef.resolve(registry == null ? Locations.registry() : registry, model, version);
      Path dir = out == null ? RunOutput.defaultDir("spark-bench") : out;
      RunOutput run = RunOutput.create(dir);
      Path csv = repeated(input, rows, dir.resolve("bench-input.csv"));
      PrintWriter w = spec.commandLine().getOut();
      Map<String, Map<String, Double>> models = new LinkedHashMap<>();

      double[] single = new double[repeats + 1];
      try (TabularPredictor p = TabularPredictor.load(Path.of(ref.versionDir()))) {
        BatchPredictor bp = BatchPredictor.builder(p).build();
        for (int i = 0; i <= repeats; i++) { // run 0 warms up
          long t0 = System.nanoTime();
          bp.predict(csv, dir.resolve("single-jvm.csv"));
          single[i] = (System.nanoTime() - t0) / 1e9;
        }
      }
      models.put("single-jvm", result(single));
      report(w, "single-jvm", single);

      quietLogs();
      for (String master : masters) {
        double[] seconds = new double[repeats + 1];
        double[] ioOnly = new double[repeats + 1];
        SparkSession spark = SparkSessions.open(master, "mle4j spark bench");
        try {
          SparkScorer scorer = SparkScorer.builder(ref).build();
          for (int i = 0; i <= repeats; i++) {
            long t0 = System.nanoTime();
            DataFiles.writeParquet(
                scorer.score(DataFiles.read(spark, csv.toString(), DataFiles.Format.CSV)),
                dir.resolve("spark-out").toString(),
                true);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
          }
          // Spark's own floor on the same rows: CSV in, Parquet out, no model
          for (int i = 0; i <= repeats; i++) {
            long t0 = System.nanoTime();
            DataFiles.writeParquet(
                DataFiles.read(spark, csv.toString(), DataFiles.Format.CSV),
                dir.resolve("spark-io-only").toString(),
                true);
            ioOnly[i] = (System.nanoTime() - t0) / 1e9;
          }
        } finally {
          spark.stop();
        }
        String name = "spark-" + master.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
        models.put(name, result(seconds));
        report(w, name, seconds);
        models.put(name + "-io-only", result(ioOnly));
        report(w, name + "-io-only", ioOnly);
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("rows", rows);
      extra.put("model", ref.name());
      extra.put("model_version", ref.version());
      extra.put("available_processors", Runtime.getRuntime().availableProcessors());
      extra.put("repeats", repeats);
      extra.put(
          "note",
          "throughput from the median of the timed runs (first run is warm-up); single-jvm is"
              + " BatchPredictor CSV->CSV, spark is CSV->Parquet, io-only is CSV->Parquet without"
              + " a model");
      Path metrics =
          run.writeMetrics(new MetricsFile("spark-scoring", "batch-scoring", models, extra));
      w.println("metrics: " + metrics);
      w.flush();
      return 0;
    }

    private Map<String, Double> result(double[] seconds) {
      double[] timed = Arrays.copyOfRange(seconds, 1, seconds.length);
      Arrays.sort(timed);
      double median = timed[timed.length / 2];
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("seconds", median);
      m.put("throughput_per_s", rows / median);
      return m;
    }

    private void report(PrintWriter w, String name, double[] seconds) {
      Map<String, Double> r = result(seconds);
      w.printf(
          Locale.ROOT,
          "%-18s %8.2f s median  %10.0f rows/s  (runs: %s)%n",
          name,
          r.get("seconds"),
          r.get("throughput_per_s"),
          Arrays.toString(seconds));
      w.flush();
    }

    private static Path repeated(Path source, int rows, Path target) throws IOException {
      if (!Files.isRegularFile(source)) {
        throw new MlException("input " + source + " does not exist");
      }
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      List<String> data =
          lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
      if (data.isEmpty()) {
        throw new MlException("input " + source + " has no data rows");
      }
      try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        out.write(lines.get(0));
        out.write('\n');
        for (int i = 0; i < rows; i++) {
          out.write(data.get(i % data.size()));
          out.write('\n');
        }
      }
      return target;
    }
  }
}
