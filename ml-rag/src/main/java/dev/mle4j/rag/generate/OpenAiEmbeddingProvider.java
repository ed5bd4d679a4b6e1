package dev.mle4j.rag.generate;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.EmbedderProvider;
import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Map;

/**
 * Opens {@code openai:<model>} embedders ({@link OpenAiEmbeddingClient}) for {@link
 * dev.mle4j.core.Embedders}, so {@code mle4j rag ingest --embedder openai:text-embedding-3-small}
 * works and a knowledge base built that way reopens with the same endpoint. Settings come from the
 * environment: {@value #BASE_URL} (default {@code https://api.openai.com/v1}, or any
 * OpenAI-compatible server such as vLLM, Ollama, llama.cpp), {@value #API_KEY_ENV} naming the
 * variable that holds the key (default {@code OPENAI_API_KEY}; no key is fine for local servers).
 */
public final class OpenAiEmbeddingProvider implements EmbedderProvider {
  /** Prefix of the model names this provider opens. */
  public static final String PREFIX = "openai:";

  /** Environment variable with the endpoint base URL. */
  public static final String BASE_URL = "MLE4J_EMBEDDINGS_BASE_URL";

  /** Environment variable with the NAME of the variable that holds the API key. */
  public static final String API_KEY_ENV = "MLE4J_EMBEDDINGS_API_KEY_ENV";

  private final Map<String, String> env;

  /** Reads the process environment (used by {@link java.util.ServiceLoader}). */
  public OpenAiEmbeddingProvider() {
    this(System.getenv());
  }

  /**
   * Reads the given environment.
   *
   * @param env the environment
   */
  public OpenAiEmbeddingProvider(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public List<String> names() {
    return List.of();
  }

  @Override
  public boolean accepts(String name) {
    return name != null && name.startsWith(PREFIX);
  }

  @Override
  public Embedder open(String name, EmbedderOptions options) {
    String model = name.substring(PREFIX.length()).strip();
    if (model.isEmpty()) {
      throw new MlException("embedding model name missing after 'openai:'");
    }
    OpenAiEmbeddingClient.Builder b =
        OpenAiEmbeddingClient.builder()
            .model(model)
            .environment(env)
            .batchSize(Math.max(1, options.batchSize()));
    String base = env.get(BASE_URL);
    if (base != null && !base.isBlank()) {
      b.baseUrl(base);
    }
    String keyEnv = env.get(API_KEY_ENV);
    if (keyEnv != null && !keyEnv.isBlank()) {
      b.apiKeyEnv(keyEnv);
    }
    return b.build();
  }
}
