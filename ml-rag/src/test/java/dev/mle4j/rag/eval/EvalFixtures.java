package dev.mle4j.rag.eval;

import dev.mle4j.core.Answer;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test data made in code. */
final class EvalFixtures {

  private EvalFixtures() {}

  static ScoredChunk chunk(String id, String text) {
    String source = id.contains("#") ? id.substring(0, id.lastIndexOf('#')) : id;
    return new ScoredChunk(new Chunk(id, text, Map.of("source", source)), 1.0);
  }

  static ScoredChunk bareChunk(String id) {
    return new ScoredChunk(new Chunk(id, "text of " + id, Map.of()), 1.0);
  }

  static EvalQuestion question(
      String id, QuestionType type, String text, String answer, String... relevant) {
    return new EvalQuestion(id, type, text, answer, List.of(relevant), Map.of(), "");
  }

  static RagSample sample(EvalQuestion q, String answer, ScoredChunk... context) {
    return new RagSample(
        q,
        List.of(context),
        List.of(context),
        new Answer(answer, List.of(), 100, 10, 5.0),
        1.0,
        0.0,
        5.0);
  }

  /** Returns fixed chunk lists per query text. */
  static Retriever fixed(Map<String, List<ScoredChunk>> byQuery) {
    return (query, k) -> {
      List<ScoredChunk> all = byQuery.getOrDefault(query, List.of());
      return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
    };
  }

  /** A deterministic hashed bag-of-words embedder. */
  static final class HashEmbedder implements Embedder {
    @Override
    public float[][] embed(List<String> texts) {
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < texts.size(); i++) {
        float[] v = new float[64];
        for (String t : texts.get(i).toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
          if (!t.isEmpty()) {
            v[Math.floorMod(t.hashCode(), 64)] += 1f;
          }
        }
        out[i] = v;
      }
      return out;
    }

    @Override
    public int dimension() {
      return 64;
    }

    @Override
    public String name() {
      return "hash-bow";
    }
  }
}
