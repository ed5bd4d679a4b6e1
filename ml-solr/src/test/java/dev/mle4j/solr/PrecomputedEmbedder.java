package dev.mle4j.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query vectors computed once by the real embedder (one query at a time, as DenseRetriever does)
 * and replayed, so the Lucene and Solr backends see identical query vectors.
 */
final class PrecomputedEmbedder implements Embedder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final int dimension;
  private final Map<String, float[]> vectors;

  PrecomputedEmbedder(String name, int dimension, Map<String, float[]> vectors) {
    this.name = name;
    this.dimension = dimension;
    this.vectors = Map.copyOf(vectors);
  }

  static PrecomputedEmbedder record(Embedder real, List<String> queries) {
    Map<String, float[]> v = new LinkedHashMap<>();
    for (String q : queries) {
      v.put(q, real.embedQueries(List.of(q))[0]);
    }
    return new PrecomputedEmbedder(real.name(), real.dimension(), v);
  }

  void save(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", name);
    root.put("dimension", dimension);
    ObjectNode qs = root.putObject("queries");
    vectors.forEach(
        (q, v) -> {
          ArrayNode a = qs.putArray(q);
          for (float x : v) {
            a.add(x);
          }
        });
    JSON.writeValue(file.toFile(), root);
  }

  static PrecomputedEmbedder load(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    Map<String, float[]> v = new LinkedHashMap<>();
    root.get("queries")
        .fields()
        .forEachRemaining(
            e -> {
              float[] f = new float[e.getValue().size()];
              for (int i = 0; i < f.length; i++) {
                f[i] = (float) e.getValue().get(i).asDouble();
              }
              v.put(e.getKey(), f);
            });
    return new PrecomputedEmbedder(root.get("name").asText(), root.get("dimension").asInt(), v);
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] v = vectors.get(texts.get(i));
      if (v == null) {
        throw new MlException("no precomputed vector for '" + texts.get(i) + "'");
      }
      out[i] = v.clone();
    }
    return out;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String name() {
    return name;
  }
}
