package dev.mle4j.rag.generate;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured {@link GroundedGenerator} ({@code MLE4J_LLM_*} variables) and the
 * configured LLM judge ({@code MLE4J_JUDGE_*} variables).
 */
public final class Generators {

  /**
   * Environment variable naming the judge provider: {@code openai}, {@code anthropic}, or {@code
   * none} (the same as unset: no judge).
   */
  public static final String JUDGE_PROVIDER = "MLE4J_JUDGE_PROVIDER";

  /** Environment variable with the judge endpoint base URL. */
  public static final String JUDGE_BASE_URL = "MLE4J_JUDGE_BASE_URL";

  /** Environment variable with the judge model name. */
  public static final String JUDGE_MODEL = "MLE4J_JUDGE_MODEL";

  /** Environment variable with the NAME of the variable that holds the judge's API key. */
  public static final String JUDGE_API_KEY_ENV = "MLE4J_JUDGE_API_KEY_ENV";

  private static final Logger LOG = LoggerFactory.getLogger(Generators.class);

  private Generators() {}

  /**
   * Creates the generator the environment selects (see {@link LlmSettings#fromEnvironment(Map)});
   * the extractive generator when nothing is set. The API key is read from the same map.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the generator; close it when done
   * @throws dev.mle4j.core.MlException when the settings are invalid
   */
  public static GroundedGenerator fromEnvironment(Map<String, String> env) {
    return create(LlmSettings.fromEnvironment(env), env);
  }

  /**
   * Creates a generator from settings.
   *
   * @param settings the settings
   * @param env the environment the API key is read from
   * @return the generator; close it when done
   */
  public static GroundedGenerator create(LlmSettings settings, Map<String, String> env) {
    return create(settings, env, null);
  }

  /**
   * Creates the generator the environment selects; the extractive one ranks sentences with the
   * given embedder too.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @param embedder the knowledge base's embedder for the extractive generator, or null
   * @return the generator; close it when done (the embedder is not closed)
   */
  public static GroundedGenerator fromEnvironment(Map<String, String> env, Embedder embedder) {
    return create(LlmSettings.fromEnvironment(env), env, embedder);
  }

