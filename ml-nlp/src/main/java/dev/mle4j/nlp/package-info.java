/**
 * Text classification: the training job that loads a labelled text data set, splits it, trains a
 * TF-IDF + logistic-regression model, evaluates it on held-out data and writes metrics, model card,
 * charts, report and model (see {@link dev.mle4j.nlp.TextClassificationJob}).
 */
package dev.mle4j.nlp;
