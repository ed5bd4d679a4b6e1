package dev.mle4j.rag.ingest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded source document, cleaned and split into sections.
 *
 * @param source the document's id: its path relative to the ingested folder, with {@code /}
 * @param title the document title (from the file's title, first heading or file name)
 * @param sections the sections in reading order
 * @param date last-modified date of the file, ISO-8601 ({@code yyyy-MM-dd}), or empty
 * @param contentHash SHA-256 (hex) of the file's bytes, used for incremental re-ingest
 * @param metadata further loader-specific metadata (for example {@code pages} for a PDF)
 */
public record Document(
    String source,
    String title,
    List<Section> sections,
    String date,
    String contentHash,
    Map<String, String> metadata) {

  /** Validates and copies. */
  public Document {
    Objects.requireNonNull(source, "source");
    title = title == null ? "" : title;
    sections = sections == null ? List.of() : List.copyOf(sections);
    date = date == null ? "" : date;
    contentHash = contentHash == null ? "" : contentHash;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * All section texts joined with blank lines.
   *
   * @return the document text
   */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Section s : sections) {
      if (!sb.isEmpty()) {
        sb.append("\n\n");
      }
      sb.append(s.text());
    }
    return sb.toString();
  }
}
