/**
 * Retrieval-augmented question answering (ingest, embeddings, Lucene retrieval, generation,
 * evaluation). The capability lands with its own issue; this module fixes its place in the build.
 */
package dev.mle4j.rag;
