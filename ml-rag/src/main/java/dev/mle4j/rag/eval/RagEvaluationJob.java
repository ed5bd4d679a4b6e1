package dev.mle4j.rag.eval;

import dev.mle4j.core.Generator;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.CostModel;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.generate.GroundedGenerator;
import dev.mle4j.rag.index.HnswRecall;
import dev.mle4j.rag.retrieve.Reranker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full question-set evaluation of a knowledge base, as {@code mle4j rag eval} runs it:
 *
 * <ol>
 *   <li>retrieval per strategy (BM25, dense, hybrid RRF and weighted, hybrid + reranker, hybrid +
 *       MMR) and, for every further knowledge base given (one per embedding model), dense and
 *       hybrid again, so embedding models are compared on the same questions;
 *   <li>HNSW recall@10 of the vector index against exact search, with the questions' vectors;
 *   <li>full RAG per configured generator on one strategy: answers, Ragas-style metrics (LLM judge
 *       when given, labelled estimates otherwise), failure categories, tokens, latency per stage
 *       and cost;
 *   <li>the report ({@link RagEvaluationReport}): metrics.json, model-card.json, charts,
 *       per-question files, report.html.
 * </ol>
 */
public final class RagEvaluationJob {
  private static final Logger LOG = LoggerFactory.getLogger(RagEvaluationJob.class);

  private final KnowledgeBase kb;
  private final QuestionSet questions;
  private final List<String> strategies;
  private final Reranker reranker;
  private final Map<String, KnowledgeBase> comparisons;
  private final Map<String, GroundedGenerator> generators;
  private final String ragStrategy;
  private final Generator judge;
  private final String judgeModel;
  private final CostModel prices;
  private final int topK;
  private final boolean generation;

  private RagEvaluationJob(Builder b) {
    this.kb = b.kb;
    this.questions = b.questions;
    this.strategies = List.copyOf(b.strategies);
    this.reranker = b.reranker;
    this.comparisons = new LinkedHashMap<>(b.comparisons);
    this.generators = new LinkedHashMap<>(b.generators);
    this.ragStrategy = b.ragStrategy;
    this.judge = b.judge;
    this.judgeModel = b.judgeModel;
    this.prices = b.prices;
    this.topK = b.topK;
    this.generation = b.generation;
  }

  /**
   * Starts a builder.
   *
   * @param kb the knowledge base to evaluate
   * @param questions the question set
   * @return the builder
   */
  public static Builder builder(KnowledgeBase kb, QuestionSet questions) {
    return new Builder(kb, questions);
  }

  /**
   * Short report name of an embedding model: {@code all-minilm-l6-v2-q} is {@code minilm}, the FP32
   * one {@code minilm-fp32}, {@code bge-small-en-v1.5-q} is {@code bge-small}, {@code
   * e5-small-v2-q} is {@code e5-small}; other names are kept.
   *
   * @param embedder the model name
   * @return the short name
   */
  public static String shortName(String embedder) {
    return switch (embedder) {
      case "all-minilm-l6-v2-q" -> "minilm";
      case "all-minilm-l6-v2" -> "minilm-fp32";
      case "bge-small-en-v1.5-q" -> "bge-small";
      case "e5-small-v2-q" -> "e5-small";
      default -> embedder;
    };
  }

  /**
   * The report name of a strategy on a knowledge base: {@code dense} becomes {@code dense-<model>};
   * others keep their name, with {@code -<model>} added for comparison bases.
   */
  private static String reportName(String strategy, String model, boolean main) {
    if (strategy.equals("dense")) {
      return "dense-" + model;
    }
    return main ? strategy : strategy + "-" + model;
  }

  /**
   * Runs the evaluation and writes the report.
   *
   * @param outDir the output folder
   * @return the report that was written
   */
  public RagEvaluationReport run(Path outDir) {
    String mainModel = shortName(kb.embedder().name());
    Map<String, Retriever> retrievers = new LinkedHashMap<>();
    for (String s : strategies) {
      if (s.equals("hybrid-rerank") && reranker == null) {
        continue;
      }
      retrievers.put(reportName(s, mainModel, true), kb.retriever(s, reranker));
    }
    for (Map.Entry<String, KnowledgeBase> e : comparisons.entrySet()) {
      String model = shortName(e.getValue().embedder().name());
      for (String s : List.of("dense", "hybrid")) {
        retrievers.put(reportName(s, model, false), e.getValue().retriever(s, null));
      }
    }
    List<EvalQuestion> qs = questions.questions();
    LOG.info("retrieval: {} strategies x {} questions", retrievers.size(), qs.size());
    RetrievalResults retrieval =
        RetrievalEvaluator.builder().progressEvery(20).build().evaluate(retrievers, qs);

    RagEvaluationReport.Builder report =
        RagEvaluationReport.builder(questions.corpus())
            .retrieval(retrieval)
            .parameter("knowledge_base", kb.dir().toString())
            .parameter("embedder", kb.embedder().name())
            .parameter("chunks", Integer.toString(kb.index().chunkCount()))
            .parameter("top_k", Integer.toString(topK))
            .parameter("reranker", reranker == null ? "none" : reranker.name());
    report.extra("hnsw_recall_at_10", hnswRecall(kb));
    for (Map.Entry<String, KnowledgeBase> e : comparisons.entrySet()) {
      report.extra(
          "hnsw_recall_at_10_" + shortName(e.getValue().embedder().name()).replace('-', '_'),
          hnswRecall(e.getValue()));
    }

    if (generation) {
      Retriever ragRetriever = kb.retriever(ragStrategy, reranker);
      Map<String, CostLatency.ModelRun> runs = new LinkedHashMap<>();
      for (Map.Entry<String, GroundedGenerator> g : generators.entrySet()) {
        String name = "rag-" + ragStrategy + "-" + g.getKey();
        LOG.info("full RAG: {} on {} questions", name, qs.size());
        List<RagSample> samples =
            RagRunner.builder(ragRetriever, g.getValue())
                .contextSize(topK)
                .progressEvery(20)
                .build()
                .run(qs);
        GenerationEvaluator.Builder eb =
            GenerationEvaluator.builder().embedder(kb.embedder()).progressEvery(20);
        if (judge != null) {
          eb.judge(judge, judgeModel);
        }
        GenerationResults scores = eb.build().evaluate(samples);
        FailureAnalysis failures = FailureAnalysis.analyze(samples, scores);
        CostRow cost = CostLatency.summarize(name, g.getValue().model(), samples, prices);
        report.configuration(
            new RagEvaluationReport.Configuration(name, samples, scores, failures, cost));
        runs.put(name, new CostLatency.ModelRun(g.getValue().model(), samples));
      }
      report.parameter("rag_strategy", ragStrategy);
      report.parameter("judge", judge == null ? "none (labelled estimates)" : judgeModel);
    }
    RagEvaluationReport built = report.build();
    built.write(outDir);
    return built;
  }

