package dev.mle4j.rag.eval;

import static dev.mle4j.rag.eval.EvalFixtures.chunk;
import static dev.mle4j.rag.eval.EvalFixtures.question;
import static dev.mle4j.rag.eval.EvalFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Generator;
import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationEvaluatorTest {

  private static final double EPS = 1e-9;
  private static final String CONTEXT =
      "PostgreSQL supports the JSONB type for binary JSON storage.";

  private final EvalQuestion q =
      question(
          "q1",
          QuestionType.FACTUAL,
          "Which type stores binary JSON?",
          "PostgreSQL supports JSONB. It stores binary JSON.",
          "datatype-json.html");

  private static Generator judge(String model, List<String> prompts, String... replies) {
    return (question, context) -> {
      prompts.add(question.text());
      String p = question.text();
      String reply;
      if (p.contains("atomic factual statements")) {
        reply = replies[0];
      } else if (p.contains("how directly")) {
        reply = replies[1];
      } else if (p.contains("REFERENCE sentence")) {
        reply = replies[2];
      } else {
        reply = replies[3];
      }
      return new Answer(reply, List.of(), 10, 5, 1.0);
    };
  }

  @Test
  void contextPrecisionFollowsRagasDefinition() {
    RagSample s =
        sample(
            q,
            "x",
            chunk("x.html#0", "a"),
            chunk("datatype-json.html#0", "b"),
            chunk("y.html#0", "c"),
            chunk("datatype-json.html#1", "d"));
    // relevant at ranks 2 and 4: (1/2 + 2/4) / 2
    assertThat(GenerationEvaluator.contextPrecision(s)).isCloseTo(0.5, within(EPS));
    RagSample s2 =
        sample(
            q,
            "x",
            chunk("datatype-json.html#0", "a"),
            chunk("x.html#0", "b"),
            chunk("datatype-json.html#3", "c"));
    assertThat(GenerationEvaluator.contextPrecision(s2)).isCloseTo((1 + 2.0 / 3) / 2, within(EPS));
    assertThat(GenerationEvaluator.contextPrecision(sample(q, "x", chunk("x.html#0", "a"))))
        .isEqualTo(0.0);
  }

  @Test
  void estimatesWithoutJudge() {
    RagSample s =
        sample(
            q,
            "PostgreSQL supports JSONB. Bananas are yellow fruit.",
            chunk("datatype-json.html#0", CONTEXT),
            chunk("other.html#0", "unrelated"));
    SampleScores sc = GenerationEvaluator.builder().build().score(s);
    assertThat(sc.refused()).isFalse();
    MetricScore faith = sc.primary("faithfulness").orElseThrow();
    assertThat(faith.method()).isEqualTo("token-overlap");
    assertThat(faith.value().getAsDouble()).isCloseTo(0.5, within(EPS));
    assertThat(sc.primary("context_precision").orElseThrow().value().getAsDouble()).isEqualTo(1.0);
    assertThat(sc.primary("context_precision").orElseThrow().method())
        .isEqualTo("ground-truth-ids");
    // reference sentence 1 fully covered; "It stores binary JSON." -> stores not in context: 2/3 >=
    // 0.6
    assertThat(sc.value("context_recall")).isEqualTo(1.0);
    assertThat(sc.scores())
        .anyMatch(
            m ->
                m.metric().equals("context_recall")
                    && m.method().equals("ground-truth-ids")
                    && m.value().getAsDouble() == 1.0);
    MetricScore correct = sc.primary("answer_correctness").orElseThrow();
    assertThat(correct.method()).isEqualTo("token-f1");
    assertThat(correct.value().getAsDouble())
        .isCloseTo(TextMetrics.tokenF1(s.answer().text(), q.answer()), within(EPS));
    assertThat(sc.primary("answer_relevancy").orElseThrow().method()).isEqualTo("token-overlap");
  }

  @Test
  void embedderBlendsCorrectnessHalfAndHalf() {
    RagSample s = sample(q, q.answer(), chunk("datatype-json.html#0", CONTEXT));
    SampleScores sc =
        GenerationEvaluator.builder().embedder(new EvalFixtures.HashEmbedder()).build().score(s);
    MetricScore correct = sc.primary("answer_correctness").orElseThrow();
    assertThat(correct.method()).isEqualTo("token-f1+embedding-cosine:hash-bow");
    // identical answer and reference: F1 1 and cosine 1
    assertThat(correct.value().getAsDouble()).isCloseTo(1.0, within(1e-6));
    assertThat(sc.primary("answer_relevancy").orElseThrow().method())
        .isEqualTo("embedding-cosine:hash-bow");
    assertThat(sc.primary("faithfulness").orElseThrow().method())
        .isEqualTo("token-overlap+embedding-cosine:hash-bow");
  }

  @Test
  void judgeVerdictsAreParsedAndLabelled() {
    List<String> prompts = new ArrayList<>();
    Generator judge =
        judge(
            "m",
            prompts,
            "{\"statements\": [{\"statement\": \"a\", \"supported\": true},"
                + " {\"statement\": \"b\", \"supported\": false}]}",
            "Sure! ```json\n{\"score\": 4, \"reason\": \"ok\"}\n```",
            "{\"sentences\": [{\"sentence\": \"s1\", \"attributed\": \"yes\"},"
                + " {\"sentence\": \"s2\", \"attributed\": \"no\"}]}",
            "{'verdict': 'partially_correct', 'reason': 'misses one fact',}");
    GenerationEvaluator e = GenerationEvaluator.builder().judge(judge, "judge-model").build();
    RagSample s = sample(q, "PostgreSQL supports JSONB.", chunk("datatype-json.html#0", CONTEXT));
    GenerationResults r = e.evaluate(List.of(s));
    SampleScores sc = r.samples().get(0);
    assertThat(sc.primary("faithfulness").orElseThrow().method())
        .isEqualTo("llm-judge:judge-model");
    assertThat(sc.value("faithfulness")).isCloseTo(0.5, within(EPS));
    assertThat(sc.value("answer_relevancy")).isCloseTo(0.75, within(EPS));
    assertThat(sc.value("context_recall")).isCloseTo(0.5, within(EPS));
    assertThat(sc.value("answer_correctness")).isCloseTo(0.5, within(EPS));
    assertThat(prompts).hasSize(4);
    assertThat(prompts.get(0)).contains(CONTEXT).contains("PostgreSQL supports JSONB.");
    // the estimates are kept next to the judge's scores
    assertThat(sc.scores())
        .anyMatch(m -> m.metric().equals("faithfulness") && m.method().equals("token-overlap"));
    assertThat(r.methods()).containsEntry("faithfulness", "llm-judge:judge-model");
    assertThat(r.flatMetrics()).containsEntry("answer_correctness", 0.5);
    assertThat(r.summaries())
        .anyMatch(m -> m.metric().equals("answer_correctness") && m.method().equals("token-f1"));
  }

  @Test
  void garbageOrFailingJudgeGivesMissingNotZero() {
    Generator garbage =
        (question, context) -> new Answer("I think it is fine.", List.of(), 1, 1, 1.0);
    GenerationEvaluator e = GenerationEvaluator.builder().judge(garbage, "bad-model").build();
    RagSample s = sample(q, "PostgreSQL supports JSONB.", chunk("datatype-json.html#0", CONTEXT));
    GenerationResults r = e.evaluate(List.of(s));
    MetricScore faith = r.samples().get(0).primary("faithfulness").orElseThrow();
    assertThat(faith.value()).isEmpty();
    assertThat(faith.method()).isEqualTo("llm-judge:bad-model");
    assertThat(faith.note()).contains("no JSON object");
    MetricSummary summary = r.primary().get("faithfulness");
    assertThat(summary.mean()).isEmpty();
    assertThat(summary.missing()).isEqualTo(1);
    assertThat(r.flatMetrics()).doesNotContainKey("faithfulness").containsKey("context_precision");

    Generator throwing =
        (question, context) -> {
          throw new MlException("HTTP 429 rate limited");
        };
    SampleScores sc = GenerationEvaluator.builder().judge(throwing, "m").build().score(s);
    assertThat(sc.primary("answer_correctness").orElseThrow().note()).contains("HTTP 429");
    Generator outOfRange =
        judge("m", new ArrayList<>(), "{}", "{\"score\": 9}", "{}", "{\"verdict\": \"maybe\"}");
    SampleScores sc2 = GenerationEvaluator.builder().judge(outOfRange, "m").build().score(s);
    assertThat(sc2.primary("answer_relevancy").orElseThrow().note()).contains("outside");
    assertThat(sc2.primary("answer_correctness").orElseThrow().note()).contains("unknown");
    assertThat(sc2.primary("faithfulness").orElseThrow().note()).contains("no 'statements' array");
  }

  @Test
  void refusalRatesOnNegativeAndAnswerableQuestions() {
    EvalQuestion neg = question("n1", QuestionType.NEGATIVE, "Does it run on a toaster?", "No.");
    EvalQuestion neg2 = question("n2", QuestionType.NEGATIVE, "Does it run on a kettle?", "No.");
    GenerationResults r =
        GenerationEvaluator.builder()
            .build()
            .evaluate(
                List.of(
                    sample(neg, "That is not in the provided documents.", chunk("x.html#0", "x")),
                    sample(neg2, "Yes, it runs on kettles.", chunk("x.html#0", "x")),
                    sample(q, "I don't know.", chunk("datatype-json.html#0", CONTEXT)),
                    sample(
                        question(
                            "q2",
                            QuestionType.FACTUAL,
                            q.question(),
                            q.answer(),
                            "datatype-json.html"),
                        "PostgreSQL supports JSONB.",
                        chunk("datatype-json.html#0", CONTEXT))));
    assertThat(r.correctRefusalRate().getAsDouble()).isEqualTo(0.5);
    assertThat(r.falseRefusalRate().getAsDouble()).isEqualTo(0.5);
    assertThat(r.flatMetrics())
        .containsEntry("correct_refusal_rate", 0.5)
        .containsEntry("false_refusal_rate", 0.5)
        .containsEntry("questions", 4.0)
        .containsEntry("negative_questions", 2.0);
    SampleScores refused = r.samples().get(0);
    assertThat(refused.refused()).isTrue();
    assertThat(refused.scores()).isEmpty();
    assertThat(r.samples().get(1).primary("faithfulness")).isPresent();
    assertThat(r.samples().get(1).primary("answer_correctness")).isEmpty();
    assertThat(r.byType()).containsKeys(QuestionType.NEGATIVE, QuestionType.FACTUAL);
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> GenerationEvaluator.builder().supportCoverage(0))
        .hasMessageContaining("supportCoverage");
    assertThatThrownBy(() -> GenerationEvaluator.builder().judge((a, b) -> null, " "))
        .hasMessageContaining("judge model");
    assertThatThrownBy(() -> GenerationEvaluator.builder().build().evaluate(List.of()))
        .hasMessageContaining("no answered questions");
  }
}
