package dev.mle4j.rag.eval;

import java.util.List;
import java.util.Optional;

/**
 * The generation metrics of one answer.
 *
 * @param questionId the question id
 * @param type the question type
 * @param refused whether the answer is a refusal
 * @param scores every computed score; for a metric computed several ways, the first is the primary
 *     one (the LLM judge when configured)
 */
public record SampleScores(
    String questionId, QuestionType type, boolean refused, List<MetricScore> scores) {

  /** Copies. */
  public SampleScores {
    scores = List.copyOf(scores);
  }

  /**
   * The primary score of a metric.
   *
   * @param metric the metric name
   * @return its first score, if computed
   */
  public Optional<MetricScore> primary(String metric) {
    return scores.stream().filter(s -> s.metric().equals(metric)).findFirst();
  }

  /**
   * The primary value of a metric, NaN when missing or not computed.
   *
   * @param metric the metric name
   * @return the value or NaN
   */
  public double value(String metric) {
    return primary(metric)
        .flatMap(
            s -> s.value().isPresent() ? Optional.of(s.value().getAsDouble()) : Optional.empty())
        .orElse(Double.NaN);
  }
}
