package dev.mle4j.rag;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.Generator;
import dev.mle4j.core.Question;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.ingest.ChunkMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Question answering over a knowledge base: validates the question, retrieves the top chunks,
 * generates a grounded answer with citations, and records latency per stage, tokens and cost (query
 * log and Micrometer metrics {@code mle4j.rag.*}). Thread-safe when its retriever and generator
 * are.
 */
public final class RagService {
  /** Longest snippet in a citation. */
  public static final int SNIPPET_CHARS = 300;

  private final Retriever retriever;
  private final Generator generator;
  private final String generatorName;
  private final int topK;
  private final int maxQuestionChars;
  private final QueryLog queryLog;
  private final CostModel cost;
  private final RefusalDetector refusals = RefusalDetector.defaults();
  private final Counter questions;
  private final Counter refused;
  private final Timer retrieveTimer;
  private final Timer generateTimer;
  private final Timer totalTimer;
  private final DistributionSummary promptTokens;
  private final DistributionSummary completionTokens;
  private final Counter costCounter;

  private RagService(Builder b) {
    this.retriever = b.retriever;
    this.generator = b.generator;
    this.generatorName =
        b.generatorName != null ? b.generatorName : b.generator.getClass().getSimpleName();
    this.topK = b.topK;
    this.maxQuestionChars = b.maxQuestionChars;
    this.queryLog = b.queryLog;
    this.cost = b.cost;
    MeterRegistry registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
    this.questions =
        Counter.builder("mle4j.rag.questions").description("questions answered").register(registry);
    this.refused =
        Counter.builder("mle4j.rag.refusals")
            .description("answers saying the documents do not contain the answer")
            .register(registry);
    this.retrieveTimer = stageTimer(registry, "retrieve");
    this.generateTimer = stageTimer(registry, "generate");
    this.totalTimer = stageTimer(registry, "total");
    this.promptTokens =
        DistributionSummary.builder("mle4j.rag.tokens")
            .tag("kind", "prompt")
            .description("tokens per question")
            .register(registry);
    this.completionTokens =
        DistributionSummary.builder("mle4j.rag.tokens")
            .tag("kind", "completion")
            .description("tokens per question")
            .register(registry);
    this.costCounter =
        Counter.builder("mle4j.rag.cost.usd").description("generation cost").register(registry);
  }

  private static Timer stageTimer(MeterRegistry registry, String stage) {
    return Timer.builder("mle4j.rag.latency")
        .tag("stage", stage)
        .description("question answering latency per stage")
        .publishPercentileHistogram()
        .register(registry);
  }

  /**
   * Starts a builder.
   *
   * @param retriever the retrieval stage (including any reranking)
   * @param generator the answer generator
   * @return the builder
   */
  public static Builder builder(Retriever retriever, Generator generator) {
    return new Builder(retriever, generator);
  }

  /**
   * The generator's name.
   *
   * @return the name
   */
  public String generatorName() {
    return generatorName;
  }

  /**
   * How many chunks are retrieved and given to the generator.
   *
   * @return top-k
   */
  public int topK() {
    return topK;
  }

  /**
   * The longest question accepted.
   *
   * @return characters
   */
  public int maxQuestionChars() {
    return maxQuestionChars;
  }

  /**
   * Answers a question.
   *
   * @param question the question
   * @return the answer with citations and measurements
   * @throws InvalidQuestionException when the question is empty or too long
   */
  public RagResponse ask(String question) {
    return ask(question, topK);
  }

  /**
   * Answers a question with another top-k.
   *
   * @param question the question
   * @param k chunks to retrieve (1 to 50)
   * @return the answer with citations and measurements
   * @throws InvalidQuestionException when the question is empty or too long, or k is out of range
   */
  public RagResponse ask(String question, int k) {
    String q = validate(question);
    if (k < 1 || k > 50) {
      throw new InvalidQuestionException("top_k must be between 1 and 50, got " + k);
    }
    long start = System.nanoTime();
    List<ScoredChunk> retrieved = retriever.retrieve(q, k);
    long afterRetrieve = System.nanoTime();
    Answer answer = generator.generate(new Question(q), retrieved);
    long end = System.nanoTime();
    double retrieveMs = (afterRetrieve - start) / 1e6;
    double generateMs = (end - afterRetrieve) / 1e6;
    double totalMs = (end - start) / 1e6;
    List<String> ids = new ArrayList<>(retrieved.size());
    retrieved.forEach(s -> ids.add(s.chunk().id()));
    List<Citation> citations = new ArrayList<>();
    for (ScoredChunk cited : answer.citations()) {
      citations.add(citation(cited, ids.indexOf(cited.chunk().id()) + 1));
    }
    double usd = cost.usd(generatorName, answer.promptTokens(), answer.completionTokens());
    RagResponse response =
        new RagResponse(
            q,
            answer.text(),
            citations,
            ids,
            totalMs,
            retrieveMs,
            generateMs,
            answer.promptTokens(),
            answer.completionTokens(),
            usd,
            generatorName);
    record(response);
    return response;
  }