  /**
   * Creates a generator from settings.
   *
   * @param settings the settings
   * @param env the environment the API key is read from
   * @param embedder the extractive generator's sentence-ranking embedder, or null
   * @return the generator; close it when done
   */
  public static GroundedGenerator create(
      LlmSettings settings, Map<String, String> env, Embedder embedder) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(env, "env");
    GroundedGenerator g =
        switch (settings.provider()) {
          case OPENAI -> {
            OpenAiChatGenerator.Builder b =
                OpenAiChatGenerator.builder().model(settings.model()).environment(env);
            if (!settings.baseUrl().isEmpty()) {
              b.baseUrl(settings.baseUrl());
            }
            if (!settings.apiKeyEnv().isEmpty()) {
              b.apiKeyEnv(settings.apiKeyEnv());
            }
            yield b.build();
          }
          case ANTHROPIC -> {
            AnthropicGenerator.Builder b =
                AnthropicGenerator.builder().model(settings.model()).environment(env);
            if (!settings.baseUrl().isEmpty()) {
              b.baseUrl(settings.baseUrl());
            }
            if (!settings.apiKeyEnv().isEmpty()) {
              b.apiKeyEnv(settings.apiKeyEnv());
            }
            yield b.build();
          }
          default -> ExtractiveGenerator.builder().embedder(embedder).build();
        };
    LOG.info("generator: {}", g);
    return g;
  }

  /**
   * Reads the judge settings: {@value #JUDGE_PROVIDER}, {@value #JUDGE_BASE_URL}, {@value
   * #JUDGE_MODEL} and {@value #JUDGE_API_KEY_ENV}, with the semantics of the {@code MLE4J_LLM_*}
   * variables of {@link LlmSettings#fromEnvironment(Map)}. The extractive provider cannot judge.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the settings (provider {@link LlmSettings.Provider#OPENAI} or {@link
   *     LlmSettings.Provider#ANTHROPIC}), or empty when {@value #JUDGE_PROVIDER} is unset or {@code
   *     none}
   * @throws MlException when the provider is unknown, the model is missing, the base URL is not an
   *     http(s) URL, or endpoint settings are given without a provider
   */
  public static Optional<LlmSettings> judgeSettings(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String provider = value(env, JUDGE_PROVIDER);
    String baseUrl = value(env, JUDGE_BASE_URL);
    String model = value(env, JUDGE_MODEL);
    String keyEnv = value(env, JUDGE_API_KEY_ENV);
    if (provider.isEmpty()) {
      if (!baseUrl.isEmpty() || !model.isEmpty() || !keyEnv.isEmpty()) {
        throw new MlException(
            JUDGE_PROVIDER
                + " is not set but "
                + (!baseUrl.isEmpty()
                    ? JUDGE_BASE_URL
                    : !model.isEmpty() ? JUDGE_MODEL : JUDGE_API_KEY_ENV)
                + " is; set "
                + JUDGE_PROVIDER
                + " to openai, anthropic or none");
      }
      return Optional.empty();
    }
    LlmSettings.Provider p =
        switch (provider.toLowerCase(Locale.ROOT)) {
          case "none" -> null;
          case "openai" -> LlmSettings.Provider.OPENAI;
          case "anthropic" -> LlmSettings.Provider.ANTHROPIC;
          default ->
              throw new MlException(
                  JUDGE_PROVIDER
                      + "='"
                      + provider
                      + "' is not one of openai, anthropic, none"
                      + (provider.equalsIgnoreCase("extractive")
                          ? " (the extractive generator cannot judge)"
                          : ""));
        };
    if (p == null) {
      return Optional.empty();
    }
    if (model.isEmpty()) {
      throw new MlException(
          JUDGE_MODEL
              + " is not set; name the judge model for provider "
              + p.name().toLowerCase(Locale.ROOT)
              + (p == LlmSettings.Provider.OPENAI
                  ? " (e.g. gpt-4o-mini, or llama3.1:8b for Ollama)"
                  : " (e.g. claude-3-5-haiku-latest)"));
    }
    if (!baseUrl.isEmpty()) {
      try {
        ChatSupport.baseUrl(baseUrl);
      } catch (MlException e) {
        throw new MlException(JUDGE_BASE_URL + ": " + e.getMessage(), e);
      }
    }
    return Optional.of(new LlmSettings(p, baseUrl, model, keyEnv));
  }

  /**
   * Creates the judge the {@code MLE4J_JUDGE_*} variables select (see {@link #judgeSettings(Map)});
   * the API key is read from the same map.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the judge, or empty when no judge is configured; close it when done
   * @throws MlException when the settings are invalid
   */
  public static Optional<JudgeGenerator> judgeFromEnvironment(Map<String, String> env) {
    return judgeSettings(env).map(s -> judge(chatModel(s, env)));
  }

  /**
   * Wraps a chat model as a judge (see {@link JudgeGenerator}).
   *
   * @param model the chat model; closed when the judge is closed
   * @return the judge
   */
  public static JudgeGenerator judge(ChatModel model) {
    return new JudgeGenerator(model);
  }

  /**
   * Creates the chat model of LLM settings.
   *
   * @param settings the settings, provider {@link LlmSettings.Provider#OPENAI} or {@link
   *     LlmSettings.Provider#ANTHROPIC}
   * @param env the environment the API key is read from
   * @return the chat model; close it when done
   * @throws MlException when the provider is {@link LlmSettings.Provider#EXTRACTIVE}
   */
  public static ChatModel chatModel(LlmSettings settings, Map<String, String> env) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(env, "env");
    if (settings.provider() == LlmSettings.Provider.EXTRACTIVE) {
      throw new MlException("the extractive provider has no chat model; use openai or anthropic");
    }
    return (ChatModel) create(settings, env);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null ? "" : v.strip();
  }
}
