/**
 * Classical text classifiers on bag-of-words or TF-IDF features: naive Bayes, gradient-boosted
 * trees and logistic regression (Tribuo), the {@link dev.mle4j.nlp.TextTrainerProvider} that
 * creates them by name, and a seeded grid or random hyper-parameter search scored by macro F1 with
 * stratified k-fold on the training rows.
 */
package dev.mle4j.nlp.classical;
