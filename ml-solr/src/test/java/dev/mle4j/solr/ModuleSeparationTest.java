package dev.mle4j.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ml-solr's main classes never reference Lucene or the ml-rag classes that load Lucene 10 (they
 * would fail next to Solr's Lucene 9): class-file constant pools name every referenced class.
 */
class ModuleSeparationTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "org/apache/lucene/",
          "dev/mle4j/rag/index/LuceneIndex",
          "dev/mle4j/rag/index/TextAnalyzer",
          "dev/mle4j/rag/index/ExactVectorSearch",
          "dev/mle4j/rag/KnowledgeBase",
          "dev/mle4j/rag/retrieve/Retrievers",
          "dev/mle4j/rag/retrieve/Bm25Retriever",
          "dev/mle4j/rag/retrieve/DenseRetriever",
          "dev/mle4j/rag/generate/ExtractiveGenerator");

  @Test
  void mainClassesReferenceNoLuceneTouchingClass() throws Exception {
    Path classes =
        Path.of(SolrRetriever.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    for (Path f : files) {
      String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String forbidden : FORBIDDEN) {
        assertThat(pool).as(f.getFileName() + " references " + forbidden).doesNotContain(forbidden);
      }
    }
  }
}
