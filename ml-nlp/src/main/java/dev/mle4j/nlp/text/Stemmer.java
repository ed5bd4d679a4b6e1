package dev.mle4j.nlp.text;

/**
 * The stemmer a {@link TextAnalyzer} applies after lowercasing and stop-word removal.
 *
 * <p>No lemmatizer is offered: Lucene ships none for English, and the lemmatizers reachable from
 * Maven Central (OpenNLP, CoreNLP) need separately distributed part-of-speech and lemmatizer model
 * files that are not published there, so they cannot be installed offline by a build.
 */
public enum Stemmer {
  /** Keep tokens as they are. */
  NONE,
  /** Lucene's Porter stemmer: aggressive suffix stripping ({@code "running" -> "run"}). */
  PORTER,
  /**
   * Lucene's KStem (Krovetz): a lighter, dictionary-checked stemmer whose stems stay real words
   * ({@code "ponies" -> "pony"}); expects lowercased input.
   */
  KSTEM
}
