package dev.mle4j.nlp.rnn;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.TextTrainerProvider;
import java.util.Set;

/**
 * Creates the recurrent text trainers {@code rnn}, {@code lstm}, {@code gru}, {@code bilstm} and
 * {@code bilstm-minilm-emb} (a bidirectional LSTM over MiniLM's WordPiece tokens and pretrained
 * token embeddings).
 *
 * <p>Defaults: max pooling, dropout 0.3, Adam, batches of 32, early stopping on the validation
 * loss. Full budget: embeddings 128, hidden 128, at most 128 tokens, up to 30 epochs with patience
 * 3. Quick budget ({@code quick = true}): embeddings 64, hidden 64, at most 64 tokens, up to 8
 * epochs with patience 2. The MiniLM variant keeps its 384-wide embeddings; they are frozen with
 * the quick budget (updating the 30,522-row table with Adam costs more than the rest of the model)
 * and trained with the full budget.
 */
public final class RnnTrainerProvider implements TextTrainerProvider {

  private static final Set<String> NAMES =
      Set.of("rnn", "lstm", "gru", "bilstm", "bilstm-minilm-emb");

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public RnnTrainerProvider() {}

  @Override
  public Set<String> names() {
    return NAMES;
  }

  @Override
  public TextClassifierTrainer create(String name, boolean quick, long seed) {
    RnnTextTrainer.Builder b =
        RnnTextTrainer.builder()
            .modelName(name)
            .seed(seed)
            .embeddingSize(quick ? 64 : 128)
            .hiddenSize(quick ? 64 : 128)
            .maxLength(quick ? 64 : 128)
            .maxEpochs(quick ? 8 : 30)
            .patience(quick ? 2 : 3);
    switch (name) {
      case "rnn" -> b.cell(CellType.RNN);
      case "lstm" -> b.cell(CellType.LSTM);
      case "gru" -> b.cell(CellType.GRU);
      case "bilstm" -> b.cell(CellType.LSTM).bidirectional(true);
      case "bilstm-minilm-emb" ->
          b.cell(CellType.LSTM).bidirectional(true).miniLmEmbeddings().freezeEmbeddings(quick);
      default ->
          throw new MlException("unknown recurrent model '" + name + "'; known models: " + NAMES);
    }
    return b.build();
  }
}
