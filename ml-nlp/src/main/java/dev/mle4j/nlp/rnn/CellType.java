package dev.mle4j.nlp.rnn;

/** The recurrent cell of an {@link RnnTextTrainer} model. */
public enum CellType {
  /** Elman RNN with tanh activation. */
  RNN,
  /** Long short-term memory. */
  LSTM,
  /** Gated recurrent unit. */
  GRU
}
