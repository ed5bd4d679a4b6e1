package dev.mle4j.rag.eval;

import static dev.mle4j.rag.eval.EvalFixtures.chunk;
import static dev.mle4j.rag.eval.EvalFixtures.question;
import static dev.mle4j.rag.eval.EvalFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureAnalysisTest {

  private static final String CONTEXT = "The default port is 5432. The default user is postgres.";

  @Test
  void categorisesHandMadeCases() {
    List<RagSample> samples =
        List.of(
            sample(
                question("n1", QuestionType.NEGATIVE, "Toaster support?", "No."),
                "That is not in the provided documents.",
                chunk("x.html#0", "x")),
            sample(
                question("n2", QuestionType.NEGATIVE, "Kettle support?", "No."),
                "Yes, kettles are supported.",
                chunk("x.html#0", "x")),
            sample(
                question(
                    "a1",
                    QuestionType.FACTUAL,
                    "Default port?",
                    "The default port is 5432.",
                    "conn.html"),
                "The default port is 5432.",
                chunk("other.html#0", CONTEXT)),
            sample(
                question(
                    "a2",
                    QuestionType.FACTUAL,
                    "Default port?",
                    "The default port is 5432.",
                    "conn.html"),
                "I don't know.",
                chunk("conn.html#0", CONTEXT)),
            sample(
                question(
                    "a3",
                    QuestionType.MULTI_HOP,
                    "Default port?",
                    "The default port is 5432.",
                    "conn.html"),
                "Bananas grow on trees in tropical climates.",
                chunk("conn.html#0", CONTEXT)),
            sample(
                question("a4", QuestionType.FACTUAL, "Default port?", "Port 5432.", "conn.html"),
                "The default user is postgres.",
                chunk("conn.html#0", CONTEXT)),
            sample(
                question(
                    "a5",
                    QuestionType.REASONING,
                    "Default port?",
                    "The default port is 5432.",
                    "conn.html"),
                "The default port is 5432.",
                chunk("conn.html#0", CONTEXT)));
    GenerationResults scores = GenerationEvaluator.builder().build().evaluate(samples);
    FailureAnalysis fa = FailureAnalysis.analyze(samples, scores);
    assertThat(fa.perQuestion())
        .extracting(QuestionFailure::category)
        .containsExactly(
            FailureCategory.OK,
            FailureCategory.MISSED_REFUSAL,
            FailureCategory.RETRIEVAL_MISS,
            FailureCategory.WRONG_REFUSAL,
            FailureCategory.HALLUCINATION,
            FailureCategory.POOR_GENERATION,
            FailureCategory.OK);
    assertThat(fa.counts())
        .containsEntry(FailureCategory.OK, 2)
        .containsEntry(FailureCategory.HALLUCINATION, 1)
        .hasSize(FailureCategory.values().length);
    assertThat(fa.byType().get(QuestionType.NEGATIVE))
        .containsEntry(FailureCategory.OK, 1)
        .containsEntry(FailureCategory.MISSED_REFUSAL, 1);
    assertThat(fa.byType().get(QuestionType.FACTUAL))
        .containsEntry(FailureCategory.RETRIEVAL_MISS, 1)
        .containsEntry(FailureCategory.WRONG_REFUSAL, 1)
        .containsEntry(FailureCategory.POOR_GENERATION, 1);
    assertThat(fa.examples().get(FailureCategory.RETRIEVAL_MISS).get(0).reason())
        .contains("conn.html")
        .contains("other.html");
    assertThat(fa.countsByName()).containsEntry("missed_refusal", 1).containsEntry("ok", 2);
    FailureAnalysis one = FailureAnalysis.analyze(samples, scores, 0.5, 0.5, 1);
    assertThat(one.examples().get(FailureCategory.OK)).hasSize(1);
  }

  @Test
  void badInputIsRejected() {
    RagSample s =
        sample(question("a", QuestionType.FACTUAL, "q?", "a", "d"), "a", chunk("d#0", "a"));
    GenerationResults scores = GenerationEvaluator.builder().build().evaluate(List.of(s));
    assertThatThrownBy(() -> FailureAnalysis.analyze(List.of(s), scores, 1.5, 0.5, 3))
        .hasMessageContaining("thresholds");
    RagSample other =
        sample(question("b", QuestionType.FACTUAL, "q?", "a", "d"), "a", chunk("d#0", "a"));
    assertThatThrownBy(() -> FailureAnalysis.analyze(List.of(other), scores))
        .hasMessageContaining("no scores for question 'b'");
  }
}
