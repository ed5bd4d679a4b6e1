/**
 * TF-IDF and bag-of-words features (scikit-learn compatible, word and character n-grams) and the
 * logistic-regression text classifier trained with Tribuo on them.
 */
package dev.mle4j.nlp.tfidf;
