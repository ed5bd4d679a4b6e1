package dev.mle4j.rag.index;

import dev.mle4j.core.Chunk;
import java.util.List;
import java.util.Map;

/**
 * Where ingestion writes chunks and their vectors, one source document at a time. Replacing a
 * source is atomic for readers that open after {@link #commit()}: they see the old chunks or the
 * new ones, never a mix, so a knowledge base is updated without downtime.
 */
public interface ChunkStore extends AutoCloseable {

  /**
   * The content hash of every indexed source.
   *
   * @return source id to the hash it was indexed with
   */
  Map<String, String> sourceHashes();

  /**
   * Replaces all chunks of a source.
   *
   * @param source the document id
   * @param contentHash the hash of the document's bytes
   * @param chunks its chunks, in order
   * @param vectors one vector per chunk (same order), or {@code null} for a text-only store
   */
  void replaceSource(String source, String contentHash, List<Chunk> chunks, float[][] vectors);

  /**
   * Removes a source and its chunks.
   *
   * @param source the document id
   */
  void deleteSource(String source);

  /** Makes the changes so far durable and visible to new searches. */
  void commit();

  /**
   * Number of chunks (committed).
   *
   * @return the count
   */
  int chunkCount();

  /** Releases the store; uncommitted changes are rolled back. */
  @Override
  void close();
}
