/**
 * The persistent Lucene chunk index: BM25 over chunk text, HNSW k-NN over chunk vectors, atomic
 * per-source replacement, and exact search / recall measurement for checking HNSW.
 */
package dev.mle4j.rag.index;
