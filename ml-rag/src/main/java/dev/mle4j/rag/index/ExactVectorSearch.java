package dev.mle4j.rag.index;

import dev.mle4j.core.ScoredChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.apache.lucene.util.VectorUtil;

/**
 * Brute-force nearest neighbours over every vector stored in a {@link LuceneIndex}: the exact
 * answer HNSW approximates. Cost is one dot product per stored vector, so use it for evaluation and
 * small indexes.
 */
public final class ExactVectorSearch {

  private final LuceneIndex index;

  /**
   * Creates the search.
   *
   * @param index the index to scan
   */
  public ExactVectorSearch(LuceneIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  /**
   * The exact top-k chunks by cosine similarity; ties keep index order.
   *
   * @param query a vector of the index's dimension (normalised here)
   * @param k how many chunks at most
   * @return chunks, best first, scored by cosine similarity
   */
  public List<ScoredChunk> search(float[] query, int k) {
    List<String> ids = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (Hit h : topK(query, k)) {
      ids.add(h.id);
      scores.add(h.score);
    }
    List<ScoredChunk> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      double score = scores.get(i);
      index.get(id).ifPresent(c -> out.add(new ScoredChunk(c, score)));
    }
    return out;
  }

  /**
   * The ids of the exact top-k chunks, best first (cheaper than {@link #search}: no stored fields
   * beyond the id are read).
   *
   * @param query a vector of the index's dimension
   * @param k how many at most
   * @return chunk ids, best first
   */
  public List<String> searchIds(float[] query, int k) {
    List<String> out = new ArrayList<>();
    for (Hit h : topK(query, k)) {
      out.add(h.id);
    }
    return out;
  }

  private record Hit(String id, double score, long order) {}

  private List<Hit> topK(float[] query, int k) {
    LuceneIndex.requireK(k);
    float[] q = index.queryVector(query);
    Comparator<Hit> worstFirst =
        Comparator.comparingDouble(Hit::score).thenComparing(Hit::order, Comparator.reverseOrder());
    PriorityQueue<Hit> heap = new PriorityQueue<>(k + 1, worstFirst);
    long[] counter = {0};
    index.forEachVector(
        (id, v) -> {
          double s = VectorUtil.dotProduct(q, v);
          Hit h = new Hit(id, s, counter[0]++);
          if (heap.size() < k) {
            heap.add(h);
          } else if (worstFirst.compare(h, heap.peek()) > 0) {
            heap.poll();
            heap.add(h);
          }
        });
    List<Hit> out = new ArrayList<>(heap);
    out.sort(worstFirst.reversed());
    return out;
  }
}
