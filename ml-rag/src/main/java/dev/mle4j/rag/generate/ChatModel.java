package dev.mle4j.rag.generate;

/**
 * A chat LLM called with a raw system and user message, no RAG prompt around them; used for LLM
 * judges. {@link OpenAiChatGenerator} and {@link AnthropicGenerator} implement it. Implementations
 * are thread-safe; close them to release their HTTP client.
 */
public interface ChatModel extends AutoCloseable {

  /**
   * Sends one system and one user message unchanged (not streamed) and returns the reply.
   *
   * @param system the system message; null or blank sends none
   * @param user the user message, not blank
   * @return the reply with its token usage
   * @throws dev.mle4j.core.MlException when the user message is blank
   * @throws GeneratorException when the endpoint fails
   */
  Completion complete(String system, String user);

  /**
   * The model name.
   *
   * @return the model name
   */
  String model();

  /** Releases the HTTP client; the default does nothing. */
  @Override
  default void close() {}
}
