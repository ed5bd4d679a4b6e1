package dev.mle4j.solr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.eval.EvalQuestion;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.eval.RetrievalEvaluator;
import dev.mle4j.rag.eval.RetrievalResults;
import dev.mle4j.rag.eval.StrategyResult;
import dev.mle4j.rag.index.LuceneIndex;
import dev.mle4j.rag.index.StoredVector;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.IngestReport;
import dev.mle4j.rag.ingest.PostgresManual;
import dev.mle4j.rag.retrieve.Retrievers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Lucene-10 side of the Solr comparison, run in a forked JVM whose classpath has Lucene 10 and
 * no Solr: ingests a part of the PostgreSQL manual (every page any question grades, plus every
 * {@code stride}-th other page) into an ml-rag knowledge base with the real ONNX embedder, records
 * each question's query vector, evaluates bm25, dense and hybrid with {@link RetrievalEvaluator},
 * and writes {@code chunks.jsonl} (chunks + vectors), {@code queries.json} and {@code
 * lucene-metrics.json} to the output folder.
 *
 * <p>Arguments: {@code OUT_DIR QUESTIONS_JSON STRIDE EMBEDDER MANUAL_HTML_DIR}.
 */
public final class LuceneBaseline {
  static final List<String> STRATEGIES = List.of("bm25", "dense", "hybrid");

  private LuceneBaseline() {}

  /**
   * Runs it.
   *
   * @param args output folder, question file, page stride, embedder name, manual HTML folder
   * @throws Exception on failure (the parent test reports the exit code)
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    QuestionSet questions = QuestionSet.load(Path.of(args[1]));
    int stride = Integer.parseInt(args[2]);
    String embedderName = args[3];
    Files.createDirectories(out);
    // a fresh run: no pages or index left from an earlier (possibly different or failed) run
    for (String old : List.of("pages", "kb")) {
      Path p = out.resolve(old);
      if (Files.exists(p)) {
        try (var walk = Files.walk(p)) {
          for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    }
    Path manual = Path.of(args[4]);
    TreeSet<String> graded = new TreeSet<>();
    for (EvalQuestion q : questions.questions()) {
      graded.addAll(q.graded().keySet());
      graded.addAll(q.relevantSet());
    }
    Path pages = Files.createDirectories(out.resolve("pages"));
    List<Path> all = PostgresManual.pages(manual);
    int copied = 0;
    for (int i = 0; i < all.size(); i++) {
      Path p = all.get(i);
      String name = p.getFileName().toString();
      if (graded.contains(name) || i % stride == 0) {
        Files.copy(p, pages.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        copied++;
      }
    }
    Embedder real = Embedders.discover().open(embedderName, EmbedderOptions.defaults());
    List<String> texts = questions.questions().stream().map(EvalQuestion::question).toList();
    PrecomputedEmbedder queries = PrecomputedEmbedder.record(real, texts);
    queries.save(out.resolve("queries.json"));
    Path kbDir = out.resolve("kb");
    ObjectNode metrics = new ObjectMapper().createObjectNode();
    try (KnowledgeBase kb = KnowledgeBase.openOrCreate(kbDir, "postgresql-doc-15", real)) {
      IngestReport report = kb.ingest(pages, Chunker.defaults(), null);
      LuceneIndex index = kb.index();
      List<Chunk> chunks = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (StoredVector v : index.vectors()) {
        chunks.add(index.get(v.chunkId()).orElseThrow());
        vectors.add(v.vector());
      }
      ChunkVectorFiles.writeJsonl(
          out.resolve("chunks.jsonl"), chunks, vectors.toArray(float[][]::new));
      Retrievers factory = Retrievers.builder(index).embedder(queries).build();
      Map<String, Retriever> strategies = new LinkedHashMap<>();
      for (String s : STRATEGIES) {
        strategies.put(s, factory.create(s));
      }
      RetrievalEvaluator evaluator = RetrievalEvaluator.builder().progressEvery(0).build();
      // warm-up pass (JIT, caches), then the measured pass
      evaluator.evaluate(strategies, questions.questions());
      RetrievalResults results = evaluator.evaluate(strategies, questions.questions());
      metrics.put("pages", copied);
      metrics.put("chunks", chunks.size());
      metrics.put("embedder", real.name());
      metrics.put("ingest_seconds", report.seconds());
      ObjectNode models = metrics.putObject("models");
      for (StrategyResult r : results.strategies()) {
        ObjectNode m = models.putObject(r.name());
        r.metrics().forEach(m::put);
      }
    }
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("lucene-metrics.json").toFile(), metrics);
  }
}
