/**
 * Apache Spark integration: batch scoring of registered mle4j models ({@link
 * dev.mle4j.spark.SparkScorer}), distributed feature computation with a fitted tabular pipeline
 * ({@link dev.mle4j.spark.SparkFeatures}) and distributed corpus chunking and embedding for RAG
 * ({@link dev.mle4j.spark.SparkCorpusEmbedder}).
 *
 * <p>Models, pipelines and embedders are loaded once per executor JVM ({@link
 * dev.mle4j.spark.ExecutorCache}); Spark closures only carry small serializable references such as
 * {@link dev.mle4j.spark.ModelRef}. Spark itself is a {@code provided} dependency: the cluster
 * supplies it.
 */
package dev.mle4j.spark;
