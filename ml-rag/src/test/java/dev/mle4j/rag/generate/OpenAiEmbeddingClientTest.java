package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.generate.GeneratorException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingClientTest {
  private final ObjectMapper json = new ObjectMapper();
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Embeds each input as [length, first char, index-in-batch], returning items in reverse order.
   */
  private FakeServer.Responder reversedEmbeddings() {
    return (HttpExchange ex) -> {
      String body = server.requests().get(server.requests().size() - 1).body();
      JsonNode input = json.readTree(body).path("input");
      StringBuilder data = new StringBuilder();
      for (int i = input.size() - 1; i >= 0; i--) {
        String text = input.get(i).asText();
        if (data.length() > 0) {
          data.append(',');
        }
        data.append("{\"object\":\"embedding\",\"index\":")
            .append(i)
            .append(",\"embedding\":[")
            .append(text.length())
            .append(',')
            .append((int) text.charAt(0))
            .append(',')
            .append(i)
            .append("]}");
      }
      FakeServer.json(
              200,
              "{\"object\":\"list\",\"data\":["
                  + data
                  + "],\"model\":\"m\",\"usage\":{\"prompt_tokens\":5,\"total_tokens\":5}}")
          .respond(ex);
    };
  }

  private OpenAiEmbeddingClient.Builder builder() {
    return OpenAiEmbeddingClient.builder()
        .baseUrl(server.url("/v1"))
        .model("embed-test")
        .environment(Map.of("OPENAI_API_KEY", "sk-e"))
        .sleeper(d -> {});
  }

  @Test
  void batchesAndOrdersByIndex() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.then(reversedEmbeddings());
    }
    List<String> texts = List.of("a", "bb", "ccc", "dddd", "eeeee");
    try (OpenAiEmbeddingClient c = builder().batchSize(2).build()) {
      float[][] v = c.embed(texts);
      assertThat(v).hasNumberOfRows(5);
      for (int i = 0; i < 5; i++) {
        assertThat(v[i][0]).isEqualTo(texts.get(i).length());
        assertThat(v[i][1]).isEqualTo(texts.get(i).charAt(0));
        assertThat(v[i][2]).isEqualTo(i % 2);
      }
      assertThat(c.dimension()).isEqualTo(3);
      assertThat(c.name()).isEqualTo("openai:embed-test");
    }
    List<FakeServer.Recorded> reqs = server.requests();
    assertThat(reqs).hasSize(3);
    List<Integer> sizes = new ArrayList<>();
    for (FakeServer.Recorded r : reqs) {
      assertThat(r.path()).isEqualTo("/v1/embeddings");
      assertThat(r.header("Authorization")).isEqualTo("Bearer sk-e");
      JsonNode body = json.readTree(r.body());
      assertThat(body.path("model").asText()).isEqualTo("embed-test");
      sizes.add(body.path("input").size());
    }
    assertThat(sizes).containsExactly(2, 2, 1);
  }

  @Test
  void prefixesAndDimensionProbe() throws Exception {
    server.then(reversedEmbeddings()).then(reversedEmbeddings());
    try (OpenAiEmbeddingClient c = builder().prefixes("query: ", "passage: ").build()) {
      assertThat(c.dimension()).isEqualTo(3);
      c.embedQueries(List.of("hello"));
    }
    assertThat(json.readTree(server.requests().get(0).body()).path("input").get(0).asText())
        .startsWith("passage: ");
    assertThat(json.readTree(server.requests().get(1).body()).path("input").get(0).asText())
        .isEqualTo("query: hello");
  }

  @Test
  void wrongDimensionOrCountIsBadResponse() {
    server
        .then(reversedEmbeddings())
        .then(FakeServer.json(200, "{\"data\":[{\"index\":0,\"embedding\":[1,2]}]}"))
        .then(FakeServer.json(200, "{\"data\":[]}"));
    try (OpenAiEmbeddingClient c = builder().dimension(3).build()) {
      c.embed(List.of("x"));
      assertThatThrownBy(() -> c.embed(List.of("y")))
          .isInstanceOfSatisfying(
              GeneratorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
          .hasMessageContaining("Embedding endpoint")
          .hasMessageContaining("embedding of size 2, expected 3");
      assertThatThrownBy(() -> c.embed(List.of("z")))
          .hasMessageContaining("sent 1 inputs but received 0 embeddings");
    }
  }

  @Test
  void retriesLikeTheChatClientAndRejectsBadInput() {
    server.then(FakeServer.json(502, "bad gateway")).then(reversedEmbeddings());
    try (OpenAiEmbeddingClient c = builder().requestTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(c.embed(List.of("ok"))).hasNumberOfRows(1);
      assertThat(c.embed(List.of())).isEmpty();
      assertThatThrownBy(() -> c.embed(List.of("fine", " ")))
          .isInstanceOf(MlException.class)
          .hasMessage("text 1 to embed is empty");
    }
    assertThat(server.requests()).hasSize(2);
    assertThatThrownBy(() -> OpenAiEmbeddingClient.builder().build())
        .hasMessageContaining("model is not set");
    assertThatThrownBy(() -> OpenAiEmbeddingClient.builder().batchSize(0))
        .hasMessageContaining("batchSize");
  }
}
