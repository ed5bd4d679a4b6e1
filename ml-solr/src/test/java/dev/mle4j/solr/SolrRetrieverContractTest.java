package dev.mle4j.solr;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.retrieve.RetrieverContractTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retriever contract (the suite the Lucene retriever passes) on a 2-shard SolrCloud collection
 * in a 2-node MiniSolrCloudCluster.
 */
@ExtendWith(SolrCluster.Extension.class)
class SolrRetrieverContractTest extends RetrieverContractTest {

  private SolrCluster solr;

  @BeforeEach
  void cluster(SolrCluster solr) {
    this.solr = solr;
  }

  @Override
  protected Backend open(String name, List<Chunk> chunks, float[][] vectors, Embedder embedder) {
    String collection = "contract-" + name;
    if (solr.createOnce(CollectionSpec.of(collection, 2, 1, embedder.dimension()))) {
      try (SolrChunkIndex index = SolrChunkIndex.builder(solr.client(), collection).build()) {
        if (!chunks.isEmpty()) {
          index.add(chunks, vectors);
        }
        index.commit();
      }
    }
    SolrRetriever.Builder b = SolrRetriever.builder(solr.client(), collection).embedder(embedder);
    Retriever bm25 = b.mode(SolrRetriever.Mode.BM25).build();
    Retriever dense = b.mode(SolrRetriever.Mode.DENSE).build();
    Retriever hybrid = b.mode(SolrRetriever.Mode.HYBRID).build();
    return new Backend() {
      @Override
      public Retriever bm25() {
        return bm25;
      }

      @Override
      public Retriever dense() {
        return dense;
      }

      @Override
      public Retriever hybrid() {
        return hybrid;
      }

      @Override
      public void close() {
        // the collection is kept for the other tests of this class
      }
    };
  }
}
