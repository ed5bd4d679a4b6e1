package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Mean ranking metrics over the evaluated queries, as computed by {@link RankingMetrics#evaluate}.
 * Each value is the arithmetic mean over queries of the per-query metric of {@link RankingMetrics}
 * ({@code mrr} is the mean reciprocal rank, {@code map} the mean average precision).
 *
 * @param ks the cutoffs, ascending and distinct
 * @param queries number of queries averaged over (judged queries with a relevant document)
 * @param skippedQueries judged queries left out because none of their documents is relevant
 * @param unjudgedQueries queries of the run that have no judgments, ignored
 * @param recallAtK mean Recall@K per cutoff
 * @param precisionAtK mean Precision@K per cutoff
 * @param ndcgAtK mean nDCG@K per cutoff
 * @param mrr mean reciprocal rank of the first relevant document
 * @param map mean average precision
 */
public record RankingReport(
    List<Integer> ks,
    int queries,
    int skippedQueries,
    int unjudgedQueries,
    Map<Integer, Double> recallAtK,
    Map<Integer, Double> precisionAtK,
    Map<Integer, Double> ndcgAtK,
    double mrr,
    double map) {

  /** Validates that every cutoff has a value and copies the collections. */
  public RankingReport {
    Objects.requireNonNull(ks, "ks");
    ks = List.copyOf(ks);
    recallAtK = copy("recallAtK", recallAtK, ks);
    precisionAtK = copy("precisionAtK", precisionAtK, ks);
    ndcgAtK = copy("ndcgAtK", ndcgAtK, ks);
  }

  private static Map<Integer, Double> copy(
      String name, Map<Integer, Double> values, List<Integer> ks) {
    Objects.requireNonNull(values, name);
    if (!values.keySet().equals(new HashSet<>(ks))) {
      throw new MlException(name + " has cutoffs " + values.keySet() + " but ks is " + ks);
    }
    return Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /**
   * Mean Recall@K at one cutoff.
   *
   * @param k a cutoff of {@link #ks()}
   * @return the mean recall
   * @throws MlException if {@code k} was not evaluated
   */
  public double recallAt(int k) {
    return get(recallAtK, k);
  }

  /**
   * Mean Precision@K at one cutoff.
   *
   * @param k a cutoff of {@link #ks()}
   * @return the mean precision
   * @throws MlException if {@code k} was not evaluated
   */
  public double precisionAt(int k) {
    return get(precisionAtK, k);
  }

  /**
   * Mean nDCG@K at one cutoff.
   *
   * @param k a cutoff of {@link #ks()}
   * @return the mean nDCG
   * @throws MlException if {@code k} was not evaluated
   */
  public double ndcgAt(int k) {
    return get(ndcgAtK, k);
  }

  private double get(Map<Integer, Double> values, int k) {
    Double v = values.get(k);
    if (v == null) {
      throw new MlException("cutoff k=" + k + " was not evaluated; evaluated cutoffs: " + ks);
    }
    return v;
  }

  /**
   * The metrics as a flat map: for each cutoff K ascending {@code recall_at_K}, {@code
   * precision_at_K}, {@code ndcg_at_K}; then {@code mrr} and {@code map}.
   *
   * @return a new mutable map, insertion-ordered
   */
  public Map<String, Double> toMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k : ks) {
      out.put("recall_at_" + k, recallAtK.get(k));
      out.put("precision_at_" + k, precisionAtK.get(k));
      out.put("ndcg_at_" + k, ndcgAtK.get(k));
    }
    out.put("mrr", mrr);
    out.put("map", map);
    return out;
  }
}
