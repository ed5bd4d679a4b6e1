/**
 * Text analysis: Lucene-based tokenization with lowercasing, stop words, stemming and a minimum
 * token length.
 */
package dev.mle4j.nlp.text;
