package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Re-scores candidates with a (usually stronger or longer-context) second embedder: cosine between
 * {@link Embedder#embedQueries(List)} of the query and {@link Embedder#embed(List)} of each chunk's
 * text. A bi-encoder stand-in for a cross-encoder when none is available. Ties keep the first
 * stage's order.
 */
public final class EmbeddingReranker implements Reranker {

  private final Embedder embedder;

  /**
   * A reranker.
   *
   * @param embedder the second embedder (not closed by this reranker)
   */
  public EmbeddingReranker(Embedder embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
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
    List<String> texts = new ArrayList<>(candidates.size());
    for (ScoredChunk sc : candidates) {
      texts.add(sc.chunk().text());
    }
    float[][] vectors = embedder.embed(texts);
    if (vectors.length != texts.size()) {
      throw new MlException(
          embedder.name() + " returned " + vectors.length + " vectors for " + texts.size());
    }
    List<ScoredChunk> scored = new ArrayList<>(candidates.size());
    for (int i = 0; i < vectors.length; i++) {
      scored.add(new ScoredChunk(candidates.get(i).chunk(), Args.cosine(q, vectors[i])));
    }
    // List.sort is stable, so equal scores keep the first stage's order.
    scored.sort(Comparator.comparingDouble(ScoredChunk::score).reversed());
    return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
  }

  @Override
  public String name() {
    return "embedding(" + embedder.name() + ")";
  }
}
