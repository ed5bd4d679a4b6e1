package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.index.Bm25Params;
import dev.mle4j.rag.index.LuceneIndex;
import java.util.Objects;

/**
 * Creates the named retrievers of {@link RetrievalStrategy} over one index:
 *
 * <ul>
 *   <li>{@code bm25}: {@link Bm25Retriever};
 *   <li>{@code dense}: {@link DenseRetriever};
 *   <li>{@code hybrid}: BM25 + dense, {@link Fusion#RRF} (k = 60) over {@code candidates} each;
 *   <li>{@code hybrid-weighted}: the same with {@link Fusion#WEIGHTED} (weights 0.5 / 0.5 unless
 *       set);
 *   <li>{@code hybrid-rerank}: hybrid, then the configured {@link Reranker} over {@code
 *       rerankCandidates} (20);
 *   <li>{@code hybrid-mmr}: hybrid, then {@link MmrReranker} (lambda 0.7, vectors from the index)
 *       over {@code rerankCandidates}.
 * </ul>
 */
public final class Retrievers {

  private final LuceneIndex index;
  private final Embedder embedder;
  private final Reranker reranker;
  private final Bm25Params bm25;
  private final int candidates;
  private final int rerankCandidates;
  private final double mmrLambda;
  private final double bm25Weight;
  private final double denseWeight;

  private Retrievers(Builder b) {
    this.index = b.index;
    this.embedder = b.embedder;
    this.reranker = b.reranker;
    this.bm25 = b.bm25 == null ? b.index.bm25Params() : b.bm25;
    this.candidates = b.candidates;
    this.rerankCandidates = b.rerankCandidates;
    this.mmrLambda = b.mmrLambda;
    this.bm25Weight = b.bm25Weight;
    this.denseWeight = b.denseWeight;
  }

  /**
   * Starts a factory over an index.
   *
   * @param index the index
   * @return a builder
   */
  public static Builder builder(LuceneIndex index) {
    return new Builder(index);
  }

  /**
   * Creates a retriever by name.
   *
   * @param name a {@link RetrievalStrategy} id such as {@code hybrid-rerank}
   * @return the retriever
   */
  public Retriever create(String name) {
    return create(RetrievalStrategy.fromId(name));
  }

  /**
   * Creates a retriever.
   *
   * @param strategy the strategy
   * @return the retriever
   * @throws MlException when the strategy needs an embedder or reranker that was not given
   */
  public Retriever create(RetrievalStrategy strategy) {
    Objects.requireNonNull(strategy, "strategy");
    return switch (strategy) {
      case BM25 -> new Bm25Retriever(index, bm25);
      case DENSE -> dense(strategy);
      case HYBRID -> hybrid(strategy, Fusion.RRF);
      case HYBRID_WEIGHTED -> hybrid(strategy, Fusion.WEIGHTED);
      case HYBRID_RERANK -> {
        if (reranker == null) {
          throw new MlException("retrieval strategy " + strategy.id() + " needs a reranker");
        }
        yield new RerankingRetriever(hybrid(strategy, Fusion.RRF), reranker, rerankCandidates);
      }
      case HYBRID_MMR ->
          new RerankingRetriever(
              hybrid(strategy, Fusion.RRF),
              new MmrReranker(embedder, index, mmrLambda),
              rerankCandidates);
      default -> throw new IllegalArgumentException("unsupported strategy " + strategy);
    };
  }

  private DenseRetriever dense(RetrievalStrategy strategy) {
    if (embedder == null) {
      throw new MlException("retrieval strategy " + strategy.id() + " needs an embedder");
    }
    return new DenseRetriever(index, embedder);
  }

  private HybridRetriever hybrid(RetrievalStrategy strategy, Fusion fusion) {
    return HybridRetriever.builder()
        .add(new Bm25Retriever(index, bm25), bm25Weight)
        .add(dense(strategy), denseWeight)
        .fusion(fusion)
        .candidates(candidates)
        .build();
  }

  /** Options for {@link Retrievers}. */
  public static final class Builder {
    private final LuceneIndex index;
    private Embedder embedder;
    private Reranker reranker;
    private Bm25Params bm25;
    private int candidates = HybridRetriever.DEFAULT_CANDIDATES;
    private int rerankCandidates = RerankingRetriever.DEFAULT_CANDIDATES;
    private double mmrLambda = MmrReranker.DEFAULT_LAMBDA;
    private double bm25Weight = 1.0;
    private double denseWeight = 1.0;

    private Builder(LuceneIndex index) {
      this.index = Objects.requireNonNull(index, "index");
    }

    /**
     * The query embedder (needed by every strategy but {@code bm25}).
     *
     * @param embedder the embedder the index was built with, or null
     * @return this builder
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    /**
     * The reranker of {@code hybrid-rerank}.
     *
     * @param reranker a reranker, or null
     * @return this builder
     */
    public Builder reranker(Reranker reranker) {
      this.reranker = reranker;
      return this;
    }

    /**
     * BM25 parameters (default: the index's).
     *
     * @param k1 term-frequency saturation
     * @param b length normalisation
     * @return this builder
     */
    public Builder bm25(float k1, float b) {
      this.bm25 = new Bm25Params(k1, b);
      return this;
    }

    /**
     * Candidates each hybrid component retrieves before fusion (50).
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
     * Candidates the reranking strategies rerank (20).
     *
     * @param rerankCandidates the number, {@code > 0}
     * @return this builder
     */
    public Builder rerankCandidates(int rerankCandidates) {
      if (rerankCandidates <= 0) {
        throw new IllegalArgumentException("rerankCandidates must be > 0, got " + rerankCandidates);
      }
      this.rerankCandidates = rerankCandidates;
      return this;
    }

    /**
     * MMR relevance weight for {@code hybrid-mmr} (0.7).
     *
     * @param lambda in [0, 1]
     * @return this builder
     */
    public Builder mmrLambda(double lambda) {
      if (!(lambda >= 0 && lambda <= 1)) {
        throw new IllegalArgumentException("MMR lambda must be in [0, 1], got " + lambda);
      }
      this.mmrLambda = lambda;
      return this;
    }

    /**
     * Fusion weights of BM25 and dense (equal by default; WEIGHTED normalises them to sum 1).
     *
     * @param bm25Weight BM25's weight, {@code > 0}
     * @param denseWeight dense's weight, {@code > 0}
     * @return this builder
     */
    public Builder weights(double bm25Weight, double denseWeight) {
      if (!(bm25Weight > 0) || !(denseWeight > 0) || Double.isInfinite(bm25Weight + denseWeight)) {
        throw new IllegalArgumentException(
            "weights must be finite and > 0, got " + bm25Weight + ", " + denseWeight);
      }
      this.bm25Weight = bm25Weight;
      this.denseWeight = denseWeight;
      return this;
    }

    /**
     * Builds the factory.
     *
     * @return the factory
     */
    public Retrievers build() {
      return new Retrievers(this);
    }
  }
}
