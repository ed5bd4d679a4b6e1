package dev.mle4j.spark;

/**
 * What a corpus embedding job did.
 *
 * @param documents documents read
 * @param chunks chunks written
 * @param dimension vector size
 * @param embedder the embedding model name
 * @param seconds wall time of the job
 * @param output the output folder
 */
public record EmbedResult(
    long documents, long chunks, int dimension, String embedder, double seconds, String output) {}
