package dev.mle4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.DocumentLoaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The Spark embedding job's chunks and vectors equal the in-process ingest path. */
class SparkCorpusEmbedderTest {

  private static final String MODEL = "all-minilm-l6-v2";
  private static final String[] TOPICS = {
    "database replication and write-ahead logs",
    "vacuum and index maintenance",
    "query planning with statistics",
    "connection pooling and timeouts",
    "backup, restore and point-in-time recovery"
  };

  @TempDir static Path tmp;
  private static Path docs;
  private static SparkSession spark;

  @BeforeAll
  static void corpus() throws Exception {
    docs = tmp.resolve("docs");
    Files.createDirectories(docs.resolve("guide"));
    Random random = new Random(42);
    for (int d = 0; d < 6; d++) {
      StringBuilder md = new StringBuilder("# Chapter " + d + "\n\n");
      for (int s = 0; s < 3; s++) {
        md.append("## Section ").append(s).append("\n\n");
        for (int p = 0; p < 3; p++) {
          for (int k = 0; k < 6; k++) {
            md.append("This paragraph explains ")
                .append(TOPICS[random.nextInt(TOPICS.length)])
                .append(" in release ")
                .append(random.nextInt(20))
                .append(". ");
          }
          md.append("\n\n");
        }
      }
      Path file =
          d % 2 == 0 ? docs.resolve("doc" + d + ".md") : docs.resolve("guide/doc" + d + ".md");
      Files.writeString(file, md, StandardCharsets.UTF_8);
    }
    Files.writeString(
        docs.resolve("notes.txt"),
        "Plain text notes about " + TOPICS[0] + ".\n\nAnd a second paragraph on " + TOPICS[3],
        StandardCharsets.UTF_8);
    Files.writeString(docs.resolve("image.bin"), "not a document", StandardCharsets.UTF_8);
    spark = TestSpark.session();
  }

  private static Embedder openOrSkip() {
    try {
      return Embedders.discover().open(MODEL, new EmbedderOptions(0, 32, 1));
    } catch (MlException e) {
      assumeTrue(false, "embedding model " + MODEL + " not available: " + e.getMessage());
      return null;
    }
  }

  @Test
  void sparkVectorsAndChunksEqualTheInProcessEmbedder() throws Exception {
    SparkCorpusEmbedder job =
        SparkCorpusEmbedder.builder().embedder(MODEL).chunking(96, 16, 8).partitions(3).build();
    String out = tmp.resolve("chunks.parquet").toString();
    EmbedResult result = job.run(spark, docs.toString(), out, false);
    assertThat(result.documents()).isEqualTo(7);
    assertThat(result.dimension()).isEqualTo(384);

    Map<String, Row> byId = new HashMap<>();
    for (Row r : spark.read().parquet(out).collectAsList()) {
      byId.put(r.getString(0), r);
    }
    assertThat(byId).hasSize((int) result.chunks());

    Chunker chunker = Chunker.builder().maxTokens(96).overlapTokens(16).minTokens(8).build();
    DocumentLoaders loaders = DocumentLoaders.defaults();
    List<Chunk> expected = new ArrayList<>();
    try (var files = Files.walk(docs)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        if (loaders.supports(f)) {
          String source = docs.relativize(f).toString().replace('\\', '/');
          expected.addAll(chunker.chunk(loaders.load(f, source)));
        }
      }
    }
    assertThat(expected.size()).isGreaterThan(20);
    assertThat(byId.keySet())
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(Chunk::id).toList());

    try (Embedder embedder = openOrSkip()) {
      float[][] vectors = embedder.embed(expected.stream().map(Chunk::text).toList());
      double worst = 1;
      for (int i = 0; i < expected.size(); i++) {
        Chunk c = expected.get(i);
        Row r = byId.get(c.id());
        assertThat(r.<String>getAs("text")).isEqualTo(c.text());
        Map<String, String> meta =
            CollectionConverters.asJava(r.<scala.collection.Map<String, String>>getAs("metadata"));
        assertThat(meta).isEqualTo(c.metadata());
        List<Float> v = r.getList(r.fieldIndex("vector"));
        worst = Math.min(worst, cosine(v, vectors[i]));
      }
      assertThat(worst).isGreaterThanOrEqualTo(0.9999);
    }
  }

  @Test
  void missingFolderAndUnknownModelAreNamed() {
    assertThatThrownBy(
            () ->
                SparkCorpusEmbedder.builder().build().embed(spark, tmp.resolve("none").toString()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("does not exist");
    String out = tmp.resolve("bad-model").toString();
    assertThatThrownBy(
            () ->
                SparkCorpusEmbedder.builder()
                    .embedder("no-such-encoder")
                    .build()
                    .run(spark, docs.toString(), out, false))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unknown embedding model 'no-such-encoder'");
  }

  private static double cosine(List<Float> a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < b.length; i++) {
      dot += a.get(i) * b[i];
      na += a.get(i) * a.get(i);
      nb += b[i] * (double) b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
