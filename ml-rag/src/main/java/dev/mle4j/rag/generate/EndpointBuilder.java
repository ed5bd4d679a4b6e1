package dev.mle4j.rag.generate;

import dev.mle4j.core.MlException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Options every HTTP client of this package shares: endpoint, model, API key source, timeouts and
 * retries. Subclasses add their own options and {@code build()}.
 *
 * @param <B> the concrete builder
 */
public abstract class EndpointBuilder<B extends EndpointBuilder<B>> {
  String baseUrl;
  String model;
  String apiKeyEnv;
  Map<String, String> environment = System.getenv();
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration requestTimeout = Duration.ofSeconds(60);
  int maxRetries = 3;
  Duration retryBaseDelay = Duration.ofMillis(500);
  HttpCaller.Sleeper sleeper;

  EndpointBuilder(String defaultBaseUrl, String defaultApiKeyEnv) {
    this.baseUrl = defaultBaseUrl;
    this.apiKeyEnv = defaultApiKeyEnv;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the base URL (default: the provider's public endpoint; see the client's {@code
   * DEFAULT_BASE_URL}). OpenAI-compatible URLs go up to and including {@code /v1}.
   *
   * @param baseUrl the http(s) base URL
   * @return this builder
   */
  public B baseUrl(String baseUrl) {
    this.baseUrl = ChatSupport.baseUrl(baseUrl);
    return self();
  }

  /**
   * Sets the model (required), e.g. {@code gpt-4o-mini}, {@code claude-3-5-haiku-latest} or {@code
   * text-embedding-3-small}.
   *
   * @param model the model name
   * @return this builder
   */
  public B model(String model) {
    this.model = model;
    return self();
  }

  /**
   * Sets the name of the environment variable that holds the API key (default: the client's {@code
   * DEFAULT_API_KEY_ENV}).
   *
   * @param name the variable name
   * @return this builder
   */
  public B apiKeyEnv(String name) {
    if (name == null || name.isBlank()) {
      throw new MlException("apiKeyEnv is empty; name the environment variable holding the key");
    }
    this.apiKeyEnv = name.strip();
    return self();
  }

  /**
   * Sets the environment the key is read from (default {@link System#getenv()}); for tests.
   *
   * @param environment the variables
   * @return this builder
   */
  public B environment(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    return self();
  }

  /**
   * Sets the connect timeout (default 10 s).
   *
   * @param timeout positive
   * @return this builder
   */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return self();
  }

  /**
   * Sets the request timeout (default 60 s): the wait for the response, and when streaming the
   * longest gap between streamed lines.
   *
   * @param timeout positive
   * @return this builder
   */
  public B requestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return self();
  }

  /**
   * Sets how often a failed call is retried (default 3): connect errors, timeouts, HTTP 429, 529
   * and 5xx are retried; other 4xx are not.
   *
   * @param maxRetries 0 or more
   * @return this builder
   */
  public B maxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * Sets the first backoff step (default 500 ms); step n waits between half and all of {@code base
   * * 2^(n-1)}, at most 30 s. A 429 with {@code Retry-After} waits that long instead (at most 60
   * s).
   *
   * @param delay zero or positive
   * @return this builder
   */
  public B retryBaseDelay(Duration delay) {
    this.retryBaseDelay = delay;
    return self();
  }

  B sleeper(HttpCaller.Sleeper sleeper) {
    this.sleeper = sleeper;
    return self();
  }
}
