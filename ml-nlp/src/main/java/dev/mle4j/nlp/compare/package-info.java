/**
 * Trains several text classifiers on one stratified split and compares them on the same held-out
 * test rows: quality, training time, latency, throughput, size on disk and shared errors.
 */
package dev.mle4j.nlp.compare;
