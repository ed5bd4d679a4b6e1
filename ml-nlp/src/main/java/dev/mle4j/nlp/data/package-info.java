/** Labelled text data sets: the SMS spam collection and user CSV files. */
package dev.mle4j.nlp.data;
