package dev.mle4j.rag.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One question's retrieval result for one strategy, kept for error analysis.
 *
 * @param questionId the question id
 * @param type the question type
 * @param rankedSources the retrieved document ids, best first, first occurrence of each
 * @param chunkIds the retrieved chunk ids, best first
 * @param latencyMs retrieval wall time
 * @param metrics the per-question metrics ({@code recall_at_10}, {@code ndcg_at_10}, {@code rr},
 *     {@code ap}, ...); empty for negative questions
 */
public record RetrievalQuestionResult(
    String questionId,
    QuestionType type,
    List<String> rankedSources,
    List<String> chunkIds,
    double latencyMs,
    Map<String, Double> metrics) {

  /** Copies. */
  public RetrievalQuestionResult {
    rankedSources = List.copyOf(rankedSources);
    chunkIds = List.copyOf(chunkIds);
    metrics = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metrics));
  }
}
