package dev.mle4j.rag.eval;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retrieval results of one strategy.
 *
 * @param name the strategy name, e.g. {@code bm25}
 * @param metrics flat snake_case metrics: {@code recall_at_3}, {@code recall_at_5}, {@code
 *     recall_at_10}, {@code precision_at_3}, {@code precision_at_5}, {@code precision_at_10},
 *     {@code mrr}, {@code ndcg_at_10}, {@code map}, {@code p50_ms}, {@code p95_ms}, {@code p99_ms},
 *     {@code mean_ms}, {@code queries} (evaluated), {@code negative_queries} (retrieved but not
 *     scored)
 * @param byType the same ranking metrics (without latency) per question type that has answerable
 *     questions
 * @param latency retrieval latency over all questions
 * @param perQuestion per-question results in question order
 */
public record StrategyResult(
    String name,
    Map<String, Double> metrics,
    Map<QuestionType, Map<String, Double>> byType,
    LatencySummary latency,
    List<RetrievalQuestionResult> perQuestion) {

  /** Copies. */
  public StrategyResult {
    metrics = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metrics));
    Map<QuestionType, Map<String, Double>> types = new EnumMap<>(QuestionType.class);
    byType.forEach(
        (t, m) -> types.put(t, Collections.unmodifiableSequencedMap(new LinkedHashMap<>(m))));
    byType = Collections.unmodifiableMap(types);
    perQuestion = List.copyOf(perQuestion);
  }
}
