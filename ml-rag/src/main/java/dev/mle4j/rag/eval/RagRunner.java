package dev.mle4j.rag.eval;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Generator;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import dev.mle4j.rag.retrieve.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs questions through retrieve, optional rerank and generate, timing each stage, to produce the
 * {@link RagSample}s the generation evaluation scores.
 *
 * <pre>{@code
 * List<RagSample> samples = RagRunner.builder(retriever, generator)
 *     .reranker(reranker, 20).contextSize(5).build().run(questions);
 * }</pre>
 */
public final class RagRunner {

  private static final Logger LOG = LoggerFactory.getLogger(RagRunner.class);

  private final Retriever retriever;
  private final Generator generator;
  private final Reranker reranker;
  private final int candidates;
  private final int contextSize;
  private final int progressEvery;

  private RagRunner(Builder b) {
    this.retriever = b.retriever;
    this.generator = b.generator;
    this.reranker = b.reranker;
    this.candidates = b.candidates;
    this.contextSize = b.contextSize;
    this.progressEvery = b.progressEvery;
  }

  /**
   * A builder; the default context is the top 5 chunks, no reranker.
   *
   * @param retriever the retriever
   * @param generator the generator
   * @return the builder
   */
  public static Builder builder(Retriever retriever, Generator generator) {
    return new Builder(retriever, generator);
  }

  /**
   * Runs every question.
   *
   * @param questions the questions, at least one
   * @return one sample per question, in order
   * @throws MlException when a stage fails (naming the stage and question)
   */
  public List<RagSample> run(List<EvalQuestion> questions) {
    if (questions == null || questions.isEmpty()) {
      throw new MlException("no questions to run");
    }
    List<RagSample> out = new ArrayList<>(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      out.add(run(questions.get(i)));
      if (progressEvery > 0 && (i + 1) % progressEvery == 0) {
        LOG.info("RAG run: {}/{} questions answered", i + 1, questions.size());
      }
    }
    return out;
  }

  /**
   * Runs one question.
   *
   * @param q the question
   * @return the sample
   * @throws MlException when a stage fails
   */
  public RagSample run(EvalQuestion q) {
    long t0 = System.nanoTime();
    List<ScoredChunk> retrieved;
    try {
      retrieved = retriever.retrieve(q.question(), reranker == null ? contextSize : candidates);
    } catch (RuntimeException e) {
      throw new MlException("retrieval failed on question '" + q.id() + "': " + e.getMessage(), e);
    }
    long t1 = System.nanoTime();
    List<ScoredChunk> context;
    if (reranker == null) {
      context = retrieved.size() > contextSize ? retrieved.subList(0, contextSize) : retrieved;
    } else {
      try {
        context = reranker.rerank(q.question(), retrieved, contextSize);
      } catch (RuntimeException e) {
        throw new MlException(
            "reranking failed on question '" + q.id() + "': " + e.getMessage(), e);
      }
    }
    long t2 = System.nanoTime();
    Answer answer;
    try {
      answer = generator.generate(new Question(q.question()), context);
    } catch (RuntimeException e) {
      throw new MlException("generation failed on question '" + q.id() + "': " + e.getMessage(), e);
    }
    long t3 = System.nanoTime();
    return new RagSample(
        q, retrieved, context, answer, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
  }

  /** Options of a {@link RagRunner}. */
  public static final class Builder {
    private final Retriever retriever;
    private final Generator generator;
    private Reranker reranker;
    private int candidates = 20;
    private int contextSize = 5;
    private int progressEvery = 25;

    private Builder(Retriever retriever, Generator generator) {
      this.retriever = Objects.requireNonNull(retriever, "retriever");
      this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * Reranks the top {@code candidates} retrieved chunks before generation.
     *
     * @param reranker the reranker
     * @param candidates chunks retrieved for reranking, {@code >= 1}
     * @return this builder
     * @throws MlException when candidates is below 1
     */
    public Builder reranker(Reranker reranker, int candidates) {
      if (candidates < 1) {
        throw new MlException("reranker candidates must be >= 1, got " + candidates);
      }
      this.reranker = Objects.requireNonNull(reranker, "reranker");
      this.candidates = candidates;
      return this;
    }

    /**
     * Sets how many chunks the generator gets.
     *
     * @param k chunks, {@code >= 1}
     * @return this builder
     * @throws MlException when below 1
     */
    public Builder contextSize(int k) {
      if (k < 1) {
        throw new MlException("context size must be >= 1, got " + k);
      }
      this.contextSize = k;
      return this;
    }

    /**
     * Logs progress every {@code n} questions; 0 turns it off.
     *
     * @param n questions between log lines
     * @return this builder
     * @throws MlException when negative
     */
    public Builder progressEvery(int n) {
      if (n < 0) {
        throw new MlException("progressEvery must be >= 0, got " + n);
      }
      this.progressEvery = n;
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return the runner
     * @throws MlException when the reranker gets fewer candidates than the context size
     */
    public RagRunner build() {
      if (reranker != null && candidates < contextSize) {
        throw new MlException(
            "reranker candidates (" + candidates + ") < context size (" + contextSize + ")");
      }
      return new RagRunner(this);
    }
  }
}
