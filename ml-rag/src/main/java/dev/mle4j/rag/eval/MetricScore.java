package dev.mle4j.rag.eval;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric value of one answer and how it was computed.
 *
 * @param metric metric name, e.g. {@code faithfulness}
 * @param value the value in [0, 1], or empty when it could not be computed (a judge failure, an
 *     undefined case); a missing value is never counted as 0
 * @param method how it was computed: {@code llm-judge:<model>}, {@code token-overlap}, {@code
 *     token-f1}, {@code embedding-cosine:<model>}, {@code ground-truth-ids}, ...
 * @param note why the value is missing, or other detail (may be empty)
 */
public record MetricScore(String metric, OptionalDouble value, String method, String note) {

  /** Validates. */
  public MetricScore {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(method, "method");
    note = note == null ? "" : note;
  }

  /**
   * A computed value.
   *
   * @param metric the metric
   * @param value the value
   * @param method the method
   * @return the score
   */
  public static MetricScore of(String metric, double value, String method) {
    return new MetricScore(metric, OptionalDouble.of(value), method, "");
  }

  /**
   * A missing value with the reason.
   *
   * @param metric the metric
   * @param method the method that was tried
   * @param note why it is missing
   * @return the score
   */
  public static MetricScore missing(String metric, String method, String note) {
    return new MetricScore(metric, OptionalDouble.empty(), method, note);
  }
}
