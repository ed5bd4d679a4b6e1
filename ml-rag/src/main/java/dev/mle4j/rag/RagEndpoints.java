package dev.mle4j.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.serving.JsonEndpoint;
import dev.mle4j.core.serving.ProblemException;
import dev.mle4j.core.serving.ProblemType;
import dev.mle4j.rag.generate.GeneratorException;
import java.util.List;
import java.util.Map;

/**
 * The HTTP face of a {@link RagService}, as {@link JsonEndpoint}s for {@link
 * dev.mle4j.core.serving.ModelServer}:
 *
 * <ul>
 *   <li>{@code POST /v1/rag/ask} with {@code {"question": "...", "top_k": 5}} returns {@link
 *       RagJson#toJson(RagResponse)}; an empty or too long question or a bad {@code top_k} is a 400
 *       problem; an LLM endpoint that is down is a 502, one that times out a 504;
 *   <li>{@code GET /v1/rag/info}: corpus, chunk count, embedder, retriever, generator, top-k;
 *   <li>{@code GET /v1/rag/chunk?id=...}: one chunk's text and metadata (404 when unknown).
 * </ul>
 */
public final class RagEndpoints {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RagEndpoints() {}

  /**
   * Creates the endpoints.
   *
   * @param service answers questions
   * @param kb the knowledge base behind it
   * @param retrieverName the retrieval strategy's name (shown by {@code /v1/rag/info})
   * @return the endpoints
   */
  public static List<JsonEndpoint> create(
      RagService service, KnowledgeBase kb, String retrieverName) {
    return List.of(
        new JsonEndpoint(JsonEndpoint.Method.POST, "/v1/rag/ask", "rag", r -> ask(service, r)),
        new JsonEndpoint(
            JsonEndpoint.Method.GET, "/v1/rag/info", "rag", r -> info(service, kb, retrieverName)),
        new JsonEndpoint(JsonEndpoint.Method.GET, "/v1/rag/chunk", "rag", r -> chunk(kb, r)));
  }

  private static JsonNode ask(RagService service, JsonEndpoint.Request request) {
    JsonNode body = request.body();
    if (body == null || !body.isObject()) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "request body must be a JSON object such as {\"question\": \"...\"}");
    }
    JsonNode q = body.get("question");
    if (q == null || !q.isTextual()) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "field 'question' is required and must be a string");
    }
    int k = service.topK();
    JsonNode topK = body.get("top_k");
    if (topK != null && !topK.isNull()) {
      if (!topK.canConvertToInt() || !topK.isIntegralNumber()) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST, "field 'top_k' must be an integer between 1 and 50");
      }
      k = topK.intValue();
    }
    try {
      return RagJson.toJson(service.ask(q.textValue(), k));
    } catch (InvalidQuestionException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage());
    } catch (GeneratorException e) {
      ProblemType type =
          e.kind() == GeneratorException.Kind.TIMEOUT
              ? ProblemType.UPSTREAM_TIMEOUT
              : ProblemType.UPSTREAM_FAILURE;
      throw new ProblemException(type, e.getMessage());
    }
  }

  private static JsonNode info(RagService service, KnowledgeBase kb, String retrieverName) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("corpus", kb.corpus());
    o.put("chunks", kb.index().chunkCount());
    o.put("embedder", kb.embedder().name());
    o.put("retriever", retrieverName);
    o.put("generator", service.generatorName());
    o.put("top_k", service.topK());
    o.put("max_question_chars", service.maxQuestionChars());
    return o;
  }

  private static JsonNode chunk(KnowledgeBase kb, JsonEndpoint.Request request) {
    List<String> ids = request.queryParams().get("id");
    if (ids == null || ids.isEmpty() || ids.get(0).isBlank()) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "query parameter 'id' is required");
    }
    String id = ids.get(0);
    Chunk c =
        kb.chunk(id)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND, "no chunk with id '" + shorten(id) + "'"));
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", c.id());
    o.put("text", c.text());
    ObjectNode meta = o.putObject("metadata");
    for (Map.Entry<String, String> e : c.metadata().entrySet()) {
      meta.put(e.getKey(), e.getValue());
    }
    return o;
  }

  private static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
