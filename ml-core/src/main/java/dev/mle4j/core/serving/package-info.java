/**
 * The serving runtime: a {@link dev.mle4j.core.serving.DynamicBatcher} that merges concurrent
 * requests into model batches (with preferred batch sizes and load shedding), an HTTP {@link
 * dev.mle4j.core.serving.ModelServer} with JSON endpoints (predict, text classify, per-batch
 * reports from a {@link dev.mle4j.core.serving.BatchHistory}), RFC 9457 problem responses, health,
 * readiness and Prometheus metrics, and an asynchronous {@link
 * dev.mle4j.core.serving.PredictionLog}.
 */
package dev.mle4j.core.serving;
