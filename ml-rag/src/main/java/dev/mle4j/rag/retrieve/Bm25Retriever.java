package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.Bm25Params;
import dev.mle4j.rag.index.LuceneIndex;
import java.util.List;
import java.util.Objects;

/** Sparse retrieval: BM25 over a {@link LuceneIndex}'s chunk text. Scores are BM25 scores. */
public final class Bm25Retriever implements Retriever {

  private final LuceneIndex index;
  private final Bm25Params params;

  /**
   * A retriever with the index's default BM25 parameters.
   *
   * @param index the index
   */
  public Bm25Retriever(LuceneIndex index) {
    this(index, index.bm25Params());
  }

  /**
   * A retriever with given BM25 parameters.
   *
   * @param index the index
   * @param k1 term-frequency saturation (1.2 is usual)
   * @param b length normalisation in [0, 1] (0.75 is usual)
   */
  public Bm25Retriever(LuceneIndex index, float k1, float b) {
    this(index, new Bm25Params(k1, b));
  }

  /**
   * A retriever with given BM25 parameters.
   *
   * @param index the index
   * @param params k1 and b
   */
  public Bm25Retriever(LuceneIndex index, Bm25Params params) {
    this.index = Objects.requireNonNull(index, "index");
    this.params = Objects.requireNonNull(params, "params");
  }

  /**
   * The BM25 parameters.
   *
   * @return k1 and b
   */
  public Bm25Params params() {
    return params;
  }

  @Override
  public List<ScoredChunk> retrieve(String query, int k) {
    Args.query(query);
    Args.k(k);
    return index.bm25(query, k, params);
  }
}
