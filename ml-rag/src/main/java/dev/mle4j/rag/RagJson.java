package dev.mle4j.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON shape of a {@link RagResponse}, shared by the HTTP endpoint and the CLI. */
public final class RagJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RagJson() {}

  /**
   * Converts a response: {@code question, answer, citations[{number, id, source, title, section,
   * snippet, score}], retrieved_ids, latency_ms, retrieve_ms, generate_ms, tokens{prompt,
   * completion, total}, cost_usd, generator}.
   *
   * @param r the response
   * @return the JSON object
   */
  public static ObjectNode toJson(RagResponse r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("question", r.question());
    o.put("answer", r.answer());
    ArrayNode citations = o.putArray("citations");
    for (Citation c : r.citations()) {
      ObjectNode n = citations.addObject();
      n.put("number", c.number());
      n.put("id", c.chunkId());
      n.put("source", c.source());
      n.put("title", c.title());
      n.put("section", c.section());
      n.put("snippet", c.snippet());
      n.put("score", c.score());
    }
    ArrayNode ids = o.putArray("retrieved_ids");
    r.retrievedIds().forEach(ids::add);
    o.put("latency_ms", r.latencyMs());
    o.put("retrieve_ms", r.retrieveMs());
    o.put("generate_ms", r.generateMs());
    ObjectNode tokens = o.putObject("tokens");
    tokens.put("prompt", r.promptTokens());
    tokens.put("completion", r.completionTokens());
    tokens.put("total", r.promptTokens() + r.completionTokens());
    o.put("cost_usd", r.costUsd());
    o.put("generator", r.generator());
    return o;
  }
}
