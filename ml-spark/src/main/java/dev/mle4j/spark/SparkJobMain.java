package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the job jar for {@code spark-submit}:
 *
 * <pre>
 * spark-submit --class dev.mle4j.spark.SparkJobMain mle4j-spark-job.jar \
 *     score --registry /shared/registry --model titanic --version production \
 *           --input hdfs:///data/in.csv --output hdfs:///data/scored
 * spark-submit --class dev.mle4j.spark.SparkJobMain mle4j-spark-job.jar \
 *     embed --input hdfs:///docs --output hdfs:///chunks --embedder all-minilm-l6-v2
 * </pre>
 *
 * <p>The master comes from {@code spark-submit} ({@code --master}); the session is joined, not
 * configured here. A failure ends the driver with an {@link MlException} naming the problem.
 */
public final class SparkJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(SparkJobMain.class);

  private static final Set<String> FLAGS = Set.of("overwrite", "keep-invalid");

  private SparkJobMain() {}

  /**
   * Runs {@code score} or {@code embed}.
   *
   * @param args the command and its {@code --name value} options
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      throw new MlException("usage: SparkJobMain score|embed --name value ...");
    }
    Map<String, String> o = options(List.of(args).subList(1, args.length));
    SparkSession spark = SparkSession.builder().appName("mle4j " + args[0]).getOrCreate();
    try {
      switch (args[0]) {
        case "score" -> {
          ScoreResult r = score(spark, o);
          LOG.info(
              "scored {} rows ({} invalid) with {} version {} in {} s -> {}",
              r.rows(),
              r.invalidRows(),
              r.model(),
              r.modelVersion(),
              String.format(Locale.ROOT, "%.1f", r.seconds()),
              r.output());
        }
        case "embed" -> {
          EmbedResult r = embed(spark, o);
          LOG.info(
              "embedded {} chunks of {} documents ({} dims, {}) in {} s -> {}",
              r.chunks(),
              r.documents(),
              r.dimension(),
              r.embedder(),
              String.format(Locale.ROOT, "%.1f", r.seconds()),
              r.output());
        }
        default -> throw new MlException("unknown job '" + args[0] + "'; use score or embed");
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs a scoring job from options {@code registry, model, version, input, output, format,
   * text-column, batch-size, output-prefix, keep-invalid, overwrite}.
   *
   * @param spark the session
   * @param o the options
   * @return the result
   */
  public static ScoreResult score(SparkSession spark, Map<String, String> o) {
    ModelRef ref =
        ModelRef.resolve(
            Path.of(required(o, "registry")),
            required(o, "model"),
            o.getOrDefault("version", ModelRef.LATEST));
    SparkScorer scorer =
        SparkScorer.builder(ref)
            .batchSize(Integer.parseInt(o.getOrDefault("batch-size", "1024")))
            .textColumn(o.getOrDefault("text-column", "text"))
            .outputPrefix(o.getOrDefault("output-prefix", ""))
            .keepInvalidRows(o.containsKey("keep-invalid"))
            .build();
    DataFiles.Format format =
        DataFiles.Format.valueOf(o.getOrDefault("format", "auto").toUpperCase(Locale.ROOT));
    return scorer.scoreFile(
        spark, required(o, "input"), format, required(o, "output"), o.containsKey("overwrite"));
  }

  /**
   * Runs an embedding job from options {@code input, output, embedder, max-tokens, overlap,
   * min-tokens, batch-size, threads, partitions, overwrite}.
   *
   * @param spark the session
   * @param o the options
   * @return the result
   */
  public static EmbedResult embed(SparkSession spark, Map<String, String> o) {
    SparkCorpusEmbedder job =
        SparkCorpusEmbedder.builder()
            .embedder(o.getOrDefault("embedder", "all-minilm-l6-v2"))
            .chunking(
                Integer.parseInt(o.getOrDefault("max-tokens", "512")),
                Integer.parseInt(o.getOrDefault("overlap", "64")),
                Integer.parseInt(o.getOrDefault("min-tokens", "32")))
            .batchSize(Integer.parseInt(o.getOrDefault("batch-size", "32")))
            .threads(Integer.parseInt(o.getOrDefault("threads", "1")))
            .partitions(Integer.parseInt(o.getOrDefault("partitions", "0")))
            .build();
    return job.run(spark, required(o, "input"), required(o, "output"), o.containsKey("overwrite"));
  }

  static Map<String, String> options(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() < 3) {
        throw new MlException("expected an option --name, got '" + a + "'");
      }
      String name = a.substring(2);
      if (FLAGS.contains(name)) {
        out.put(name, "true");
      } else if (i + 1 >= args.size()) {
        throw new MlException("option --" + name + " needs a value");
      } else {
        out.put(name, args.get(++i));
      }
    }
    return out;
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) {
      throw new MlException("missing required option --" + name);
    }
    return v;
  }
}
