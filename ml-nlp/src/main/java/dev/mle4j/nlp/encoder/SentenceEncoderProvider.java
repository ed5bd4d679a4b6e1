package dev.mle4j.nlp.encoder;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.EmbedderProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the bundled sentence encoders (see {@link EncoderModel}) with {@link
 * dev.mle4j.core.Embedders} as retrieval embedders ({@link RetrievalEncoder}). Default token limit:
 * 256 for all-MiniLM-L6-v2 (the length it was trained with), 512 for bge-small and e5-small.
 */
public final class SentenceEncoderProvider implements EmbedderProvider {

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public SentenceEncoderProvider() {
    // stateless
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (EncoderModel m : EncoderModel.values()) {
      names.add(m.id());
    }
    return names;
  }

  @Override
  public Embedder open(String name, EmbedderOptions options) {
    EncoderModel model = EncoderModel.byId(name);
    int maxTokens = options.maxTokens();
    if (maxTokens == 0) {
      boolean minilm =
          model == EncoderModel.ALL_MINILM_L6_V2 || model == EncoderModel.ALL_MINILM_L6_V2_Q;
      maxTokens = minilm ? 256 : EncoderModel.MAX_POSITIONS;
    }
    SentenceEncoder encoder =
        SentenceEncoder.builder(model)
            .maxLength(maxTokens)
            .batchSize(options.batchSize())
            .threads(options.threads())
            .role(TextRole.PASSAGE)
            .build();
    return new RetrievalEncoder(encoder);
  }
}
