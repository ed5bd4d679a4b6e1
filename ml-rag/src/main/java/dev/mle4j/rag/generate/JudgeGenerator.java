package dev.mle4j.rag.generate;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Generator;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Generator} for LLM judges such as {@code dev.mle4j.rag.eval.GenerationEvaluator}: it
 * sends the question text unchanged as the user message, with the system message {@value
 * #SYSTEM_PROMPT}, and ignores the context (the judge prompt already holds what it needs). Unlike
 * the grounded generators it never refuses for lack of sources.
 *
 * <p>The answer carries the reply text, the token usage and the latency, and no citations. Closing
 * the judge closes its {@link ChatModel}. Create one with {@link Generators#judge(ChatModel)} or,
 * from {@code MLE4J_JUDGE_*} variables, {@link Generators#judgeFromEnvironment(java.util.Map)}.
 */
public final class JudgeGenerator implements Generator, AutoCloseable {

  /** The system message sent with every judge prompt. */
  public static final String SYSTEM_PROMPT = "You are a strict evaluator. Reply with JSON only.";

  private final ChatModel model;

  /**
   * Wraps a chat model.
   *
   * @param model the chat model; closed when this judge is closed
   */
  public JudgeGenerator(ChatModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Sends the question text as the user message and returns the reply.
   *
   * @param question the full judge prompt
   * @param context ignored
   * @return the reply with its token usage; no citations
   * @throws GeneratorException when the endpoint fails
   */
  @Override
  public Answer generate(Question question, List<ScoredChunk> context) {
    Objects.requireNonNull(question, "question");
    Completion c = model.complete(SYSTEM_PROMPT, question.text());
    return new Answer(c.text(), List.of(), c.promptTokens(), c.completionTokens(), c.latencyMs());
  }

  /**
   * The judge's model name, for the method label {@code llm-judge:<model>}.
   *
   * @return the model name
   */
  public String model() {
    return model.model();
  }

  /**
   * The wrapped chat model.
   *
   * @return the chat model
   */
  public ChatModel chatModel() {
    return model;
  }

  /** Closes the chat model. */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "JudgeGenerator[" + model + "]";
  }
}
