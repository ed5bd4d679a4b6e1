package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.core.metrics.RankingMetrics;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates retrieval strategies on questions with graded document relevance.
 *
 * <p>For each strategy and question it retrieves the top {@code max(10, max K)} chunks, maps them
 * to document ids (metadata {@code source}, else the part of the chunk id before {@code #}) keeping
 * the first occurrence of each, and computes with {@link RankingMetrics}: Recall@K and Precision@K
 * for each K (default 3, 5, 10), reciprocal rank (mean: MRR), nDCG@10 with the graded gains,
 * average precision (mean: MAP). Negative questions (no relevant document) are retrieved and timed
 * but left out of the ranking metrics; their number is reported as {@code negative_queries}.
 * Latency is wall time per {@code retrieve} call.
 *
 * <pre>{@code
 * RetrievalResults r = RetrievalEvaluator.builder().build().evaluate(strategies, questions);
 * }</pre>
 */
public final class RetrievalEvaluator {

  private static final Logger LOG = LoggerFactory.getLogger(RetrievalEvaluator.class);
  private static final int NDCG_K = 10;

  private final List<Integer> ks;
  private final int progressEvery;

  private RetrievalEvaluator(Builder b) {
    this.ks = List.copyOf(b.ks);
    this.progressEvery = b.progressEvery;
  }

  /**
   * A builder with K = 3, 5, 10 and progress logged every 50 questions.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How many chunks are retrieved per question: {@code max(10, max K)}.
   *
   * @return the depth
   */
  public int depth() {
    return Math.max(NDCG_K, ks.get(ks.size() - 1));
  }

  /**
   * Evaluates every strategy on every question.
   *
   * @param strategies strategy name to retriever, in report order, at least one
   * @param questions the questions, at least one answerable
   * @return results per strategy
   * @throws MlException on empty input or when a retriever fails (naming strategy and question)
   */
  public RetrievalResults evaluate(
      Map<String, Retriever> strategies, List<EvalQuestion> questions) {
    if (strategies == null || strategies.isEmpty()) {
      throw new MlException("no retrieval strategy to evaluate");
    }
    if (questions == null || questions.isEmpty()) {
      throw new MlException("no questions to evaluate retrieval on");
    }
    if (questions.stream().noneMatch(EvalQuestion::answerable)) {
      throw new MlException(
          "all " + questions.size() + " questions are negative; retrieval metrics need relevance");
    }
    List<StrategyResult> results = new ArrayList<>();
    for (Map.Entry<String, Retriever> e : strategies.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new MlException("a retrieval strategy name is blank");
      }
      Objects.requireNonNull(e.getValue(), "retriever of strategy " + e.getKey());
      results.add(evaluate(e.getKey(), e.getValue(), questions));
    }
    return new RetrievalResults(results);
  }

  private StrategyResult evaluate(String name, Retriever retriever, List<EvalQuestion> questions) {
    int depth = depth();
    List<RetrievalQuestionResult> per = new ArrayList<>();
    double[] latencies = new double[questions.size()];
    for (int i = 0; i < questions.size(); i++) {
      EvalQuestion q = questions.get(i);
      long start = System.nanoTime();
      List<ScoredChunk> hits;
      try {
        hits = retriever.retrieve(q.question(), depth);
      } catch (RuntimeException ex) {
        throw new MlException(
            "strategy '" + name + "' failed on question '" + q.id() + "': " + ex.getMessage(), ex);
      }
      latencies[i] = (System.nanoTime() - start) / 1e6;
      if (hits == null) {
        throw new MlException(
            "strategy '" + name + "' returned null for question '" + q.id() + "'");
      }
      List<ScoredChunk> top = hits.size() > depth ? hits.subList(0, depth) : hits;
      List<String> ranked = documentIds(top);
      List<String> chunkIds = top.stream().map(s -> s.chunk().id()).toList();
      Map<String, Double> m = q.answerable() ? questionMetrics(ranked, q) : Map.of();
      per.add(new RetrievalQuestionResult(q.id(), q.type(), ranked, chunkIds, latencies[i], m));
      if (progressEvery > 0 && (i + 1) % progressEvery == 0) {
        LOG.info("{}: {}/{} questions retrieved", name, i + 1, questions.size());
      }
    }
    LatencySummary latency = LatencySummary.of(latencies);
    Map<String, Double> metrics = mean(per, null);
    metrics.put("p50_ms", latency.p50Ms());
    metrics.put("p95_ms", latency.p95Ms());
    metrics.put("p99_ms", latency.p99Ms());
    metrics.put("mean_ms", latency.meanMs());
    metrics.put("queries", (double) per.stream().filter(r -> !r.metrics().isEmpty()).count());
    metrics.put(
        "negative_queries", (double) per.stream().filter(r -> r.metrics().isEmpty()).count());
    Map<QuestionType, Map<String, Double>> byType = new EnumMap<>(QuestionType.class);
    for (QuestionType t : QuestionType.values()) {
      if (per.stream().anyMatch(r -> r.type() == t && !r.metrics().isEmpty())) {
        Map<String, Double> tm = mean(per, t);
        tm.put(
            "queries",
            (double) per.stream().filter(r -> r.type() == t && !r.metrics().isEmpty()).count());
        byType.put(t, tm);
      }
    }
    LOG.info(
        "{}: nDCG@10 {} Recall@{} {} MRR {} over {} questions, p50 {} ms",
        name,
        String.format("%.4f", metrics.get("ndcg_at_10")),
        ks.get(ks.size() - 1),
        String.format("%.4f", metrics.get("recall_at_" + ks.get(ks.size() - 1))),
        String.format("%.4f", metrics.get("mrr")),
        metrics.get("queries").intValue(),
        String.format("%.2f", latency.p50Ms()));
    return new StrategyResult(name, metrics, byType, latency, per);
  }

  private Map<String, Double> questionMetrics(List<String> ranked, EvalQuestion q) {
    Set<String> relevant = q.relevantSet();
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k : ks) {
      m.put("recall_at_" + k, RankingMetrics.recallAtK(ranked, relevant, k));
    }
    for (int k : ks) {
      m.put("precision_at_" + k, RankingMetrics.precisionAtK(ranked, relevant, k));
    }
    m.put("rr", RankingMetrics.reciprocalRank(ranked, relevant));
    m.put("ndcg_at_10", RankingMetrics.ndcgAtK(ranked, q.graded(), NDCG_K));
    m.put("ap", RankingMetrics.averagePrecision(ranked, relevant));
    return m;
  }

  /** Means of the per-question metrics (rr -> mrr, ap -> map) of one type or all. */
  private Map<String, Double> mean(List<RetrievalQuestionResult> per, QuestionType type) {
    Map<String, Double> sums = new LinkedHashMap<>();
    int n = 0;
    for (RetrievalQuestionResult r : per) {
      if (r.metrics().isEmpty() || (type != null && r.type() != type)) {
        continue;
      }
      n++;
      r.metrics().forEach((k, v) -> sums.merge(k, v, Double::sum));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k : ks) {
      out.put("recall_at_" + k, sums.get("recall_at_" + k) / n);
    }
    for (int k : ks) {
      out.put("precision_at_" + k, sums.get("precision_at_" + k) / n);
    }
    out.put("mrr", sums.get("rr") / n);
    out.put("ndcg_at_10", sums.get("ndcg_at_10") / n);
    out.put("map", sums.get("ap") / n);
    return out;
  }

  /**
   * The document ids of retrieved chunks, best first, first occurrence of each: metadata {@code
   * source}, or {@link ChunkMetadata#sourceOf(String)} of the chunk id when it is missing.
   *
   * @param chunks retrieved chunks
   * @return distinct document ids
   */
  public static List<String> documentIds(List<ScoredChunk> chunks) {
    Set<String> ids = new LinkedHashSet<>();
    for (ScoredChunk s : chunks) {
      ids.add(documentId(s));
    }
    return List.copyOf(ids);
  }

  /**
   * The document id of one chunk (metadata {@code source}, else from the chunk id).
   *
   * @param chunk the chunk
   * @return its document id
   */
  public static String documentId(ScoredChunk chunk) {
    String source = chunk.chunk().metadata().get(ChunkMetadata.SOURCE);
    return source == null || source.isBlank() ? ChunkMetadata.sourceOf(chunk.chunk().id()) : source;
  }

  /** Options of a {@link RetrievalEvaluator}. */
  public static final class Builder {
    private final TreeSet<Integer> ks = new TreeSet<>(List.of(3, 5, 10));
    private int progressEvery = 50;

    private Builder() {}

    /**
     * Sets the cutoffs for Recall@K and Precision@K (nDCG is always @10).
     *
     * @param cutoffs each {@code >= 1}, at least one
     * @return this builder
     * @throws MlException on an empty list or a cutoff below 1
     */
    public Builder ks(int... cutoffs) {
      if (cutoffs == null || cutoffs.length == 0) {
        throw new MlException("ks is empty: give at least one cutoff K");
      }
      ks.clear();
      for (int k : cutoffs) {
        if (k < 1) {
          throw new MlException("cutoff K must be >= 1, got " + k);
        }
        ks.add(k);
      }
      return this;
    }

    /**
     * Logs progress every {@code n} questions per strategy; 0 turns it off.
     *
     * @param n questions between log lines, {@code >= 0}
     * @return this builder
     * @throws MlException when negative
     */
    public Builder progressEvery(int n) {
      if (n < 0) {
        throw new MlException("progressEvery must be >= 0, got " + n);
      }
      this.progressEvery = n;
      return this;
    }

    /**
     * Builds the evaluator.
     *
     * @return the evaluator
     */
    public RetrievalEvaluator build() {
      return new RetrievalEvaluator(this);
    }
  }
}
