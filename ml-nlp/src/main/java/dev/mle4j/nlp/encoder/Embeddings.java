package dev.mle4j.nlp.encoder;

/**
 * The result of {@link SentenceEncoder#encode}: one vector per text plus how many texts were cut to
 * the encoder's token limit.
 *
 * @param vectors one vector per input text, in input order
 * @param truncated the number of texts longer than the token limit (special tokens and prefix
 *     included), whose tail was dropped
 */
public record Embeddings(float[][] vectors, int truncated) {}
