package dev.mle4j.rag.ingest;

import java.nio.file.Path;

/** Reads one kind of file into a {@link Document}. */
public interface DocumentLoader {

  /**
   * Whether this loader reads the file (by its name's extension).
   *
   * @param file a file path
   * @return true if {@link #load} accepts it
   */
  boolean supports(Path file);

  /**
   * Reads and cleans a file.
   *
   * @param file the file
   * @param sourceId the document id to give it (for example its path relative to the ingested
   *     folder)
   * @return the document, with content hash (SHA-256 of the bytes) and last-modified date
   * @throws DocumentLoadException if the file cannot be read or decoded
   */
  Document load(Path file, String sourceId);
}
