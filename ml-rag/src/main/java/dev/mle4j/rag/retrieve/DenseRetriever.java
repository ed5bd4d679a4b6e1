package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.LuceneIndex;
import java.util.List;
import java.util.Objects;

/**
 * Dense retrieval: embeds the query with {@link Embedder#embedQueries(List)} and searches the
 * index's HNSW graph. Scores are cosine similarities.
 */
public final class DenseRetriever implements Retriever {

  private final LuceneIndex index;
  private final Embedder embedder;
  private final int numCandidates;

  /**
   * A retriever exploring {@link LuceneIndex#DEFAULT_NUM_CANDIDATES} HNSW candidates.
   *
   * @param index the index (built with this embedder)
   * @param embedder the query encoder
   */
  public DenseRetriever(LuceneIndex index, Embedder embedder) {
    this(index, embedder, LuceneIndex.DEFAULT_NUM_CANDIDATES);
  }

  /**
   * A retriever.
   *
   * @param index the index (built with this embedder)
   * @param embedder the query encoder
   * @param numCandidates HNSW search breadth (efSearch)
   * @throws MlException when the embedder's dimension or name differs from the index's
   */
  public DenseRetriever(LuceneIndex index, Embedder embedder, int numCandidates) {
    this.index = Objects.requireNonNull(index, "index");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    if (numCandidates <= 0) {
      throw new IllegalArgumentException("numCandidates must be > 0, got " + numCandidates);
    }
    this.numCandidates = numCandidates;
    boolean nameDiffers =
        !index.embedderName().isEmpty() && !index.embedderName().equals(embedder.name());
    if (embedder.dimension() != index.dimension() || nameDiffers) {
      throw new MlException(
          "index at "
              + index.path()
              + " built with model "
              + (index.embedderName().isEmpty() ? "(unnamed)" : index.embedderName())
              + " (dim "
              + index.dimension()
              + "); asked for "
              + embedder.name()
              + " (dim "
              + embedder.dimension()
              + ")");
    }
  }

  @Override
  public List<ScoredChunk> retrieve(String query, int k) {
    Args.query(query);
    Args.k(k);
    float[][] vectors = embedder.embedQueries(List.of(query));
    if (vectors == null || vectors.length != 1) {
      throw new MlException(embedder.name() + " returned no vector for the query");
    }
    return index.knn(vectors[0], k, numCandidates);
  }
}
