package dev.mle4j.rag.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Question;
import dev.mle4j.core.ScoredChunk;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A generator that calls the Anthropic Messages API, {@code POST {baseUrl}/v1/messages} with
 * headers {@code x-api-key} and {@code anthropic-version: 2023-06-01}.
 *
 * <p>The API key is read from an environment variable (default {@code ANTHROPIC_API_KEY}); it never
 * appears in logs, messages or {@link #toString()}. Retries and timeouts are those of {@link
 * OpenAiChatGenerator}; HTTP 529 (overloaded) is retried like every 5xx.
 *
 * <p>With {@link Builder#stream(boolean)} the response is read as server-sent events: {@code
 * message_start} (input tokens), {@code content_block_delta} with {@code text_delta} (each delta
 * goes to the token callback), {@code message_delta} (output tokens, stop reason), {@code
 * message_stop}; an {@code error} event fails the call with {@link GeneratorException.Kind#SERVER}.
 * When the endpoint reports no usage the counts are estimated and {@link
 * Generation#usageEstimated()} is true.
 *
 * <p>Citations are the included chunks whose {@code [n]} markers appear in the answer; an answer
 * that cites nothing has none (see {@link Generation#prompt()} for what was sent). When no chunk is
 * given the endpoint is not called and the answer is {@link PromptBuilder#NOT_IN_DOCUMENTS}.
 */
public final class AnthropicGenerator implements GroundedGenerator, ChatModel {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The API version header value sent. */
  public static final String API_VERSION = "2023-06-01";

  /** The default name of the environment variable holding the API key. */
  public static final String DEFAULT_API_KEY_ENV = "ANTHROPIC_API_KEY";

  private final HttpCaller http;
  private final URI endpoint;
  private final String model;
  private final double temperature;
  private final int maxTokens;
  private final boolean stream;
  private final Consumer<String> onToken;
  private final PromptBuilder prompts;
  private final String apiKeyEnv;
  private final Map<String, String> headers;
  private final Map<String, String> rawHeaders;

  private AnthropicGenerator(Builder b) {
    String base = ChatSupport.baseUrl(b.baseUrl);
    if (b.model == null || b.model.isBlank()) {
      throw new MlException(
          "model is not set; name the model the endpoint serves (e.g. claude-3-5-haiku-latest)");
    }
    this.model = b.model.strip();
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.stream = b.stream;
    this.onToken = b.onToken;
    this.prompts = b.prompts;
    this.apiKeyEnv = b.apiKeyEnv;
    String key = ChatSupport.apiKey(b.environment, b.apiKeyEnv);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", b.stream ? "text/event-stream" : "application/json");
    h.put("anthropic-version", API_VERSION);
    if (key != null) {
      h.put("x-api-key", key);
    }
    this.headers = Map.copyOf(h);
    h.put("Accept", "application/json");
    this.rawHeaders = Map.copyOf(h);
    this.endpoint = ChatSupport.uri(base, base.endsWith("/v1") ? "/messages" : "/v1/messages");
    this.http =
        new HttpCaller(
            new HttpCaller.Settings(
                "LLM endpoint",
                base,
                b.connectTimeout,
                b.requestTimeout,
                b.maxRetries,
                b.retryBaseDelay,
                key,
                ChatSupport.authHint(b.apiKeyEnv, key != null),
                b.sleeper));
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public Generation generateDetailed(
      Question question, List<ScoredChunk> context, Consumer<String> callback) {
    long start = System.nanoTime();
    Prompt prompt = prompts.build(question, context);
    if (prompt.chunks().isEmpty()) {
      return ChatSupport.noSources(prompt, model, start);
    }
    Consumer<String> sink = callback != null ? callback : onToken;
    String body = requestBody(prompt);
    if (stream) {
      StringBuilder text = new StringBuilder();
      int[] usage = {-1, -1};
      String[] finish = {""};
      http.postSse(
          endpoint,
          headers,
          body,
          (event, data) -> {
            JsonNode ev = parse(data);
            String type = ev.path("type").asText(event);
            switch (type) {
              case "message_start" -> readUsage(ev.path("message").path("usage"), usage);
              case "content_block_delta" -> {
                JsonNode delta = ev.path("delta");
                if ("text_delta".equals(delta.path("type").asText())
                    && delta.path("text").isTextual()) {
                  text.append(delta.path("text").asText());
                  if (sink != null) {
                    sink.accept(delta.path("text").asText());
                  }
                }
              }
              case "message_delta" -> {
                readUsage(ev.path("usage"), usage);
                if (ev.path("delta").path("stop_reason").isTextual()) {
                  finish[0] = ev.path("delta").path("stop_reason").asText();
                }
              }
              case "message_stop" -> {
                return false;
              }
              case "error" -> throw http.streamError(data);
              default -> {
                // ping, content_block_start, content_block_stop: nothing to do
              }
            }
            return true;
          });
      return ChatSupport.finish(
          prompt,
          text.toString(),
          model,
          usage[0],
          usage[1],
          prompts.tokenEstimator(),
          start,
          finish[0]);
    }
    ChatSupport.Reply reply = call(headers, body);
    if (sink != null) {
      sink.accept(reply.text());
    }
    return ChatSupport.finish(
        prompt,
        reply.text(),
        model,
        reply.promptTokens(),
        reply.completionTokens(),
        prompts.tokenEstimator(),
        start,
        reply.finishReason());
  }

  /**
   * Sends the system message as the top-level {@code system} field and the user message as the one
   * message, unchanged and not streamed (whatever {@link Builder#stream(boolean)} says), with this
   * generator's model, temperature and token limit.
   *
   * @param system the system message; null or blank sends no {@code system} field
   * @param user the user message, not blank
   * @return the reply with its token usage
   * @throws MlException when the user message is blank
   * @throws GeneratorException when the endpoint fails
   */
  @Override
  public Completion complete(String system, String user) {
    ChatSupport.requireUser(user);
    long start = System.nanoTime();
    ChatSupport.Reply reply = call(rawHeaders, requestBody(system, user, false));
    return ChatSupport.completion(reply, system, user, prompts.tokenEstimator(), start);
  }

  private ChatSupport.Reply call(Map<String, String> h, String body) {
    JsonNode response = http.postJson(endpoint, h, body);
    JsonNode content = response.path("content");
    if (!content.isArray()) {
      throw http.badResponse("no content array in " + HttpCaller.snippet(response.toString()));
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
        text.append(block.path("text").asText());
      }
    }
    int[] usage = {-1, -1};
    readUsage(response.path("usage"), usage);
    return new ChatSupport.Reply(
        text.toString(), usage[0], usage[1], response.path("stop_reason").asText(""));
  }

  private static void readUsage(JsonNode usage, int[] into) {
    if (usage.path("input_tokens").isIntegralNumber()) {
      into[0] =
          usage.path("input_tokens").asInt()
              + usage.path("cache_creation_input_tokens").asInt(0)
              + usage.path("cache_read_input_tokens").asInt(0);
    }
    if (usage.path("output_tokens").isIntegralNumber()) {
      into[1] = usage.path("output_tokens").asInt();
    }
  }

  private JsonNode parse(String data) {
    try {
      return http.json().readTree(data);
    } catch (JsonProcessingException e) {
      throw http.badResponse("stream event is not JSON: " + HttpCaller.snippet(data));
    }
  }

  String requestBody(Prompt prompt) {
    return requestBody(prompt.system(), prompt.user(), stream);
  }

  private String requestBody(String system, String user, boolean streamed) {
    ObjectNode root = http.json().createObjectNode();
    root.put("model", model);
    root.put("max_tokens", maxTokens);
    if (system != null && !system.isBlank()) {
      root.put("system", system);
    }
    root.putArray("messages").addObject().put("role", "user").put("content", user);
    root.put("temperature", temperature);
    if (streamed) {
      root.put("stream", true);
    }
    return root.toString();
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "AnthropicGenerator[baseUrl="
        + http.baseUrl()
        + ", model="
        + model
        + ", apiKeyEnv="
        + apiKeyEnv
        + ", apiKey="
        + (headers.containsKey("x-api-key") ? "set" : "unset")
        + ", stream="
        + stream
        + "]";
  }

  /** Options for {@link AnthropicGenerator}. */
  public static final class Builder extends ChatBuilder<Builder> {

    private Builder() {
      super(DEFAULT_BASE_URL, DEFAULT_API_KEY_ENV, 1.0);
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     * @throws MlException when the model is missing or an option is invalid
     */
    public AnthropicGenerator build() {
      return new AnthropicGenerator(this);
    }
  }
}
