package dev.mle4j.rag.generate;

import dev.mle4j.core.MlException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options the chat clients share beyond {@link EndpointBuilder}: sampling, output length, streaming
 * and the prompt builder.
 *
 * @param <B> the concrete builder
 */
public abstract class ChatBuilder<B extends ChatBuilder<B>> extends EndpointBuilder<B> {
  private final double maxTemperature;
  double temperature = 0.0;
  int maxTokens = 1024;
  boolean stream;
  Consumer<String> onToken;
  PromptBuilder prompts = PromptBuilder.defaults();

  ChatBuilder(String defaultBaseUrl, String defaultApiKeyEnv, double maxTemperature) {
    super(defaultBaseUrl, defaultApiKeyEnv);
    this.maxTemperature = maxTemperature;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the sampling temperature (default 0).
   *
   * @param temperature 0 to the provider's maximum (2 for OpenAI, 1 for Anthropic)
   * @return this builder
   */
  public B temperature(double temperature) {
    if (!(temperature >= 0 && temperature <= maxTemperature)) {
      throw new MlException(
          "temperature must be between 0 and "
              + (maxTemperature == Math.rint(maxTemperature)
                  ? Long.toString((long) maxTemperature)
                  : Double.toString(maxTemperature))
              + ", got "
              + temperature);
    }
    this.temperature = temperature;
    return self();
  }

  /**
   * Sets the maximum number of tokens to generate (default 1024).
   *
   * @param maxTokens at least 1
   * @return this builder
   */
  public B maxTokens(int maxTokens) {
    if (maxTokens < 1) {
      throw new MlException("maxTokens must be at least 1, got " + maxTokens);
    }
    this.maxTokens = maxTokens;
    return self();
  }

  /**
   * Turns streaming on or off (default off).
   *
   * @param stream true to stream
   * @return this builder
   */
  public B stream(boolean stream) {
    this.stream = stream;
    return self();
  }

  /**
   * Sets the default token callback: streamed deltas, or the whole text once when not streaming.
   *
   * @param onToken the callback, or null for none
   * @return this builder
   */
  public B onToken(Consumer<String> onToken) {
    this.onToken = onToken;
    return self();
  }

  /**
   * Sets the prompt builder (default {@link PromptBuilder#defaults()}).
   *
   * @param prompts the prompt builder
   * @return this builder
   */
  public B promptBuilder(PromptBuilder prompts) {
    this.prompts = Objects.requireNonNull(prompts, "promptBuilder");
    return self();
  }
}
