package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingProviderTest {
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void opensOpenAiModelsByPrefixWithEndpointAndKeyFromTheEnvironment() {
    server.then(
        FakeServer.json(
            200,
            "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                + "\"embedding\":[0.6,0.8]}],\"model\":\"emb\"}"));
    Embedders embedders =
        Embedders.of(
            List.of(
                new OpenAiEmbeddingProvider(
                    Map.of(
                        OpenAiEmbeddingProvider.BASE_URL,
                        server.url("/v1"),
                        OpenAiEmbeddingProvider.API_KEY_ENV,
                        "MY_EMB_KEY",
                        "MY_EMB_KEY",
                        "k-emb"))));
    try (Embedder e = embedders.open("openai:emb-small", EmbedderOptions.defaults())) {
      assertThat(e.name()).isEqualTo("openai:emb-small");
      float[][] v = e.embed(List.of("hello"));
      assertThat(v[0]).containsExactly(0.6f, 0.8f);
    }
    assertThat(server.requests().get(0).body()).contains("\"model\":\"emb-small\"");
    assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer k-emb");
  }

  @Test
  void badNamesAreRejected() {
    Embedders embedders = Embedders.of(List.of(new OpenAiEmbeddingProvider(Map.of())));
    assertThatThrownBy(() -> embedders.open("openai:", EmbedderOptions.defaults()))
        .hasMessageContaining("embedding model name missing");
    assertThatThrownBy(() -> embedders.open("word2vec", EmbedderOptions.defaults()))
        .hasMessageContaining("unknown embedding model 'word2vec'");
  }
}
