package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.rag.generate.LlmSettings.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

  @Test
  void nothingSetMeansExtractive() {
    assertThat(LlmSettings.fromEnvironment(Map.of())).isEqualTo(LlmSettings.extractive());
    try (GroundedGenerator g = Generators.fromEnvironment(Map.of("PATH", "/bin"))) {
      assertThat(g).isInstanceOf(ExtractiveGenerator.class);
      assertThat(g.model()).isEqualTo("extractive");
    }
  }

  @Test
  void openAiAndAnthropicAreBuiltFromTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "MLE4J_LLM_PROVIDER", "OpenAI",
            "MLE4J_LLM_BASE_URL", "http://127.0.0.1:11434/v1",
            "MLE4J_LLM_MODEL", "llama3.1:8b",
            "MLE4J_LLM_API_KEY_ENV", "OLLAMA_KEY",
            "OLLAMA_KEY", "secret-ollama");
    LlmSettings s = LlmSettings.fromEnvironment(env);
    assertThat(s)
        .isEqualTo(
            new LlmSettings(
                Provider.OPENAI, "http://127.0.0.1:11434/v1", "llama3.1:8b", "OLLAMA_KEY"));
    try (GroundedGenerator g = Generators.fromEnvironment(env)) {
      assertThat(g).isInstanceOf(OpenAiChatGenerator.class);
      assertThat(g.model()).isEqualTo("llama3.1:8b");
      assertThat(g.toString())
          .contains("http://127.0.0.1:11434/v1")
          .contains("apiKeyEnv=OLLAMA_KEY")
          .contains("apiKey=set")
          .doesNotContain("secret-ollama");
    }
    try (GroundedGenerator g =
        Generators.fromEnvironment(
            Map.of(
                "MLE4J_LLM_PROVIDER", "anthropic", "MLE4J_LLM_MODEL", "claude-3-5-haiku-latest"))) {
      assertThat(g).isInstanceOf(AnthropicGenerator.class);
      assertThat(g.toString()).contains("https://api.anthropic.com").contains("apiKey=unset");
    }
  }

  @Test
  void badSettingsGiveClearErrors() {
    assertThatThrownBy(() -> LlmSettings.fromEnvironment(Map.of("MLE4J_LLM_PROVIDER", "gemini")))
        .isInstanceOf(MlException.class)
        .hasMessage("MLE4J_LLM_PROVIDER='gemini' is not one of openai, anthropic, extractive");
    assertThatThrownBy(() -> LlmSettings.fromEnvironment(Map.of("MLE4J_LLM_PROVIDER", "openai")))
        .hasMessageStartingWith("MLE4J_LLM_MODEL is not set; name the model for provider openai");
    assertThatThrownBy(() -> LlmSettings.fromEnvironment(Map.of("MLE4J_LLM_MODEL", "gpt-4o-mini")))
        .hasMessage(
            "MLE4J_LLM_PROVIDER is not set but MLE4J_LLM_MODEL is; set MLE4J_LLM_PROVIDER to"
                + " openai, anthropic or extractive");
    assertThatThrownBy(
            () ->
                Generators.fromEnvironment(
                    Map.of(
                        "MLE4J_LLM_PROVIDER", "openai",
                        "MLE4J_LLM_MODEL", "m",
                        "MLE4J_LLM_BASE_URL", "localhost:8080")))
        .hasMessageContaining("is not an http:// or https:// URL");
  }
}