  private double hnswRecall(KnowledgeBase base) {
    // the questions' own query vectors, plus every n-th stored chunk vector (about 200)
    List<String> texts = new ArrayList<>();
    questions.questions().forEach(q -> texts.add(q.question()));
    List<float[]> queries = new ArrayList<>(List.of(base.embedder().embedQueries(texts)));
    var stored = base.index().vectors();
    int step = Math.max(1, stored.size() / 200);
    for (int i = 0; i < stored.size(); i += step) {
      queries.add(stored.get(i).vector());
    }
    if (queries.isEmpty()) {
      return Double.NaN;
    }
    HnswRecall.Result r = HnswRecall.measure(base.index(), queries, 10);
    LOG.info(
        "HNSW recall@10 vs exact search: {} over {} queries ({})",
        r.mean(),
        queries.size(),
        base.embedder().name());
    return r.mean();
  }

  /** Builds a {@link RagEvaluationJob}. */
  public static final class Builder {
    private final KnowledgeBase kb;
    private final QuestionSet questions;
    private List<String> strategies =
        List.of("bm25", "dense", "hybrid", "hybrid-weighted", "hybrid-rerank", "hybrid-mmr");
    private Reranker reranker;
    private final Map<String, KnowledgeBase> comparisons = new LinkedHashMap<>();
    private final Map<String, GroundedGenerator> generators = new LinkedHashMap<>();
    private String ragStrategy = "hybrid";
    private Generator judge;
    private String judgeModel;
    private CostModel prices = CostModel.FREE;
    private int topK = 5;
    private boolean generation = true;

    private Builder(KnowledgeBase kb, QuestionSet questions) {
      this.kb = Objects.requireNonNull(kb, "kb");
      this.questions = Objects.requireNonNull(questions, "questions");
    }

    /**
     * Retrieval strategies to compare (default all; {@code hybrid-rerank} only with a reranker).
     *
     * @param value strategy ids
     * @return this builder
     */
    public Builder strategies(List<String> value) {
      if (value.isEmpty()) {
        throw new MlException("no retrieval strategy given");
      }
      this.strategies = List.copyOf(value);
      return this;
    }

    /**
     * The second-stage reranker of {@code hybrid-rerank}.
     *
     * @param value the reranker, or null
     * @return this builder
     */
    public Builder reranker(Reranker value) {
      this.reranker = value;
      return this;
    }

    /**
     * Adds a knowledge base over the same documents built with another embedding model.
     *
     * @param other the other knowledge base (not closed by the job)
     * @return this builder
     */
    public Builder compare(KnowledgeBase other) {
      comparisons.put(other.embedder().name(), other);
      return this;
    }

    /**
     * Adds a generator for the full-RAG runs (none: retrieval only).
     *
     * @param name configuration name
     * @param generator the generator (not closed by the job)
     * @return this builder
     */
    public Builder generator(String name, GroundedGenerator generator) {
      generators.put(name, generator);
      return this;
    }

    /**
     * The retrieval strategy of the full-RAG runs (default {@code hybrid}).
     *
     * @param value the strategy id
     * @return this builder
     */
    public Builder ragStrategy(String value) {
      this.ragStrategy = value;
      return this;
    }

    /**
     * Scores answers with an LLM judge as well.
     *
     * @param generator the judge
     * @param model its model name
     * @return this builder
     */
    public Builder judge(Generator generator, String model) {
      this.judge = generator;
      this.judgeModel = model;
      return this;
    }

    /**
     * Prices generation calls.
     *
     * @param value the cost model
     * @return this builder
     */
    public Builder prices(CostModel value) {
      this.prices = Objects.requireNonNull(value, "prices");
      return this;
    }

    /**
     * Chunks given to the generator (default 5).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder topK(int value) {
      if (value < 1) {
        throw new MlException("top-k must be >= 1, got " + value);
      }
      this.topK = value;
      return this;
    }

    /**
     * Whether to run full RAG (default true when a generator was added).
     *
     * @param value false for retrieval only
     * @return this builder
     */
    public Builder generation(boolean value) {
      this.generation = value;
      return this;
    }

    /**
     * Creates the job.
     *
     * @return the job
     */
    public RagEvaluationJob build() {
      if (generation && generators.isEmpty()) {
        generation = false;
      }
      return new RagEvaluationJob(this);
    }
  }
}
