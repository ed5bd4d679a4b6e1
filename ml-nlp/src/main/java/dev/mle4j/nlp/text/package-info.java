/**
 * Text analysis: Lucene-based tokenization with lowercasing, punctuation removal (or punctuation
 * kept as tokens), stop words, stemming (Porter or KStem) and a minimum token length.
 */
package dev.mle4j.nlp.text;
