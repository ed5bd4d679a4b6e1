package dev.mle4j.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.eval.RetrievalEvaluator;
import dev.mle4j.rag.eval.RetrievalResults;
import dev.mle4j.rag.eval.StrategyResult;
import dev.mle4j.rag.ingest.PostgresManual;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Solr reaches the Lucene retriever's nDCG@10 (within 0.01) on the RAG question set with the same
 * chunks and embeddings. Lucene 10 and Solr's Lucene 9 cannot share a classpath, so the Lucene side
 * ({@link LuceneBaseline}) runs in a forked JVM (this test classpath minus Solr and Lucene 9, plus
 * the Lucene 10 jars): it ingests the manual pages with the ONNX embedder, evaluates, and exports
 * chunks + vectors + query vectors; this test indexes the export into a 2-shard collection and
 * evaluates the Solr modes with the same evaluator and questions.
 *
 * <p>System properties: {@code mle4j.solr.eval.stride} (every N-th ungraded page, default 1 = the
 * whole manual), {@code mle4j.solr.eval.baseline} (reuse a finished baseline folder), {@code
 * mle4j.solr.eval.embedder} (default all-minilm-l6-v2-q).
 */
@ExtendWith(SolrCluster.Extension.class)
class SolrRetrievalQualityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void solrMatchesLuceneNdcgOnThePostgresQuestions(SolrCluster solr) throws Exception {
    Optional<Path> manual = PostgresManual.find();
    Assumptions.assumeTrue(
        manual.isPresent(), "PostgreSQL manual not found: run scripts/fetch-pgdoc.sh");
    Path root = Path.of(System.getProperty("mle4j.root", "..")).toAbsolutePath();
    Path questionsFile = root.resolve("data/eval/postgres-qa.json");
    Path work = Path.of(System.getProperty("mle4j.solr.work", "target/solr-work")).toAbsolutePath();
    String reuse = System.getProperty("mle4j.solr.eval.baseline", "");
    Path baseline =
        reuse.isBlank()
            ? runBaseline(work.resolve("baseline"), questionsFile, manual.get())
            : Path.of(reuse);

    JsonNode lucene = JSON.readTree(baseline.resolve("lucene-metrics.json").toFile());
    PrecomputedEmbedder queries = PrecomputedEmbedder.load(baseline.resolve("queries.json"));
    String collection = "pgdoc";
    solr.createOnce(CollectionSpec.of(collection, 2, 1, queries.dimension()));
    long indexed;
    long t0 = System.nanoTime();
    try (SolrChunkIndex index = SolrChunkIndex.builder(solr.client(), collection).build()) {
      indexed = index.indexFile(baseline.resolve("chunks.jsonl"));
      assertThat(index.chunkCount()).isEqualTo(lucene.get("chunks").asInt());
    }
    double indexSeconds = (System.nanoTime() - t0) / 1e9;
    assertThat(indexed).isEqualTo(lucene.get("chunks").asLong());

    Map<String, Retriever> modes = new LinkedHashMap<>();
    SolrRetriever.Builder b = SolrRetriever.builder(solr.client(), collection).embedder(queries);
    modes.put("bm25", b.mode(SolrRetriever.Mode.BM25).build());
    modes.put("dense", b.mode(SolrRetriever.Mode.DENSE).build());
    modes.put("hybrid", b.mode(SolrRetriever.Mode.HYBRID).build());
    modes.put("hybrid-solr-rerank", b.mode(SolrRetriever.Mode.HYBRID_RERANK).build());
    QuestionSet qs = QuestionSet.load(questionsFile);
    RetrievalEvaluator evaluator = RetrievalEvaluator.builder().progressEvery(0).build();
    evaluator.evaluate(modes, qs.questions()); // warm-up, as on the Lucene side
    RetrievalResults results = evaluator.evaluate(modes, qs.questions());

    ObjectNode out = JSON.createObjectNode();
    out.put("dataset", "postgresql-doc-15 (" + lucene.get("pages").asInt() + " pages)");
    out.put("task", "retrieval");
    out.put("chunks", indexed);
    out.put("embedder", lucene.get("embedder").asText());
    out.put("solr_shards", 2);
    out.put("solr_index_seconds", indexSeconds);
    ObjectNode models = out.putObject("models");
    lucene
        .get("models")
        .fields()
        .forEachRemaining(e -> models.set("lucene-" + e.getKey(), e.getValue()));
    for (StrategyResult r : results.strategies()) {
      ObjectNode m = models.putObject("solr-" + r.name());
      r.metrics().forEach(m::put);
    }
    Path metrics = work.resolve("solr-vs-lucene-metrics.json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(metrics.toFile(), out);

    for (String s : LuceneBaseline.STRATEGIES) {
      double l = lucene.get("models").get(s).get("ndcg_at_10").asDouble();
      double r = results.strategy(s).metrics().get("ndcg_at_10");
      assertThat(r)
          .as("Solr %s nDCG@10 vs Lucene %.4f (see %s)", s, l, metrics)
          .isCloseTo(l, within(0.01));
    }
    // Solr's own combination is a real hybrid: at least as good as its weaker input
    double rerank = results.strategy("hybrid-solr-rerank").metrics().get("ndcg_at_10");
    assertThat(rerank)
        .isGreaterThanOrEqualTo(
            Math.min(
                results.strategy("bm25").metrics().get("ndcg_at_10"),
                results.strategy("dense").metrics().get("ndcg_at_10")));
  }

  private static Path runBaseline(Path out, Path questions, Path manual) throws Exception {
    Files.createDirectories(out);
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      String n = e.replace('\\', '/');
      if (!n.contains("/org/apache/solr/") && !n.contains("/org/apache/lucene/")) {
        entries.add(e);
      }
    }
    Path lucene10 = Path.of(System.getProperty("mle4j.lucene10.dir", "target/lucene10"));
    try (Stream<Path> jars = Files.list(lucene10)) {
      jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> entries.add(p.toString()));
    }
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx2g",
            // ONNX Runtime's native initialisation overflows the default 1 MB main-thread stack
            "-Xss8m",
            "-Dai.djl.offline=true",
            "--add-modules",
            "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            String.join(File.pathSeparator, entries),
            LuceneBaseline.class.getName(),
            out.toString(),
            questions.toString(),
            System.getProperty("mle4j.solr.eval.stride", "1"),
            System.getProperty("mle4j.solr.eval.embedder", "all-minilm-l6-v2-q"),
            manual.toString());
    Path log = out.resolve("baseline.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the Lucene baseline JVM did not finish in 30 minutes; see " + log);
    }
    assertThat(p.exitValue()).as("Lucene baseline JVM exit code; log: " + log).isZero();
    return out;
  }
}
