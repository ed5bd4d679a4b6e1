package dev.mle4j.nlp.encoder;

import dev.mle4j.core.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SentenceEncoder} used for retrieval: documents are embedded as passages, questions as
 * queries, each with the input its model was trained with (e5's {@code "query: "} and {@code
 * "passage: "} prefixes; bge-small-en-v1.5's search instruction before queries, as its model card
 * recommends for short-query to passage retrieval; none for all-MiniLM-L6-v2).
 */
public final class RetrievalEncoder implements Embedder {
  /** The query instruction bge-small-en-v1.5 was trained with for retrieval. */
  public static final String BGE_QUERY_INSTRUCTION =
      "Represent this sentence for searching relevant passages: ";

  private final SentenceEncoder encoder;
  private final String queryInstruction;

  /**
   * Wraps an open encoder; closing this closes it.
   *
   * @param encoder the encoder
   */
  public RetrievalEncoder(SentenceEncoder encoder) {
    this.encoder = encoder;
    this.queryInstruction =
        encoder.model() == EncoderModel.BGE_SMALL_EN_V15_Q ? BGE_QUERY_INSTRUCTION : "";
  }

  /**
   * The wrapped encoder.
   *
   * @return the encoder
   */
  public SentenceEncoder encoder() {
    return encoder;
  }

  @Override
  public float[][] embed(List<String> texts) {
    return encoder.encode(texts, TextRole.PASSAGE).vectors();
  }

  @Override
  public float[][] embedQueries(List<String> queries) {
    if (queryInstruction.isEmpty()) {
      return encoder.encode(queries, TextRole.QUERY).vectors();
    }
    List<String> prefixed = new ArrayList<>(queries.size());
    for (String q : queries) {
      prefixed.add(queryInstruction + q);
    }
    return encoder.encode(prefixed, TextRole.QUERY).vectors();
  }

  @Override
  public int dimension() {
    return encoder.dimension();
  }

  @Override
  public String name() {
    return encoder.model().id();
  }

  @Override
  public void close() {
    encoder.close();
  }
}
