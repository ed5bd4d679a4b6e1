package dev.mle4j.nlp.tfidf;

/** How a {@link TfidfVectorizer} weights the terms of a text. */
public enum Weighting {
  /** 1 for every vocabulary term present in the text, else 0 (binary bag of words). */
  BINARY,
  /** The term's count in the text, or {@code 1 + ln(count)} with sublinear tf (bag of words). */
  COUNT,
  /** Term frequency times smooth idf, scaled to unit Euclidean length (scikit-learn's TF-IDF). */
  TFIDF
}
