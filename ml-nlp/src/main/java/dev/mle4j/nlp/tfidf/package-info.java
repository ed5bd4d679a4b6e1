/**
 * TF-IDF features (scikit-learn compatible) and the TF-IDF + logistic-regression text classifier
 * trained with Tribuo.
 */
package dev.mle4j.nlp.tfidf;
