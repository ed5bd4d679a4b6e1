package dev.mle4j.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.index.IndexTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Configset rendering, collection creation (shards x replicas) and Solr's own hybrid mode. */
@ExtendWith(SolrCluster.Extension.class)
class SolrCollectionsTest {

  @TempDir Path dir;

  @Test
  void configSetCarriesTheDimensionAndTheEnglishAnalysis() throws Exception {
    Path out = SolrConfigSet.write(dir.resolve("cs"), 384);
    assertThat(out.resolve("managed-schema.xml"))
        .content()
        .contains("vectorDimension=\"384\"")
        .contains("similarityFunction=\"cosine\"")
        .contains("knnAlgorithm=\"hnsw\"")
        .contains("solr.PorterStemFilterFactory")
        .doesNotContain("@VECTOR_DIMENSION@");
    assertThat(out.resolve("solrconfig.xml")).content().contains("ExactStatsCache");
    assertThat(Files.readAllLines(out.resolve("stopwords_en.txt")))
        .filteredOn(l -> !l.startsWith("#"))
        .hasSize(33)
        .contains("the", "with", "such");
    assertThat(SolrConfigSet.defaultName(384)).isEqualTo("mle4j-chunks-384");
    assertThatThrownBy(() -> SolrConfigSet.files(0))
        .hasMessageContaining("vector dimension must be in 1..4096");
    assertThatThrownBy(() -> CollectionSpec.of("bad name", 1, 1, 8))
        .hasMessageContaining("collection name");
    assertThatThrownBy(() -> CollectionSpec.of("ok", 0, 1, 8))
        .hasMessageContaining("shards and replicas must be >= 1");
  }

  @Test
  void createsShardsTimesReplicasAndRefusesDuplicates(SolrCluster solr) {
    SolrCollections admin = new SolrCollections(solr.client());
    CollectionSpec spec = CollectionSpec.of("replicated", 2, 2, 16);
    admin.create(spec);
    assertThat(admin.exists("replicated")).isTrue();
    assertThat(admin.configSets()).contains("mle4j-chunks-16");
    DocCollection state = solr.client().getClusterState().getCollection("replicated");
    assertThat(state.getSlices()).hasSize(2);
    assertThat(state.getReplicas()).hasSize(4).allMatch(r -> r.getState() == Replica.State.ACTIVE);
    // the replicas of a shard sit on different nodes
    state
        .getSlices()
        .forEach(
            s ->
                assertThat(s.getReplicas().stream().map(Replica::getNodeName).distinct())
                    .hasSize(2));
    assertThat(SolrCollections.vectorDimension(solr.client(), "replicated")).isEqualTo(16);
    assertThatThrownBy(() -> admin.create(spec))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("collection 'replicated' already exists");
    admin.delete("replicated");
    assertThat(admin.exists("replicated")).isFalse();
  }

  @Test
  void solrSideHybridRerankFindsTheRelevantSource(SolrCluster solr) {
    solr.createOnce(CollectionSpec.of("rerank", 2, 1, IndexTestSupport.DIM));
    IndexTestSupport.HashEmbedder e = new IndexTestSupport.HashEmbedder(IndexTestSupport.DIM);
    try (SolrChunkIndex index = SolrChunkIndex.builder(solr.client(), "rerank").build()) {
      List<Chunk> chunks = new ArrayList<>();
      for (int s = 0; s < IndexTestSupport.TOPICS.size(); s++) {
        chunks.addAll(IndexTestSupport.chunks(s));
      }
      index.add(chunks, IndexTestSupport.vectors(e, chunks));
      index.commit();
    }
    SolrRetriever r =
        SolrRetriever.builder(solr.client(), "rerank")
            .mode(SolrRetriever.Mode.HYBRID_RERANK)
            .embedder(e)
            .build();
    List<ScoredChunk> hits = r.retrieve("pg_dump backup snapshot of a database", 3);
    assertThat(hits).hasSize(3);
    assertThat(hits.get(0).chunk().id()).startsWith(IndexTestSupport.source(6));
    // scaled dense (0..1) + scaled BM25 (0..1): the best hit of both lists scores 2
    assertThat(hits.get(0).score()).isBetween(1.0, 2.0001);
    assertThat(r.retrieve("the of and", 3)).isNotEmpty(); // dense candidates still rank
  }
}
