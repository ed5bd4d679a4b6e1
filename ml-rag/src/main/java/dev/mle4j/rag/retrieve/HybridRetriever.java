package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fuses two or more retrievers (typically BM25 and dense): each retrieves {@code candidates} chunks
 * (50 by default), the lists are combined by {@link Fusion#RRF} (default, {@code rrfK} = 60) or
 * {@link Fusion#WEIGHTED}, and the best {@code k} are returned with their fused scores. Chunks are
 * identified by id. Ties are broken by the best rank the chunk had in any list, then by first
 * appearance (list order, then rank), so results are deterministic.
 *
 * <p>Weights (1 per retriever unless given): RRF multiplies each list's {@code 1 / (rrfK + rank)}
 * by its weight as given; WEIGHTED first normalises the weights to sum to 1 (so two retrievers
 * default to 0.5 / 0.5).
 */
public final class HybridRetriever implements Retriever {

  /** Default candidates per retriever. */
  public static final int DEFAULT_CANDIDATES = 50;

  /** Default RRF constant. */
  public static final int DEFAULT_RRF_K = 60;

  private final List<Retriever> retrievers;
  private final double[] weights;
  private final Fusion fusion;
  private final int rrfK;
  private final int candidates;

  private HybridRetriever(Builder b) {
    this.retrievers = List.copyOf(b.retrievers);
    this.weights = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
    this.fusion = b.fusion;
    this.rrfK = b.rrfK;
    this.candidates = b.candidates;
  }

  /**
   * Starts a hybrid retriever.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The fusion method.
   *
   * @return RRF or WEIGHTED
   */
  public Fusion fusion() {
    return fusion;
  }

  @Override
  public List<ScoredChunk> retrieve(String query, int k) {
    Args.query(query);
    Args.k(k);
    int n = Math.max(k, candidates);
    List<List<ScoredChunk>> lists = new ArrayList<>(retrievers.size());
    for (Retriever r : retrievers) {
      lists.add(r.retrieve(query, n));
    }
    return fuse(lists, k);
  }

  /**
   * Fuses ranked lists with this retriever's method and weights (exposed for evaluation and tests).
   *
   * @param lists one ranked list per retriever, best first, in the order they were added
   * @param k how many to keep
   * @return fused chunks, best first, with fused scores
   */
  public List<ScoredChunk> fuse(List<List<ScoredChunk>> lists, int k) {
    Objects.requireNonNull(lists, "lists");
    Args.k(k);
    if (lists.size() != retrievers.size()) {
      throw new IllegalArgumentException(
          "expected " + retrievers.size() + " ranked lists, got " + lists.size());
    }
    double weightSum = 0;
    for (double w : weights) {
      weightSum += w;
    }
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (int l = 0; l < lists.size(); l++) {
      List<ScoredChunk> list = lists.get(l);
      Args.candidates(list);
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (ScoredChunk sc : list) {
        min = Math.min(min, sc.score());
        max = Math.max(max, sc.score());
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        ScoredChunk sc = list.get(i);
        String id = sc.chunk().id();
        if (!seen.add(id)) {
          continue; // a list repeating a chunk counts it once, at its best rank
        }
        int rank = i + 1;
        Entry e = byId.computeIfAbsent(id, x -> new Entry(sc.chunk(), byId.size()));
        e.bestRank = Math.min(e.bestRank, rank);
        double contribution;
        if (fusion == Fusion.RRF) {
          contribution = weights[l] / (rrfK + rank);
        } else {
          double norm = max > min ? (sc.score() - min) / (max - min) : 1.0;
          contribution = weights[l] / weightSum * norm;
        }
        e.score += contribution;
      }
    }
    List<Entry> all = new ArrayList<>(byId.values());
    all.sort(
        Comparator.comparingDouble((Entry e) -> e.score)
            .reversed()
            .thenComparingInt(e -> e.bestRank)
            .thenComparingInt(e -> e.firstSeen));
    List<ScoredChunk> out = new ArrayList<>(Math.min(k, all.size()));
    for (int i = 0; i < all.size() && i < k; i++) {
      out.add(new ScoredChunk(all.get(i).chunk, all.get(i).score));
    }
    return out;
  }

  private static final class Entry {
    final Chunk chunk;
    final int firstSeen;
    int bestRank = Integer.MAX_VALUE;
    double score;

    Entry(Chunk chunk, int firstSeen) {
      this.chunk = chunk;
      this.firstSeen = firstSeen;
    }
  }

  /** Options for {@link HybridRetriever}. */
  public static final class Builder {
    private final List<Retriever> retrievers = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private Fusion fusion = Fusion.RRF;
    private int rrfK = DEFAULT_RRF_K;
    private int candidates = DEFAULT_CANDIDATES;

    private Builder() {}

    /**
     * Adds a retriever with weight 1.
     *
     * @param retriever the retriever
     * @return this builder
     */
    public Builder add(Retriever retriever) {
      return add(retriever, 1.0);
    }

    /**
     * Adds a retriever with a weight.
     *
     * @param retriever the retriever
     * @param weight its weight, finite and {@code > 0}
     * @return this builder
     */
    public Builder add(Retriever retriever, double weight) {
      Objects.requireNonNull(retriever, "retriever");
      if (!Double.isFinite(weight) || weight <= 0) {
        throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
      }
      retrievers.add(retriever);
      weights.add(weight);
      return this;
    }

    /**
     * The fusion method (RRF by default).
     *
     * @param fusion RRF or WEIGHTED
     * @return this builder
     */
    public Builder fusion(Fusion fusion) {
      this.fusion = Objects.requireNonNull(fusion, "fusion");
      return this;
    }

    /**
     * The RRF constant (60 by default).
     *
     * @param rrfK a constant {@code >= 0}
     * @return this builder
     */
    public Builder rrfK(int rrfK) {
      if (rrfK < 0) {
        throw new IllegalArgumentException("rrfK must be >= 0, got " + rrfK);
      }
      this.rrfK = rrfK;
      return this;
    }

    /**
     * How many chunks each retriever returns before fusion (50 by default; at least k is used).
     *
     * @param candidates the number, {@code > 0}
     * @return this builder
     */
    public Builder candidates(int candidates) {
      if (candidates <= 0) {
        throw new IllegalArgumentException("candidates must be > 0, got " + candidates);
      }
      this.candidates = candidates;
      return this;
    }

    /**
     * Builds the retriever.
     *
     * @return the hybrid retriever
     * @throws IllegalArgumentException with fewer than two retrievers
     */
    public HybridRetriever build() {
      if (retrievers.size() < 2) {
        throw new IllegalArgumentException(
            "a hybrid retriever needs at least two retrievers, got " + retrievers.size());
      }
      return new HybridRetriever(this);
    }
  }
}
