package dev.mle4j.core;

import java.util.Map;
import java.util.Objects;

/**
 * A piece of a document that retrieval returns.
 *
 * @param id stable chunk id
 * @param text the text
 * @param metadata source, title, section path and other metadata
 */
public record Chunk(String id, String text, Map<String, String> metadata) {
  /** Validates and copies. */
  public Chunk {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
