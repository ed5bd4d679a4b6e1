package dev.mle4j.nlp.compare;

import dev.mle4j.core.metrics.ClassificationReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One model's row of a {@link ComparisonResult}.
 *
 * @param name model name, e.g. {@code tfidf-logreg}
 * @param test metrics on the held-out test rows
 * @param trainSeconds wall time of training (including feature extraction and early stopping)
 * @param p50Ms median latency of one {@code classify} call over test texts
 * @param p99Ms 99th-percentile latency of one {@code classify} call
 * @param throughputBatch32 texts per second through {@code classifyAll} in batches of 32
 * @param sizeBytes size of the saved model folder on disk plus model files it loads from elsewhere
 * @param modelDir where the model was saved
 * @param predictions predicted label per test row, in test-row order
 */
public record ModelResult(
    String name,
    ClassificationReport test,
    double trainSeconds,
    double p50Ms,
    double p99Ms,
    double throughputBatch32,
    long sizeBytes,
    Path modelDir,
    java.util.List<String> predictions) {

  /** Validates and copies. */
  public ModelResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(test, "test");
    predictions = java.util.List.copyOf(predictions);
  }

  /**
   * The flat metrics of this model for {@code metrics.json}.
   *
   * @return snake_case metric names to values
   */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>(test.toMap());
    m.put("train_seconds", trainSeconds);
    m.put("p50_ms", p50Ms);
    m.put("p99_ms", p99Ms);
    m.put("throughput_batch32", throughputBatch32);
    m.put("size_bytes", (double) sizeBytes);
    return m;
  }
}
