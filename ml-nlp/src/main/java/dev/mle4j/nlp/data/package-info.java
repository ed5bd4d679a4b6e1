/**
 * Labelled text data sets: the SMS spam collection, the SpamAssassin e-mail corpus (parsed by
 * {@link dev.mle4j.nlp.data.EmailParser}), user CSV files with bad-input checks ({@link
 * dev.mle4j.nlp.data.TextDatasets}), and exploratory statistics with charts ({@link
 * dev.mle4j.nlp.data.TextEda}).
 */
package dev.mle4j.nlp.data;
