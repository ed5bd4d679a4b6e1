package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.rag.CostModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Tokens per question, latency per stage and cost per 1,000 questions of RAG configurations,
 * computed from {@link RagSample}s (token counts as the generator reported them in its {@link
 * dev.mle4j.core.Answer}).
 */
public final class CostLatency {

  private CostLatency() {}

  /**
   * Summarises one configuration.
   *
   * @param config configuration name
   * @param model generator model name passed to the price function
   * @param samples the answered questions, at least one
   * @param prices the price function, or null for no cost
   * @return the row
   * @throws MlException on no samples, negative token counts or a negative or non-finite price
   */
  public static CostRow summarize(
      String config, String model, List<RagSample> samples, CostModel prices) {
    if (config == null || config.isBlank()) {
      throw new MlException("configuration name must not be blank");
    }
    if (samples == null || samples.isEmpty()) {
      throw new MlException("configuration '" + config + "': no samples");
    }
    int n = samples.size();
    double[] retrieve = new double[n];
    double[] rerank = new double[n];
    double[] generate = new double[n];
    double[] total = new double[n];
    double prompt = 0;
    double completion = 0;
    double usd = 0;
    for (int i = 0; i < n; i++) {
      RagSample s = samples.get(i);
      int p = s.answer().promptTokens();
      int c = s.answer().completionTokens();
      if (p < 0 || c < 0) {
        throw new MlException(
            "configuration '"
                + config
                + "', question '"
                + s.question().id()
                + "': negative token count "
                + p
                + "/"
                + c);
      }
      prompt += p;
      completion += c;
      retrieve[i] = s.retrieveMs();
      rerank[i] = s.rerankMs();
      generate[i] = s.generateMs();
      total[i] = s.retrieveMs() + s.rerankMs() + s.generateMs();
      if (prices != null) {
        double cost = prices.usd(model, p, c);
        if (!Double.isFinite(cost) || cost < 0) {
          throw new MlException(
              "price of model '" + model + "' for " + p + "/" + c + " tokens is " + cost);
        }
        usd += cost;
      }
    }
    return new CostRow(
        config,
        model == null ? "" : model,
        n,
        prompt / n,
        completion / n,
        LatencySummary.of(retrieve),
        LatencySummary.of(rerank),
        LatencySummary.of(generate),
        LatencySummary.of(total),
        prices == null ? OptionalDouble.empty() : OptionalDouble.of(usd / n * 1000));
  }

  /**
   * Compares configurations (e.g. two generators on the same questions): one row each.
   *
   * @param runs configuration name to its model name and samples
   * @param prices the price function, or null
   * @return rows in the map's order
   */
  public static List<CostRow> compare(Map<String, ModelRun> runs, CostModel prices) {
    if (runs == null || runs.isEmpty()) {
      throw new MlException("no configurations to compare");
    }
    List<CostRow> rows = new ArrayList<>();
    runs.forEach((name, run) -> rows.add(summarize(name, run.model(), run.samples(), prices)));
    return rows;
  }

  /**
   * Flat metrics of a row for {@code metrics.json}: {@code prompt_tokens_mean}, {@code
   * completion_tokens_mean}, {@code <stage>_p50_ms}, {@code <stage>_p95_ms} for retrieve, rerank,
   * generate and total, and {@code usd_per_1000_queries} when priced.
   *
   * @param row the row
   * @return name to value
   */
  public static Map<String, Double> flat(CostRow row) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("prompt_tokens_mean", row.meanPromptTokens());
    m.put("completion_tokens_mean", row.meanCompletionTokens());
    stage(m, "retrieve", row.retrieve());
    stage(m, "rerank", row.rerank());
    stage(m, "generate", row.generate());
    stage(m, "total", row.total());
    row.usdPer1000Queries().ifPresent(v -> m.put("usd_per_1000_queries", v));
    return m;
  }

  private static void stage(Map<String, Double> m, String name, LatencySummary s) {
    m.put(name + "_p50_ms", s.p50Ms());
    m.put(name + "_p95_ms", s.p95Ms());
  }

  /**
   * A configuration's generator model and answered questions.
   *
   * @param model model name
   * @param samples answered questions
   */
  public record ModelRun(String model, List<RagSample> samples) {
    /** Copies. */
    public ModelRun {
      samples = List.copyOf(samples);
    }
  }
}
