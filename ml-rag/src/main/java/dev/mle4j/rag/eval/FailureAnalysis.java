package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts every answered question in one {@link FailureCategory}, checked in this order:
 *
 * <ol>
 *   <li>negative question: {@link FailureCategory#OK} when refused, else {@link
 *       FailureCategory#MISSED_REFUSAL};
 *   <li>no relevant document in the generator's context: {@link FailureCategory#RETRIEVAL_MISS};
 *   <li>refused: {@link FailureCategory#WRONG_REFUSAL};
 *   <li>primary faithfulness below the faithfulness threshold (default 0.5): {@link
 *       FailureCategory#HALLUCINATION};
 *   <li>primary answer correctness below the correctness threshold (default 0.5): {@link
 *       FailureCategory#POOR_GENERATION};
 *   <li>otherwise {@link FailureCategory#OK}.
 * </ol>
 *
 * Missing scores do not trigger a category.
 *
 * @param perQuestion the category of each question, in order
 * @param counts questions per category (every category, 0 included)
 * @param byType counts per question type
 * @param examples up to {@code examplesPerCategory} questions of each non-empty category
 */
public record FailureAnalysis(
    List<QuestionFailure> perQuestion,
    Map<FailureCategory, Integer> counts,
    Map<QuestionType, Map<FailureCategory, Integer>> byType,
    Map<FailureCategory, List<QuestionFailure>> examples) {

  /** Copies. */
  public FailureAnalysis {
    perQuestion = List.copyOf(perQuestion);
    counts = Collections.unmodifiableMap(new EnumMap<>(counts));
    Map<QuestionType, Map<FailureCategory, Integer>> bt = new EnumMap<>(QuestionType.class);
    byType.forEach((t, m) -> bt.put(t, Collections.unmodifiableMap(new EnumMap<>(m))));
    byType = Collections.unmodifiableMap(bt);
    Map<FailureCategory, List<QuestionFailure>> ex = new EnumMap<>(FailureCategory.class);
    examples.forEach((c, l) -> ex.put(c, List.copyOf(l)));
    examples = Collections.unmodifiableMap(ex);
  }

  /**
   * Categorises with thresholds 0.5 and 3 examples per category.
   *
   * @param samples the answered questions
   * @param scores their scores, from {@link GenerationEvaluator#evaluate}
   * @return the analysis
   */
  public static FailureAnalysis analyze(List<RagSample> samples, GenerationResults scores) {
    return analyze(samples, scores, 0.5, 0.5, 3);
  }

  /**
   * Categorises every question.
   *
   * @param samples the answered questions
   * @param scores their scores, one per sample with the same question ids
   * @param faithfulnessThreshold faithfulness below this is a hallucination, in [0, 1]
   * @param correctnessThreshold answer correctness below this is poor generation, in [0, 1]
   * @param examplesPerCategory examples kept per category, {@code >= 0}
   * @return the analysis
   * @throws MlException when samples and scores do not match or a threshold is out of range
   */
  public static FailureAnalysis analyze(
      List<RagSample> samples,
      GenerationResults scores,
      double faithfulnessThreshold,
      double correctnessThreshold,
      int examplesPerCategory) {
    if (samples == null || samples.isEmpty()) {
      throw new MlException("no samples to analyse");
    }
    if (!(faithfulnessThreshold >= 0 && faithfulnessThreshold <= 1)
        || !(correctnessThreshold >= 0 && correctnessThreshold <= 1)) {
      throw new MlException(
          "thresholds must be in [0, 1], got faithfulness "
              + faithfulnessThreshold
              + " and correctness "
              + correctnessThreshold);
    }
    if (examplesPerCategory < 0) {
      throw new MlException("examplesPerCategory must be >= 0, got " + examplesPerCategory);
    }
    Map<String, SampleScores> byId = new HashMap<>();
    scores.samples().forEach(s -> byId.put(s.questionId(), s));
    List<QuestionFailure> per = new ArrayList<>();
    Map<FailureCategory, Integer> counts = new EnumMap<>(FailureCategory.class);
    for (FailureCategory c : FailureCategory.values()) {
      counts.put(c, 0);
    }
    Map<QuestionType, Map<FailureCategory, Integer>> byType = new EnumMap<>(QuestionType.class);
    Map<FailureCategory, List<QuestionFailure>> examples = new EnumMap<>(FailureCategory.class);
    for (RagSample s : samples) {
      SampleScores sc = byId.get(s.question().id());
      if (sc == null) {
        throw new MlException("no scores for question '" + s.question().id() + "'");
      }
      QuestionFailure f = categorize(s, sc, faithfulnessThreshold, correctnessThreshold);
      per.add(f);
      counts.merge(f.category(), 1, Integer::sum);
      byType
          .computeIfAbsent(f.type(), t -> new EnumMap<>(FailureCategory.class))
          .merge(f.category(), 1, Integer::sum);
      List<QuestionFailure> ex = examples.computeIfAbsent(f.category(), c -> new ArrayList<>());
      if (ex.size() < examplesPerCategory) {
        ex.add(f);
      }
    }
    return new FailureAnalysis(per, counts, byType, examples);
  }

  private static QuestionFailure categorize(
      RagSample s, SampleScores sc, double faithMin, double correctMin) {
    EvalQuestion q = s.question();
    List<String> sources = s.contextSources();
    FailureCategory cat;
    String reason;
    if (!q.answerable()) {
      cat = sc.refused() ? FailureCategory.OK : FailureCategory.MISSED_REFUSAL;
      reason = sc.refused() ? "refused a negative question" : "answered a negative question";
    } else {
      Set<String> relevant = q.relevantSet();
      boolean hit = sources.stream().anyMatch(relevant::contains);
      double faith = sc.value(GenerationEvaluator.FAITHFULNESS);
      double correct = sc.value(GenerationEvaluator.ANSWER_CORRECTNESS);
      if (!hit) {
        cat = FailureCategory.RETRIEVAL_MISS;
        reason = "none of " + q.relevantSources() + " in context " + sources;
      } else if (sc.refused()) {
        cat = FailureCategory.WRONG_REFUSAL;
        reason = "refused although a relevant document was in the context";
      } else if (!Double.isNaN(faith) && faith < faithMin) {
        cat = FailureCategory.HALLUCINATION;
        reason = String.format("faithfulness %.2f < %.2f", faith, faithMin);
      } else if (!Double.isNaN(correct) && correct < correctMin) {
        cat = FailureCategory.POOR_GENERATION;
        reason = String.format("answer correctness %.2f < %.2f", correct, correctMin);
      } else {
        cat = FailureCategory.OK;
        reason = "";
      }
    }
    return new QuestionFailure(
        q.id(), q.type(), cat, reason, q.question(), s.answer().text(), sources);
  }

  /**
   * The counts as snake_case name to number, for {@code metrics.json}.
   *
   * @return category name to count
   */
  public Map<String, Integer> countsByName() {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    counts.forEach((c, n) -> out.put(c.jsonName(), n));
    return out;
  }
}
