package dev.mle4j.nlp.encoder;

/**
 * What a text is to an encoder that was trained with role prefixes (e5's {@code "query: "} and
 * {@code "passage: "}). Classification uses {@link #QUERY}, as the e5 authors recommend for
 * symmetric tasks and linear probing.
 */
public enum TextRole {
  /** A query, or any text to classify or compare symmetrically. */
  QUERY,
  /** A document or passage to be retrieved. */
  PASSAGE
}
