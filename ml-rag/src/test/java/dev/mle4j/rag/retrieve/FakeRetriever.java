package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Retriever;
import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A retriever returning a fixed list, recording the k it was asked for. */
final class FakeRetriever implements Retriever {
  final List<ScoredChunk> results;
  final List<Integer> askedK = new ArrayList<>();

  FakeRetriever(List<ScoredChunk> results) {
    this.results = results;
  }

  static ScoredChunk sc(String id, double score) {
    return new ScoredChunk(new Chunk(id, "text of " + id, Map.of("source", id)), score);
  }

  @Override
  public List<ScoredChunk> retrieve(String query, int k) {
    askedK.add(k);
    return results.subList(0, Math.min(k, results.size()));
  }
}
