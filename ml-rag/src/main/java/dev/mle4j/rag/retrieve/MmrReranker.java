package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.LuceneIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Maximal marginal relevance: picks chunks one at a time maximising {@code lambda * cos(query,
 * chunk) - (1 - lambda) * max cos(chunk, already picked)}, trading relevance for diversity (lambda
 * 1 = pure relevance). The query is embedded with {@link Embedder#embedQueries(List)}; chunk
 * vectors come from the index when one is given (no re-embedding) and otherwise from {@link
 * Embedder#embed(List)}. A chunk's score is its marginal value when it was picked, which never
 * increases down the list. Ties keep the first stage's order.
 */
public final class MmrReranker implements Reranker {

  /** Default relevance weight. */
  public static final double DEFAULT_LAMBDA = 0.7;

  private final Embedder embedder;
  private final LuceneIndex index;
  private final double lambda;

  /**
   * MMR with lambda 0.7, embedding the candidates.
   *
   * @param embedder the embedder
   */
  public MmrReranker(Embedder embedder) {
    this(embedder, DEFAULT_LAMBDA);
  }

  /**
   * MMR embedding the candidates.
   *
   * @param embedder the embedder
   * @param lambda relevance weight in [0, 1]
   */
  public MmrReranker(Embedder embedder, double lambda) {
    this(embedder, null, lambda);
  }

  /**
   * MMR reading chunk vectors from an index (built with this embedder) when present.
   *
   * @param embedder the embedder (for the query, and chunks missing from the index)
   * @param index the index holding chunk vectors, or null to embed every candidate
   * @param lambda relevance weight in [0, 1]
   */
  public MmrReranker(Embedder embedder, LuceneIndex index, double lambda) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("MMR lambda must be in [0, 1], got " + lambda);
    }
    if (index != null && index.dimension() != embedder.dimension()) {
      throw new MlException(
          "index at "
              + index.path()
              + " has vectors of dim "
              + index.dimension()
              + " but "
              + embedder.name()
              + " has dim "
              + embedder.dimension());
    }
    this.index = index;
    this.lambda = lambda;
  }

  @Override
  public List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int k) {
    Args.query(query);
    Args.k(k);
    Args.candidates(candidates);
    if (candidates.isEmpty()) {
      return List.of();
    }
    float[] q = embedder.embedQueries(List.of(query))[0];
    float[][] vectors = candidateVectors(candidates);
    int n = candidates.size();
    double[] relevance = new double[n];
    double[] maxSim = new double[n];
    boolean[] picked = new boolean[n];
    for (int i = 0; i < n; i++) {
      relevance[i] = Args.cosine(q, vectors[i]);
      maxSim[i] = Double.NEGATIVE_INFINITY;
    }
    List<ScoredChunk> out = new ArrayList<>(Math.min(k, n));
    for (int round = 0; round < Math.min(k, n); round++) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (picked[i]) {
          continue;
        }
        double penalty = round == 0 ? 0 : maxSim[i];
        double score = lambda * relevance[i] - (1 - lambda) * penalty;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      picked[best] = true;
      out.add(new ScoredChunk(candidates.get(best).chunk(), bestScore));
      for (int i = 0; i < n; i++) {
        if (!picked[i]) {
          maxSim[i] = Math.max(maxSim[i], Args.cosine(vectors[i], vectors[best]));
        }
      }
    }
    return out;
  }

  private float[][] candidateVectors(List<ScoredChunk> candidates) {
    int n = candidates.size();
    float[][] vectors = new float[n][];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Optional<float[]> v =
          index == null ? Optional.empty() : index.vector(candidates.get(i).chunk().id());
      if (v.isPresent()) {
        vectors[i] = v.get();
      } else {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      List<String> texts = new ArrayList<>(missing.size());
      for (int i : missing) {
        texts.add(candidates.get(i).chunk().text());
      }
      float[][] embedded = embedder.embed(texts);
      if (embedded.length != texts.size()) {
        throw new MlException(
            embedder.name() + " returned " + embedded.length + " vectors for " + texts.size());
      }
      for (int j = 0; j < missing.size(); j++) {
        vectors[missing.get(j)] = embedded[j];
      }
    }
    return vectors;
  }

  @Override
  public String name() {
    return "mmr(" + lambda + ")";
  }
}
