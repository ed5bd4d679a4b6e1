package dev.mle4j.nlp.finetune;

import dev.mle4j.core.MlException;

/**
 * Shape of a BERT-style encoder (post-LayerNorm, GELU, word + position + token-type embeddings).
 *
 * @param vocabSize word-piece vocabulary size
 * @param hiddenSize hidden (embedding) width
 * @param layers number of transformer layers
 * @param heads attention heads per layer ({@code hiddenSize} must be a multiple)
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions number of position embeddings (longest input in tokens)
 * @param typeVocabSize number of token types (segments)
 * @param layerNormEps LayerNorm epsilon
 * @param hiddenDropout dropout after embeddings, attention output and feed-forward output (training
 *     only)
 * @param attentionDropout dropout on the attention probabilities (training only)
 */
public record BertConfig(
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int intermediateSize,
    int maxPositions,
    int typeVocabSize,
    float layerNormEps,
    float hiddenDropout,
    float attentionDropout) {

  /** Validates. */
  public BertConfig {
    positive("vocabSize", vocabSize);
    positive("hiddenSize", hiddenSize);
    positive("layers", layers);
    positive("heads", heads);
    positive("intermediateSize", intermediateSize);
    positive("maxPositions", maxPositions);
    positive("typeVocabSize", typeVocabSize);
    if (hiddenSize % heads != 0) {
      throw new MlException(
          "hiddenSize " + hiddenSize + " is not a multiple of the number of heads " + heads);
    }
    if (!(layerNormEps > 0)) {
      throw new MlException("layerNormEps must be > 0, got " + layerNormEps);
    }
    if (!(hiddenDropout >= 0 && hiddenDropout < 1)) {
      throw new MlException("hiddenDropout must be in [0, 1), got " + hiddenDropout);
    }
    if (!(attentionDropout >= 0 && attentionDropout < 1)) {
      throw new MlException("attentionDropout must be in [0, 1), got " + attentionDropout);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new MlException(field + " must be > 0, got " + value);
    }
  }

  /**
   * The shape of all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536, vocabulary 30522, 512
   * positions, 2 token types, eps 1e-12, dropout 0.1.
   *
   * @return the configuration
   */
  public static BertConfig miniLmL6() {
    return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);
  }

  /**
   * Width of one attention head.
   *
   * @return {@code hiddenSize / heads}
   */
  public int headSize() {
    return hiddenSize / heads;
  }
}
