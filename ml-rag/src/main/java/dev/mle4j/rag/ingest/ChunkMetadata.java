package dev.mle4j.rag.ingest;

/**
 * Metadata keys every chunk ({@link dev.mle4j.core.Chunk#metadata()}) carries. A chunk's id is
 * {@code <source>#<index>}.
 */
public final class ChunkMetadata {
  /** The document id ({@link Document#source()}). */
  public static final String SOURCE = "source";

  /** The document title. */
  public static final String TITLE = "title";

  /** The heading path of the section the chunk starts in, joined with {@code " > "}. */
  public static final String SECTION = "section";

  /** The document's date ({@code yyyy-MM-dd}) or empty. */
  public static final String DATE = "date";

  /** The chunk's position in its document, from 0. */
  public static final String INDEX = "chunk_index";

  /** The chunk's size in tokens as the chunker counted them. */
  public static final String TOKENS = "tokens";

  /** The SHA-256 of the document file the chunk came from. */
  public static final String DOC_HASH = "doc_hash";

  private ChunkMetadata() {}

  /**
   * The chunk id for a document and position.
   *
   * @param source the document id
   * @param index the position
   * @return {@code source#index}
   */
  public static String chunkId(String source, int index) {
    return source + "#" + index;
  }

  /**
   * The document id of a chunk id (the part before the last {@code #}).
   *
   * @param chunkId a chunk id
   * @return its source
   */
  public static String sourceOf(String chunkId) {
    int hash = chunkId.lastIndexOf('#');
    return hash < 0 ? chunkId : chunkId.substring(0, hash);
  }
}
