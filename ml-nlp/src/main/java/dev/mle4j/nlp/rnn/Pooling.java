package dev.mle4j.nlp.rnn;

/**
 * How the recurrent outputs of all time steps become one vector per text. Only the steps of real
 * tokens count; padding never changes a text's scores.
 */
public enum Pooling {
  /** The output at the last token (for the backward direction: at the first token). */
  LAST,
  /** The element-wise maximum over the tokens. */
  MAX,
  /** The element-wise mean over the tokens. */
  MEAN
}
