package dev.mle4j.rag.index;

import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Measures how many of the exact nearest neighbours the HNSW search of a {@link LuceneIndex} finds:
 * recall@k = |HNSW top-k ∩ exact top-k| / |exact top-k|, per query and averaged.
 */
public final class HnswRecall {

  private HnswRecall() {}

  /**
   * The result of a recall measurement.
   *
   * @param k the cut-off
   * @param numCandidates the HNSW search breadth used
   * @param mean mean recall@k over the queries
   * @param perQuery recall@k of each query, in query order
   */
  public record Result(int k, int numCandidates, double mean, List<Double> perQuery) {
    /** Copies. */
    public Result {
      perQuery = List.copyOf(perQuery);
    }
  }

  /**
   * Measures recall@k with the default search breadth ({@link LuceneIndex#DEFAULT_NUM_CANDIDATES}).
   *
   * @param index the index
   * @param queries query vectors (at least one)
   * @param k the cut-off
   * @return the recall
   */
  public static Result measure(LuceneIndex index, List<float[]> queries, int k) {
    return measure(index, queries, k, LuceneIndex.DEFAULT_NUM_CANDIDATES);
  }

  /**
   * Measures recall@k.
   *
   * @param index the index
   * @param queries query vectors (at least one)
   * @param k the cut-off
   * @param numCandidates HNSW search breadth
   * @return the recall
   */
  public static Result measure(LuceneIndex index, List<float[]> queries, int k, int numCandidates) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(queries, "queries");
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("recall needs at least one query vector");
    }
    LuceneIndex.requireK(k);
    ExactVectorSearch exact = new ExactVectorSearch(index);
    List<Double> per = new ArrayList<>(queries.size());
    double sum = 0;
    for (float[] q : queries) {
      Set<String> truth = new HashSet<>(exact.searchIds(q, k));
      double recall;
      if (truth.isEmpty()) {
        recall = 1.0;
      } else {
        int found = 0;
        for (ScoredChunk sc : index.knn(q, k, numCandidates)) {
          if (truth.contains(sc.chunk().id())) {
            found++;
          }
        }
        recall = (double) found / truth.size();
      }
      per.add(recall);
      sum += recall;
    }
    return new Result(k, numCandidates, sum / queries.size(), per);
  }
}
