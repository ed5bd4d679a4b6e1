package dev.mle4j.rag.index;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test data for index and retrieval tests: a hashed bag-of-words embedder and a small corpus. */
public final class IndexTestSupport {

  /** Embedder name recorded in test indexes. */
  public static final String EMBEDDER = "hash-bow-64";

  /** Test vector dimension. */
  public static final int DIM = 64;

  private IndexTestSupport() {}

  /** A deterministic embedder: hashed bag of lowercase words, L2-normalised. */
  public static final class HashEmbedder implements Embedder {
    private final int dim;

    /**
     * Creates it.
     *
     * @param dim vector size
     */
    public HashEmbedder(int dim) {
      this.dim = dim;
    }

    @Override
    public float[][] embed(List<String> texts) {
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < texts.size(); i++) {
        out[i] = vector(texts.get(i));
      }
      return out;
    }

    private float[] vector(String text) {
      float[] v = new float[dim];
      for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (w.isEmpty()) {
          continue;
        }
        int h = w.hashCode();
        v[Math.floorMod(h, dim)] += ((h >>> 16) & 1) == 0 ? 1f : -1f;
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      if (n == 0) {
        v[0] = 1;
        return v;
      }
      for (int i = 0; i < dim; i++) {
        v[i] /= (float) Math.sqrt(n);
      }
      return v;
    }

    @Override
    public int dimension() {
      return dim;
    }

    @Override
    public String name() {
      return EMBEDDER;
    }
  }

  /** The corpus: 10 sources of 3 chunks each (30 chunks), topic words distinct per source. */
  public static final List<String> TOPICS =
      List.of(
          "vacuum reclaims storage occupied by dead tuples",
          "create table defines a new table with columns and constraints",
          "create index builds an index on the specified columns of a relation",
          "foreign key constraints maintain referential integrity between tables",
          "the planner estimates costs and chooses a query plan",
          "write ahead logging guarantees durability after a crash",
          "backup with pg_dump writes a consistent snapshot of a database",
          "replication streams changes from a primary server to standbys",
          "triggers run a function when rows are inserted updated or deleted",
          "json and jsonb types store documents with operators for querying them");

  /**
   * Chunks of one source.
   *
   * @param s source number
   * @return its three chunks
   */
  public static List<Chunk> chunks(int s) {
    String source = source(s);
    List<Chunk> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String text =
          switch (i) {
            case 0 -> TOPICS.get(s) + ".";
            case 1 -> "Details about " + TOPICS.get(s) + " and related settings.";
            default -> "Examples " + i + " for section " + s + ": see the reference manual page.";
          };
      out.add(chunk(source, i, text, "Title " + s, "Section " + s + " > Part " + i));
    }
    return out;
  }

  /**
   * A chunk with standard metadata.
   *
   * @param source the source
   * @param i index
   * @param text text
   * @param title title
   * @param section section path
   * @return the chunk
   */
  public static Chunk chunk(String source, int i, String text, String title, String section) {
    return new Chunk(
        ChunkMetadata.chunkId(source, i),
        text,
        Map.of(
            ChunkMetadata.SOURCE, source,
            ChunkMetadata.TITLE, title,
            ChunkMetadata.SECTION, section,
            ChunkMetadata.INDEX, Integer.toString(i)));
  }

  /**
   * The source id of source number s.
   *
   * @param s number
   * @return e.g. {@code doc3.html}
   */
  public static String source(int s) {
    return "doc" + s + ".html";
  }

  /**
   * Embeds chunks' texts.
   *
   * @param e embedder
   * @param chunks chunks
   * @return vectors
   */
  public static float[][] vectors(Embedder e, List<Chunk> chunks) {
    return e.embed(chunks.stream().map(Chunk::text).toList());
  }

  /**
   * Creates and fills an index with the 30-chunk corpus, committed.
   *
   * @param dir index directory
   * @return the open index
   */
  public static LuceneIndex corpusIndex(Path dir) {
    HashEmbedder e = new HashEmbedder(DIM);
    LuceneIndex index = LuceneIndex.builder(dir).dimension(DIM).embedderName(EMBEDDER).build();
    for (int s = 0; s < TOPICS.size(); s++) {
      List<Chunk> c = chunks(s);
      index.replaceSource(source(s), "hash" + s, c, vectors(e, c));
    }
    index.commit();
    return index;
  }
}
