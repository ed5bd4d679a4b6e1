package dev.mle4j.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Answer;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.Generator;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RagServiceTest {
  @TempDir Path tmp;

  private static final Chunk PORT =
      new Chunk(
          "config.html#0",
          "The server listens on TCP port 5432 by default.",
          Map.of("source", "config.html", "title", "Connections", "section", "Settings"));
  private static final Chunk OTHER =
      new Chunk("vacuum.html#3", "VACUUM reclaims storage.", Map.of("source", "vacuum.html"));

  /** Retrieves two fixed chunks (a retriever double; the real ones are tested in retrieve). */
  private static final Retriever RETRIEVER =
      (q, k) -> List.of(new ScoredChunk(PORT, 0.9), new ScoredChunk(OTHER, 0.4)).subList(0, k);

  /** Cites the first chunk. */
  private static final Generator GENERATOR =
      (q, ctx) -> new Answer("Port 5432 [1].", List.of(ctx.get(0)), 120, 7, 1.0);

  @Test
  void answersWithCitationsTimingsTokensCostAndLogsTheQuery() throws Exception {
    Path log = tmp.resolve("q.jsonl");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (QueryLog ql = QueryLog.open(log)) {
      RagService service =
          RagService.builder(RETRIEVER, GENERATOR)
              .topK(2)
              .generatorName("test-gen")
              .queryLog(ql)
              .meterRegistry(registry)
              .cost((model, p, c) -> model.equals("test-gen") ? p * 1e-6 + c * 2e-6 : 0)
              .build();
      RagResponse r = service.ask("  Which port does the server use?  ");
      assertThat(r.question()).isEqualTo("Which port does the server use?");
      assertThat(r.answer()).isEqualTo("Port 5432 [1].");
      assertThat(r.retrievedIds()).containsExactly("config.html#0", "vacuum.html#3");
      assertThat(r.citations()).hasSize(1);
      Citation c = r.citations().get(0);
      assertThat(c.number()).isEqualTo(1);
      assertThat(c.source()).isEqualTo("config.html");
      assertThat(c.title()).isEqualTo("Connections");
      assertThat(c.snippet()).startsWith("The server listens");
      assertThat(r.costUsd()).isEqualTo(120e-6 + 14e-6, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(r.latencyMs()).isGreaterThanOrEqualTo(r.retrieveMs());
      assertThat(ql.written()).isEqualTo(1);
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.get("question").asText()).isEqualTo("Which port does the server use?");
    assertThat(line.get("retrieved_ids")).hasSize(2);
    assertThat(line.get("cited_ids").get(0).asText()).isEqualTo("config.html#0");
    assertThat(line.get("prompt_tokens").asInt()).isEqualTo(120);
    assertThat(line.has("latency_ms")).isTrue();
    assertThat(registry.get("mle4j.rag.questions").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("mle4j.rag.latency").tag("stage", "retrieve").timer().count())
        .isEqualTo(1);
  }

  @Test
  void refusalsAreCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Generator refusing =
        (q, ctx) -> new Answer("The answer is not in the provided documents.", List.of(), 5, 8, 0);
    RagService service =
        RagService.builder(RETRIEVER, refusing).topK(1).meterRegistry(registry).build();
    RagResponse r = service.ask("Who won the 1998 world cup?");
    assertThat(r.citations()).isEmpty();
    assertThat(registry.get("mle4j.rag.refusals").counter().count()).isEqualTo(1.0);
  }

  @Test
  void badQuestionsAreRejectedWithClearMessages() {
    RagService service = RagService.builder(RETRIEVER, GENERATOR).maxQuestionChars(50).build();
    assertThatThrownBy(() -> service.ask("   "))
        .isInstanceOf(InvalidQuestionException.class)
        .hasMessage("question is empty");
    assertThatThrownBy(() -> service.ask(null)).hasMessage("question is empty");
    assertThatThrownBy(() -> service.ask("x".repeat(51)))
        .isInstanceOf(InvalidQuestionException.class)
        .hasMessage("question is 51 characters long; the limit is 50 characters");
    assertThatThrownBy(() -> service.ask("ok?", 0)).hasMessageContaining("top_k must be between");
    assertThatThrownBy(() -> RagService.builder(RETRIEVER, GENERATOR).topK(51))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonShapeHasTheDocumentedFields() {
    RagResponse r = RagService.builder(RETRIEVER, GENERATOR).topK(2).build().ask("Which port?");
    JsonNode j = RagJson.toJson(r);
    assertThat(j.get("answer").asText()).isEqualTo("Port 5432 [1].");
    JsonNode c = j.get("citations").get(0);
    assertThat(c.get("source").asText()).isEqualTo("config.html");
    assertThat(c.has("title")).isTrue();
    assertThat(c.has("snippet")).isTrue();
    assertThat(c.get("score").asDouble()).isEqualTo(0.9);
    assertThat(j.get("tokens").get("total").asInt()).isEqualTo(127);
    assertThat(j.has("latency_ms")).isTrue();
  }
}
