package dev.mle4j.rag.generate;

import dev.mle4j.core.MlException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which generator to use, as read from the environment by {@link #fromEnvironment(Map)}.
 *
 * @param provider the provider
 * @param baseUrl the endpoint base URL, or empty for the provider's default
 * @param model the model name (empty only for {@link Provider#EXTRACTIVE})
 * @param apiKeyEnv the name of the environment variable holding the API key, or empty for the
 *     provider's default ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY})
 */
public record LlmSettings(Provider provider, String baseUrl, String model, String apiKeyEnv) {

  /**
   * Environment variable naming the provider: {@code openai}, {@code anthropic}, {@code
   * extractive}.
   */
  public static final String PROVIDER = "MLE4J_LLM_PROVIDER";

  /** Environment variable with the endpoint base URL. */
  public static final String BASE_URL = "MLE4J_LLM_BASE_URL";

  /** Environment variable with the model name. */
  public static final String MODEL = "MLE4J_LLM_MODEL";

  /** Environment variable with the NAME of the variable that holds the API key. */
  public static final String API_KEY_ENV = "MLE4J_LLM_API_KEY_ENV";

  /** A generator backend. */
  public enum Provider {
    /** An OpenAI-compatible chat completions endpoint ({@link OpenAiChatGenerator}). */
    OPENAI,
    /** The Anthropic Messages API ({@link AnthropicGenerator}). */
    ANTHROPIC,
    /** The offline {@link ExtractiveGenerator}. */
    EXTRACTIVE
  }

  /** Validates and normalises null to empty. */
  public LlmSettings {
    Objects.requireNonNull(provider, "provider");
    baseUrl = baseUrl == null ? "" : baseUrl.strip();
    model = model == null ? "" : model.strip();
    apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv.strip();
    if (provider != Provider.EXTRACTIVE && model.isEmpty()) {
      throw new MlException(
          MODEL
              + " is not set; name the model for provider "
              + provider.name().toLowerCase(Locale.ROOT)
              + (provider == Provider.OPENAI
                  ? " (e.g. gpt-4o-mini, or llama3.1:8b for Ollama)"
                  : " (e.g. claude-3-5-haiku-latest)"));
    }
  }

  /**
   * The offline extractive settings.
   *
   * @return settings for {@link Provider#EXTRACTIVE}
   */
  public static LlmSettings extractive() {
    return new LlmSettings(Provider.EXTRACTIVE, "", "", "");
  }

  /**
   * Reads {@value #PROVIDER}, {@value #BASE_URL}, {@value #MODEL} and {@value #API_KEY_ENV}. With
   * none of them set the result is {@link Provider#EXTRACTIVE}.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the settings
   * @throws MlException when the provider is unknown, a model is missing, or endpoint settings are
   *     given without a provider
   */
  public static LlmSettings fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String provider = value(env, PROVIDER);
    String baseUrl = value(env, BASE_URL);
    String model = value(env, MODEL);
    String keyEnv = value(env, API_KEY_ENV);
    if (provider.isEmpty()) {
      if (!baseUrl.isEmpty() || !model.isEmpty() || !keyEnv.isEmpty()) {
        throw new MlException(
            PROVIDER
                + " is not set but "
                + (!baseUrl.isEmpty() ? BASE_URL : !model.isEmpty() ? MODEL : API_KEY_ENV)
                + " is; set "
                + PROVIDER
                + " to openai, anthropic or extractive");
      }
      return extractive();
    }
    Provider p =
        switch (provider.toLowerCase(Locale.ROOT)) {
          case "openai" -> Provider.OPENAI;
          case "anthropic" -> Provider.ANTHROPIC;
          case "extractive" -> Provider.EXTRACTIVE;
          default ->
              throw new MlException(
                  PROVIDER + "='" + provider + "' is not one of openai, anthropic, extractive");
        };
    return new LlmSettings(p, baseUrl, model, keyEnv);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null ? "" : v.strip();
  }
}