  private String validate(String question) {
    if (question == null || question.isBlank()) {
      throw new InvalidQuestionException("question is empty");
    }
    String q = question.strip();
    if (q.length() > maxQuestionChars) {
      throw new InvalidQuestionException(
          "question is "
              + q.length()
              + " characters long; the limit is "
              + maxQuestionChars
              + " characters");
    }
    return q;
  }

  private static Citation citation(ScoredChunk s, int number) {
    Chunk c = s.chunk();
    String text = c.text().strip();
    String snippet = text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "…";
    return new Citation(
        number,
        c.id(),
        c.metadata().getOrDefault(ChunkMetadata.SOURCE, ChunkMetadata.sourceOf(c.id())),
        c.metadata().getOrDefault(ChunkMetadata.TITLE, ""),
        c.metadata().getOrDefault(ChunkMetadata.SECTION, ""),
        snippet,
        s.score());
  }

  private void record(RagResponse r) {
    questions.increment();
    if (refusals.isRefusal(r.answer())) {
      refused.increment();
    }
    retrieveTimer.record((long) (r.retrieveMs() * 1e6), TimeUnit.NANOSECONDS);
    generateTimer.record((long) (r.generateMs() * 1e6), TimeUnit.NANOSECONDS);
    totalTimer.record((long) (r.latencyMs() * 1e6), TimeUnit.NANOSECONDS);
    promptTokens.record(r.promptTokens());
    completionTokens.record(r.completionTokens());
    costCounter.increment(r.costUsd());
    if (queryLog != null) {
      queryLog.append(r);
    }
  }

  /** Builds a {@link RagService}. */
  public static final class Builder {
    private final Retriever retriever;
    private final Generator generator;
    private String generatorName;
    private int topK = 5;
    private int maxQuestionChars = 2000;
    private QueryLog queryLog;
    private CostModel cost = CostModel.FREE;
    private MeterRegistry registry;

    private Builder(Retriever retriever, Generator generator) {
      this.retriever = Objects.requireNonNull(retriever, "retriever");
      this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * Chunks given to the generator (default 5).
     *
     * @param value 1 to 50
     * @return this builder
     */
    public Builder topK(int value) {
      if (value < 1 || value > 50) {
        throw new IllegalArgumentException("topK must be between 1 and 50, got " + value);
      }
      this.topK = value;
      return this;
    }

    /**
     * The longest question accepted (default 2000 characters).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxQuestionChars(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxQuestionChars must be >= 1, got " + value);
      }
      this.maxQuestionChars = value;
      return this;
    }

    /**
     * The generator's name in responses and logs (default its class name).
     *
     * @param value the name
     * @return this builder
     */
    public Builder generatorName(String value) {
      this.generatorName = value;
      return this;
    }

    /**
     * Appends every answer to a query log (not closed by the service).
     *
     * @param value the log, or null for none
     * @return this builder
     */
    public Builder queryLog(QueryLog value) {
      this.queryLog = value;
      return this;
    }

    /**
     * Prices generation calls (default free).
     *
     * @param value the cost model
     * @return this builder
     */
    public Builder cost(CostModel value) {
      this.cost = Objects.requireNonNull(value, "cost");
      return this;
    }

    /**
     * Registers metrics {@code mle4j.rag.*} here (default a private simple registry).
     *
     * @param value the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.registry = value;
      return this;
    }

    /**
     * Creates the service.
     *
     * @return the service
     */
    public RagService build() {
      return new RagService(this);
    }
  }
}
