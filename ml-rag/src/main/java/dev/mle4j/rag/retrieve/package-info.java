/**
 * Retrievers over a {@link dev.mle4j.rag.index.LuceneIndex} (BM25, dense, hybrid fusion) and
 * rerankers (cross-encoder, embedding, MMR), created by name with {@link
 * dev.mle4j.rag.retrieve.Retrievers}.
 */
package dev.mle4j.rag.retrieve;
