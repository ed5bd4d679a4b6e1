package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Generation metrics of a set of answers.
 *
 * @param samples per-answer scores, in question order
 * @param summaries the mean of every (metric, method) pair, primary methods first
 * @param negatives number of negative questions
 * @param answerable number of answerable questions
 * @param correctRefusals negative questions whose answer is a refusal
 * @param falseRefusals answerable questions whose answer is a refusal
 */
public record GenerationResults(
    List<SampleScores> samples,
    List<MetricSummary> summaries,
    int negatives,
    int answerable,
    int correctRefusals,
    int falseRefusals) {

  /** Method label of the refusal rates. */
  public static final String REFUSAL_METHOD = "refusal-phrases";

  /** Copies. */
  public GenerationResults {
    if (samples == null || samples.isEmpty()) {
      throw new MlException("generation results need at least one sample");
    }
    samples = List.copyOf(samples);
    summaries = List.copyOf(summaries);
  }

  /**
   * Summarises per-answer scores.
   *
   * @param samples the scores
   * @return the results
   */
  static GenerationResults of(List<SampleScores> samples) {
    Map<String, double[]> acc = new LinkedHashMap<>();
    for (SampleScores s : samples) {
      for (MetricScore m : s.scores()) {
        double[] a = acc.computeIfAbsent(m.metric() + "\u0000" + m.method(), k -> new double[3]);
        if (m.value().isPresent()) {
          a[0] += m.value().getAsDouble();
          a[1]++;
        } else {
          a[2]++;
        }
      }
    }
    List<MetricSummary> summaries = new ArrayList<>();
    acc.forEach(
        (key, a) -> {
          String[] mm = key.split("\u0000", 2);
          summaries.add(
              new MetricSummary(
                  mm[0],
                  mm[1],
                  a[1] > 0 ? OptionalDouble.of(a[0] / a[1]) : OptionalDouble.empty(),
                  (int) a[1],
                  (int) a[2]));
        });
    int neg = 0;
    int ans = 0;
    int correct = 0;
    int wrong = 0;
    for (SampleScores s : samples) {
      if (s.type() == QuestionType.NEGATIVE) {
        neg++;
        if (s.refused()) {
          correct++;
        }
      } else {
        ans++;
        if (s.refused()) {
          wrong++;
        }
      }
    }
    return new GenerationResults(samples, summaries, neg, ans, correct, wrong);
  }

  /**
   * Refused negative questions / negative questions.
   *
   * @return the rate, empty without negative questions
   */
  public OptionalDouble correctRefusalRate() {
    return negatives == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) correctRefusals / negatives);
  }

  /**
   * Refused answerable questions / answerable questions.
   *
   * @return the rate, empty without answerable questions
   */
  public OptionalDouble falseRefusalRate() {
    return answerable == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) falseRefusals / answerable);
  }

  /**
   * The primary summary of each metric: the method that comes first in the per-answer scores (the
   * LLM judge when configured).
   *
   * @return metric name to summary, in metric order
   */
  public Map<String, MetricSummary> primary() {
    Map<String, MetricSummary> out = new LinkedHashMap<>();
    for (SampleScores s : samples) {
      for (MetricScore m : s.scores()) {
        if (!out.containsKey(m.metric())) {
          out.put(m.metric(), find(m.metric(), m.method()));
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Flat metrics for {@code metrics.json}: the primary mean of each metric that has a value, the
   * refusal rates, and counts ({@code questions}, {@code negative_questions}).
   *
   * @return snake_case name to value
   */
  public Map<String, Double> flatMetrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    primary().forEach((name, s) -> s.mean().ifPresent(v -> out.put(name, v)));
    correctRefusalRate().ifPresent(v -> out.put("correct_refusal_rate", v));
    falseRefusalRate().ifPresent(v -> out.put("false_refusal_rate", v));
    out.put("questions", (double) samples.size());
    out.put("negative_questions", (double) negatives);
    return out;
  }

  /**
   * The method of each primary metric (and {@code refusal-phrases} for the refusal rates).
   *
   * @return metric name to method label
   */
  public Map<String, String> methods() {
    Map<String, String> out = new LinkedHashMap<>();
    primary().forEach((name, s) -> out.put(name, s.method()));
    out.put("correct_refusal_rate", REFUSAL_METHOD);
    out.put("false_refusal_rate", REFUSAL_METHOD);
    return out;
  }

  /**
   * The primary mean of each metric per question type (types with samples only).
   *
   * @return type to metric to mean
   */
  public Map<QuestionType, Map<String, Double>> byType() {
    Map<String, MetricSummary> primary = primary();
    Map<QuestionType, Map<String, Double>> out = new EnumMap<>(QuestionType.class);
    for (QuestionType t : QuestionType.values()) {
      Map<String, double[]> acc = new LinkedHashMap<>();
      boolean any = false;
      for (SampleScores s : samples) {
        if (s.type() != t) {
          continue;
        }
        any = true;
        for (MetricScore m : s.scores()) {
          MetricSummary p = primary.get(m.metric());
          if (p != null && p.method().equals(m.method()) && m.value().isPresent()) {
            double[] a = acc.computeIfAbsent(m.metric(), k -> new double[2]);
            a[0] += m.value().getAsDouble();
            a[1]++;
          }
        }
      }
      if (any) {
        Map<String, Double> means = new LinkedHashMap<>();
        acc.forEach((k, a) -> means.put(k, a[0] / a[1]));
        out.put(t, means);
      }
    }
    return out;
  }

  private MetricSummary find(String metric, String method) {
    return summaries.stream()
        .filter(s -> s.metric().equals(metric) && s.method().equals(method))
        .findFirst()
        .orElseThrow();
  }
}
