package dev.mle4j.rag.ingest;

import java.util.List;
import java.util.Objects;

/**
 * A piece of a document under one heading path, the unit chunking never crosses without need.
 *
 * @param path heading titles from the document's top level down to this section (empty for text
 *     before the first heading)
 * @param text the section's cleaned text; paragraphs separated by a blank line
 */
public record Section(List<String> path, String text) {

  /** Validates and copies. */
  public Section {
    path = path == null ? List.of() : List.copyOf(path);
    Objects.requireNonNull(text, "text");
  }

  /**
   * The heading path joined with {@code " > "}.
   *
   * @return for example {@code "CREATE TABLE > Parameters"}
   */
  public String pathString() {
    return String.join(" > ", path);
  }
}
