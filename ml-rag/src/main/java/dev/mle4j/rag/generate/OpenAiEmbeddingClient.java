package dev.mle4j.rag.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link Embedder} backed by an OpenAI-compatible {@code POST {baseUrl}/embeddings} endpoint
 * (OpenAI, vLLM, Ollama, llama.cpp, text-embeddings-inference). Inputs are sent in batches (default
 * 64 per request) and the vectors are put back in input order by each item's {@code index}.
 *
 * <p>The dimension is the one set with {@link Builder#dimension(int)}, or else learned from the
 * first response; calling {@link #dimension()} before any embedding sends one probe request. Every
 * vector must have that size. Retries, timeouts and error messages are those of {@link
 * OpenAiChatGenerator}, with "Embedding endpoint" in the messages. Thread-safe.
 */
public final class OpenAiEmbeddingClient implements Embedder {

  private final HttpCaller http;
  private final URI endpoint;
  private final String model;
  private final int batchSize;
  private final String queryPrefix;
  private final String passagePrefix;
  private final Map<String, String> headers;
  private final AtomicInteger dimension;
  private final String apiKeyEnv;

  private OpenAiEmbeddingClient(Builder b) {
    String base = ChatSupport.baseUrl(b.baseUrl);
    if (b.model == null || b.model.isBlank()) {
      throw new MlException(
          "model is not set; name the embedding model (e.g. text-embedding-3-small)");
    }
    this.model = b.model.strip();
    this.batchSize = b.batchSize;
    this.queryPrefix = b.queryPrefix;
    this.passagePrefix = b.passagePrefix;
    this.dimension = new AtomicInteger(b.dimension);
    this.apiKeyEnv = b.apiKeyEnv;
    String key = ChatSupport.apiKey(b.environment, b.apiKeyEnv);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/json");
    if (key != null) {
      h.put("Authorization", "Bearer " + key);
    }
    this.headers = Map.copyOf(h);
    this.endpoint = ChatSupport.uri(base, "/embeddings");
    this.http =
        new HttpCaller(
            new HttpCaller.Settings(
                "Embedding endpoint",
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
  public float[][] embed(List<String> texts) {
    return embedWith(texts, passagePrefix);
  }

  @Override
  public float[][] embedQueries(List<String> queries) {
    return embedWith(queries, queryPrefix);
  }

  private float[][] embedWith(List<String> texts, String prefix) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      if (t == null || t.isBlank()) {
        throw new MlException("text " + i + " to embed is " + (t == null ? "null" : "empty"));
      }
    }
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += batchSize) {
      int to = Math.min(texts.size(), from + batchSize);
      List<String> batch = new ArrayList<>(to - from);
      for (String t : texts.subList(from, to)) {
        batch.add(prefix + t);
      }
      float[][] vectors = request(batch);
      System.arraycopy(vectors, 0, out, from, vectors.length);
    }
    return out;
  }

  private float[][] request(List<String> batch) {
    ObjectNode body = http.json().createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    batch.forEach(input::add);
    JsonNode response = http.postJson(endpoint, headers, body.toString());
    JsonNode data = response.path("data");
    if (!data.isArray()) {
      throw http.badResponse("no data array in " + HttpCaller.snippet(response.toString()));
    }
    if (data.size() != batch.size()) {
      throw http.badResponse(
          "sent " + batch.size() + " inputs but received " + data.size() + " embeddings");
    }
    float[][] out = new float[batch.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").isIntegralNumber() ? item.path("index").asInt() : i;
      if (index < 0 || index >= out.length || out[index] != null) {
        throw http.badResponse("embedding index " + index + " is out of range or repeated");
      }
      JsonNode emb = item.path("embedding");
      if (!emb.isArray() || emb.isEmpty()) {
        throw http.badResponse(
            "data["
                + i
                + "].embedding is not a list of numbers (base64 encoding is not supported)");
      }
      float[] v = new float[emb.size()];
      for (int j = 0; j < v.length; j++) {
        if (!emb.get(j).isNumber()) {
          throw http.badResponse("data[" + i + "].embedding[" + j + "] is not a number");
        }
        v[j] = (float) emb.get(j).asDouble();
      }
      dimension.compareAndSet(0, v.length);
      if (v.length != dimension.get()) {
        throw http.badResponse("embedding of size " + v.length + ", expected " + dimension.get());
      }
      out[index] = v;
    }
    return out;
  }

  @Override
  public int dimension() {
    if (dimension.get() == 0) {
      request(List.of(passagePrefix + "dimension probe"));
    }
    return dimension.get();
  }

  @Override
  public String name() {
    return "openai:" + model;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "OpenAiEmbeddingClient[baseUrl="
        + http.baseUrl()
        + ", model="
        + model
        + ", apiKeyEnv="
        + apiKeyEnv
        + ", apiKey="
        + (headers.containsKey("Authorization") ? "set" : "unset")
        + "]";
  }

  /** Options for {@link OpenAiEmbeddingClient}. */
  public static final class Builder extends EndpointBuilder<Builder> {
    private int batchSize = 64;
    private int dimension;
    private String queryPrefix = "";
    private String passagePrefix = "";

    private Builder() {
      super(OpenAiChatGenerator.DEFAULT_BASE_URL, OpenAiChatGenerator.DEFAULT_API_KEY_ENV);
    }

    /**
     * Sets how many inputs go in one request (default 64).
     *
     * @param batchSize 1 to 2048
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 2048) {
        throw new MlException("batchSize must be 1 to 2048, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the expected vector size (default: learned from the first response).
     *
     * @param dimension at least 1
     * @return this builder
     */
    public Builder dimension(int dimension) {
      if (dimension < 1) {
        throw new MlException("dimension must be at least 1, got " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    /**
     * Sets text prepended to queries and to passages (default none), e.g. {@code "query: "} and
     * {@code "passage: "} for e5 models.
     *
     * @param queryPrefix the query prefix
     * @param passagePrefix the passage prefix
     * @return this builder
     */
    public Builder prefixes(String queryPrefix, String passagePrefix) {
      this.queryPrefix = Objects.requireNonNull(queryPrefix, "queryPrefix");
      this.passagePrefix = Objects.requireNonNull(passagePrefix, "passagePrefix");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws MlException when the model is missing or an option is invalid
     */
    public OpenAiEmbeddingClient build() {
      return new OpenAiEmbeddingClient(this);
    }
  }
}
