/**
 * SolrCloud retrieval backend: {@link dev.mle4j.solr.SolrRetriever} (BM25, dense HNSW, hybrid) over
 * a sharded, replicated collection built from the shipped configset ({@link
 * dev.mle4j.solr.SolrConfigSet}, {@link dev.mle4j.solr.SolrCollections}), and bulk indexing of
 * chunks with their vectors ({@link dev.mle4j.solr.SolrChunkIndex}, {@link
 * dev.mle4j.solr.ChunkVectorFiles}).
 *
 * <p>This module lives apart from ml-rag because Solr 9 bundles Lucene 9 and ml-rag uses Lucene 10:
 * it uses only ml-rag's Lucene-free classes (ChunkStore, Ingestor, HybridRetriever, evaluation).
 */
package dev.mle4j.solr;
