package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.index.LuceneIndex;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The retriever contract on the in-process Lucene index (the reference backend). */
class LuceneRetrieverContractTest extends RetrieverContractTest {

  @TempDir Path dir;

  @Override
  protected Backend open(String name, List<Chunk> chunks, float[][] vectors, Embedder embedder) {
    LuceneIndex index =
        LuceneIndex.builder(dir.resolve(name + "-" + System.nanoTime()))
            .dimension(embedder.dimension())
            .embedderName(embedder.name())
            .build();
    Map<String, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < chunks.size(); i++) {
      bySource
          .computeIfAbsent(
              chunks.get(i).metadata().get(ChunkMetadata.SOURCE), s -> new ArrayList<>())
          .add(i);
    }
    bySource.forEach(
        (source, idx) -> {
          List<Chunk> c = idx.stream().map(chunks::get).toList();
          float[][] v = idx.stream().map(i -> vectors[i]).toArray(float[][]::new);
          index.replaceSource(source, "h", c, v);
        });
    index.commit();
    Retriever bm25 = new Bm25Retriever(index);
    Retriever dense = new DenseRetriever(index, embedder);
    Retriever hybrid = HybridRetriever.builder().add(bm25).add(dense).build();
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
        index.close();
      }
    };
  }
}
