package dev.mle4j.rag.generate;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Generator;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Generator} that answers from numbered sources and reports the details of each run.
 * Implementations are thread-safe; close them to release their HTTP client.
 */
public interface GroundedGenerator extends Generator, AutoCloseable {

  /**
   * Generates an answer and reports the details.
   *
   * @param question the question
   * @param context retrieved chunks, best first
   * @param onToken receives answer text as it is produced (each streamed delta, or the whole text
   *     once when not streaming); null to use the generator's default callback, if any
   * @return the generation
   * @throws GeneratorException when the endpoint fails
   */
  Generation generateDetailed(
      Question question, List<ScoredChunk> context, Consumer<String> onToken);

  /**
   * Generates an answer with the generator's default token callback.
   *
   * @param question the question
   * @param context retrieved chunks, best first
   * @return the answer
   * @throws GeneratorException when the endpoint fails
   */
  @Override
  default Answer generate(Question question, List<ScoredChunk> context) {
    return generateDetailed(question, context, null).answer();
  }

  /**
   * The model name, as used for pricing ({@link PriceTable}).
   *
   * @return the model name
   */
  String model();

  /** Releases the HTTP client; the default does nothing. */
  @Override
  default void close() {}
}
