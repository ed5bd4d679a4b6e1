package dev.mle4j.nlp.rnn;

import java.nio.file.Path;

/** Turns a text into token ids for an {@link RnnTextBlock}. Thread-safe. */
interface SequenceEncoder extends AutoCloseable {

  /**
   * Encodes a text.
   *
   * @param text the text
   * @param maxLength the maximum number of ids; longer texts are truncated (their start is kept)
   * @return between 1 and {@code maxLength} ids; a text without tokens gives the unknown-token id
   */
  int[] encode(String text, int maxLength);

  /** The number of ids (the embedding table's rows). */
  int vocabularySize();

  /** The tokenizer kind written into the saved config. */
  String kind();

  /** Writes the files the loader needs into {@code dir}. */
  void save(Path dir);

  @Override
  void close();
}
