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
 * A generator that calls an OpenAI-compatible {@code POST {baseUrl}/chat/completions} endpoint:
 * OpenAI, vLLM, Ollama ({@code http://localhost:11434/v1}), llama.cpp server ({@code
 * http://localhost:8080/v1}).
 *
 * <p>The API key is read from an environment variable (default {@code OPENAI_API_KEY}) and sent as
 * {@code Authorization: Bearer}; with the variable unset no header is sent, which local servers
 * accept. The key never appears in logs, messages or {@link #toString()}.
 *
 * <p>With {@link Builder#stream(boolean)} the response is read as server-sent events ({@code data:
 * {...}} chunks with {@code choices[0].delta.content}, ending with {@code data: [DONE]}), each
 * delta going to the token callback; {@code stream_options.include_usage} is requested so the final
 * chunk carries the usage. When the endpoint reports no usage the counts are estimated and {@link
 * Generation#usageEstimated()} is true.
 *
 * <p>Citations are the included chunks whose {@code [n]} markers appear in the answer; an answer
 * that cites nothing has none (see {@link Generation#prompt()} for what was sent). When no chunk is
 * given the endpoint is not called and the answer is {@link PromptBuilder#NOT_IN_DOCUMENTS}.
 */
public final class OpenAiChatGenerator implements GroundedGenerator, ChatModel {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The default name of the environment variable holding the API key. */
  public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  private final HttpCaller http;
  private final URI endpoint;
  private final String model;
  private final double temperature;
  private final int maxTokens;
  private final boolean stream;
  private final boolean streamUsage;
  private final Consumer<String> onToken;
  private final PromptBuilder prompts;
  private final String apiKeyEnv;
  private final Map<String, String> headers;
  private final Map<String, String> rawHeaders;

  private OpenAiChatGenerator(Builder b) {
    String base = ChatSupport.baseUrl(b.baseUrl);
    if (b.model == null || b.model.isBlank()) {
      throw new MlException(
          "model is not set; name the model the endpoint serves (e.g. gpt-4o-mini)");
    }
    this.model = b.model.strip();
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.stream = b.stream;
    this.streamUsage = b.streamUsage;
    this.onToken = b.onToken;
    this.prompts = b.prompts;
    this.apiKeyEnv = b.apiKeyEnv;
    String key = ChatSupport.apiKey(b.environment, b.apiKeyEnv);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", b.stream ? "text/event-stream" : "application/json");
    if (key != null) {
      h.put("Authorization", "Bearer " + key);
    }
    this.headers = Map.copyOf(h);
    h.put("Accept", "application/json");
    this.rawHeaders = Map.copyOf(h);
    this.endpoint = ChatSupport.uri(base, "/chat/completions");
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
            if (data.strip().equals("[DONE]")) {
              return false;
            }
            JsonNode chunk = parse(data);
            if (chunk.has("error")) {
              throw http.streamError(data);
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta").path("content");
            if (delta.isTextual() && !delta.asText().isEmpty()) {
              text.append(delta.asText());
              if (sink != null) {
                sink.accept(delta.asText());
              }
            }
            if (choice.path("finish_reason").isTextual()) {
              finish[0] = choice.path("finish_reason").asText();
            }
            readUsage(chunk.path("usage"), usage);
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
   * Sends {@code [system, user]} as the chat messages, unchanged and not streamed (whatever {@link
   * Builder#stream(boolean)} says), with this generator's model, temperature and token limit.
   *
   * @param system the system message; null or blank sends only the user message
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
    JsonNode choice = response.path("choices").path(0);
    JsonNode content = choice.path("message").path("content");
    if (!content.isTextual()) {
      throw http.badResponse(
          "no text at choices[0].message.content in " + HttpCaller.snippet(response.toString()));
    }
    int[] usage = {-1, -1};
    readUsage(response.path("usage"), usage);
    return new ChatSupport.Reply(
        content.asText(), usage[0], usage[1], choice.path("finish_reason").asText(""));
  }

  private static void readUsage(JsonNode usage, int[] into) {
    if (usage.path("prompt_tokens").isIntegralNumber()) {
      into[0] = usage.path("prompt_tokens").asInt();
    }
    if (usage.path("completion_tokens").isIntegralNumber()) {
      into[1] = usage.path("completion_tokens").asInt();
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
    var messages = root.putArray("messages");
    if (system != null && !system.isBlank()) {
      messages.addObject().put("role", "system").put("content", system);
    }
    messages.addObject().put("role", "user").put("content", user);
    root.put("temperature", temperature);
    root.put("max_tokens", maxTokens);
    root.put("stream", streamed);
    if (streamed && streamUsage) {
      root.putObject("stream_options").put("include_usage", true);
    }
    return root.toString();
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "OpenAiChatGenerator[baseUrl="
        + http.baseUrl()
        + ", model="
        + model
        + ", apiKeyEnv="
        + apiKeyEnv
        + ", apiKey="
        + (headers.containsKey("Authorization") ? "set" : "unset")
        + ", stream="
        + stream
        + "]";
  }

  /** Options for {@link OpenAiChatGenerator}. */
  public static final class Builder extends ChatBuilder<Builder> {
    private boolean streamUsage = true;

    private Builder() {
      super(DEFAULT_BASE_URL, DEFAULT_API_KEY_ENV, 2.0);
    }

    /**
     * Whether to ask for usage in the stream with {@code stream_options.include_usage} (default
     * true); turn off for servers that reject that field.
     *
     * @param include true to ask
     * @return this builder
     */
    public Builder includeStreamUsage(boolean include) {
      this.streamUsage = include;
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     * @throws MlException when the model is missing or an option is invalid
     */
    public OpenAiChatGenerator build() {
      return new OpenAiChatGenerator(this);
    }
  }
}
