package dev.mle4j.rag.eval;

import static dev.mle4j.rag.eval.EvalFixtures.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.Answer;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.CostModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostLatencyTest {

  private static RagSample sample(String id, int in, int out, double genMs) {
    return new RagSample(
        question(id, QuestionType.FACTUAL, "q?", "a", "d"),
        List.of(),
        List.of(),
        new Answer("a", List.of(), in, out, genMs),
        2.0,
        1.0,
        genMs);
  }

  @Test
  void tokensLatencyAndCostPer1000Queries() {
    List<RagSample> samples = List.of(sample("a", 100, 10, 10), sample("b", 200, 30, 30));
    CostModel prices =
        (model, in, out) -> {
          if (!model.equals("m1")) {
            throw new MlException("no price for " + model);
          }
          return in * 1e-6 + out * 2e-6;
        };
    CostRow row = CostLatency.summarize("cfg", "m1", samples, prices);
    assertThat(row.meanPromptTokens()).isEqualTo(150.0);
    assertThat(row.meanCompletionTokens()).isEqualTo(20.0);
    assertThat(row.generate().p50Ms()).isCloseTo(20.0, within(1e-9));
    assertThat(row.generate().p95Ms()).isCloseTo(29.0, within(1e-9));
    assertThat(row.total().p50Ms()).isCloseTo(23.0, within(1e-9));
    assertThat(row.usdPer1000Queries().getAsDouble()).isCloseTo(0.19, within(1e-12));
    assertThat(CostLatency.flat(row))
        .containsKeys("prompt_tokens_mean", "retrieve_p50_ms", "rerank_p95_ms", "generate_p95_ms")
        .containsEntry("usd_per_1000_queries", row.usdPer1000Queries().getAsDouble());
    assertThat(CostLatency.summarize("cfg", "m1", samples, null).usdPer1000Queries()).isEmpty();

    Map<String, CostLatency.ModelRun> runs = new LinkedHashMap<>();
    runs.put("small", new CostLatency.ModelRun("m1", samples));
    runs.put("cheap", new CostLatency.ModelRun("m1", List.of(sample("c", 10, 1, 5))));
    List<CostRow> rows = CostLatency.compare(runs, prices);
    assertThat(rows).extracting(CostRow::config).containsExactly("small", "cheap");
    assertThat(rows.get(1).usdPer1000Queries().getAsDouble()).isCloseTo(0.012, within(1e-12));

    assertThatThrownBy(() -> CostLatency.summarize("cfg", "m2", samples, prices))
        .hasMessageContaining("no price for m2");
    assertThatThrownBy(() -> CostLatency.summarize("cfg", "m1", List.of(), prices))
        .hasMessageContaining("no samples");
    assertThatThrownBy(() -> CostLatency.summarize("cfg", "m1", samples, (m, i, o) -> Double.NaN))
        .hasMessageContaining("NaN");
  }
}
