package dev.mle4j.benchmarks.jmh;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.RagResponse;
import dev.mle4j.rag.RagService;
import dev.mle4j.rag.eval.EvalQuestion;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.generate.ExtractiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-query latency of RAG over a built knowledge base (the PostgreSQL 15 manual): the {@code
 * bm25}, {@code dense} and {@code hybrid} retrievers at top 10 (the depth of the retrieval
 * evaluation), and the full {@link RagService#ask(String)} (hybrid top 5 plus the offline {@link
 * ExtractiveGenerator} with the knowledge base's embedder, as {@code mle4j rag ask} without an
 * LLM). Each call takes the next of the questions in {@code data/eval/postgres-qa.json}, in
 * rotation. Sample-time mode, so JMH reports p50/p90/p99 per call.
 *
 * <p>The knowledge base is the {@link #index} parameter when set, else {@code
 * -Dmle4j.bench.rag.index}, else {@code $MLE4J_RAG_INDEX}, else {@code
 * $MLE4J_HOME/rag/postgresql-15} ({@code ~/.mle4j/rag/postgresql-15}), else {@code
 * /tmp/kb/minilm-q}. Without one the setup fails at once with a message saying how to build it
 * ({@code mle4j rag ingest}); JMH then reports the benchmark as failed and goes on with the others.
 * The question file is {@code -Dmle4j.bench.rag.questions}, else {@code
 * <mle4j.root>/data/eval/postgres-qa.json} ({@code mle4j.root} defaults to the working folder or
 * its parent).
 *
 * <p>Run: {@code java -Dmle4j.root=. -jar benchmarks/target/benchmarks-*-jmh.jar
 * RagRetrievalBenchmark -p index=/tmp/kb/minilm-q}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED"})
public class RagRetrievalBenchmark {

  /** The value of {@link #index} that means: resolve the default knowledge base. */
  public static final String DEFAULT_INDEX = "default";

  /** Chunks per retriever call: the depth of {@code RetrievalEvaluator} (nDCG@10). */
  public static final int RETRIEVE_K = 10;

  /** Knowledge-base folder, or {@value #DEFAULT_INDEX} to resolve it (see the class doc). */
  @Param({DEFAULT_INDEX})
  public String index;

  private KnowledgeBase kb;
  private Retriever bm25;
  private Retriever dense;
  private Retriever hybrid;
  private ExtractiveGenerator generator;
  private RagService service;
  private List<String> questions;
  private int cursor;

  /** Creates the benchmark state (JMH instantiates it). */
  public RagRetrievalBenchmark() {}

  /** Opens the knowledge base, its retrievers and the RAG service, and reads the questions. */
  @Setup(Level.Trial)
  public void setUp() {
    Path dir = resolveIndex(index);
    questions = loadQuestions();
    kb = KnowledgeBase.open(dir, Embedders.discover(), EmbedderOptions.defaults());
    try {
      bm25 = kb.retriever("bm25", null);
      dense = kb.retriever("dense", null);
      hybrid = kb.retriever("hybrid", null);
      generator = ExtractiveGenerator.builder().embedder(kb.embedder()).build();
      service =
          RagService.builder(kb.retriever("hybrid", null), generator)
              .generatorName(generator.model())
              .build();
    } catch (RuntimeException e) {
      kb.close();
      throw e;
    }
  }

  /** Closes the generator and the knowledge base. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (generator != null) {
        generator.close();
      }
    } finally {
      if (kb != null) {
        kb.close();
      }
    }
  }

  /**
   * BM25 (Lucene) top 10 of the next question.
   *
   * @return the chunks
   */
  @Benchmark
  public List<ScoredChunk> bm25() {
    return bm25.retrieve(next(), RETRIEVE_K);
  }

  /**
   * Dense top 10 of the next question: query embedding plus HNSW search.
   *
   * @return the chunks
   */
  @Benchmark
  public List<ScoredChunk> dense() {
    return dense.retrieve(next(), RETRIEVE_K);
  }

  /**
   * Hybrid top 10 of the next question: BM25 and dense top 50 each, fused by RRF (k = 60).
   *
   * @return the chunks
   */
  @Benchmark
  public List<ScoredChunk> hybrid() {
    return hybrid.retrieve(next(), RETRIEVE_K);
  }

  /**
   * The whole question answering of the next question: hybrid top 5, extractive answer, citations.
   *
   * @return the response
   */
  @Benchmark
  public RagResponse ask() {
    return service.ask(next());
  }

  private String next() {
    String q = questions.get(cursor);
    cursor = (cursor + 1) % questions.size();
    return q;
  }

  /**
   * The knowledge-base folder to benchmark.
   *
   * @param param the {@link #index} parameter
   * @return a folder holding a knowledge base
   * @throws MlException when none of the candidates holds one, naming them
   */
  static Path resolveIndex(String param) {
    List<Path> candidates = new ArrayList<>();
    if (param != null && !param.isBlank() && !DEFAULT_INDEX.equals(param)) {
      candidates.add(Path.of(param));
    } else {
      String prop = System.getProperty("mle4j.bench.rag.index");
      String env = System.getenv("MLE4J_RAG_INDEX");
      String home = System.getenv("MLE4J_HOME");
      if (prop != null && !prop.isBlank()) {
        candidates.add(Path.of(prop));
      } else if (env != null && !env.isBlank()) {
        candidates.add(Path.of(env));
      } else {
        Path base =
            home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".mle4j");
        candidates.add(base.resolve("rag").resolve("postgresql-15"));
        candidates.add(Path.of("/tmp/kb/minilm-q"));
      }
    }
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve(KnowledgeBase.DESCRIPTOR))) {
        return p;
      }
    }
    throw new MlException(
        "RagRetrievalBenchmark skipped: no knowledge base (no "
            + KnowledgeBase.DESCRIPTOR
            + ") in "
            + candidates
            + "; build one with 'mle4j rag ingest --index DIR' and pass -p index=DIR or"
            + " -Dmle4j.bench.rag.index=DIR");
  }

  private static List<String> loadQuestions() {
    String prop = System.getProperty("mle4j.bench.rag.questions");
    Path file;
    if (prop != null && !prop.isBlank()) {
      file = Path.of(prop);
    } else {
      String root = System.getProperty("mle4j.root");
      Path rel = Path.of("data", "eval", "postgres-qa.json");
      file = root != null ? Path.of(root).resolve(rel) : rel;
      if (root == null && !Files.isRegularFile(file)) {
        file = Path.of("..").resolve(rel);
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new MlException(
          "RagRetrievalBenchmark: question set "
              + file.toAbsolutePath()
              + " not found; set -Dmle4j.root=<project root> or"
              + " -Dmle4j.bench.rag.questions=FILE");
    }
    List<String> out = new ArrayList<>();
    for (EvalQuestion q : QuestionSet.load(file).questions()) {
      out.add(q.question());
    }
    return out;
  }
}
