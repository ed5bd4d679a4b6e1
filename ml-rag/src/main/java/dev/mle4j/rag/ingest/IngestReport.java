package dev.mle4j.rag.ingest;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link Ingestor#ingest} run did.
 *
 * @param added new documents indexed
 * @param updated changed documents re-indexed
 * @param unchanged documents skipped because their content hash matched the store
 * @param deleted sources removed from the store because their file is gone
 * @param failed documents that could not be loaded, with the reason (the run went on)
 * @param skipped files of unsupported types found while walking the folder (source ids)
 * @param chunksWritten chunks written for added and updated documents
 * @param tokens tokens in those chunks
 * @param seconds wall time of the run
 * @param embedSeconds time spent in the embedder
 */
public record IngestReport(
    int added,
    int updated,
    int unchanged,
    int deleted,
    List<Failure> failed,
    List<String> skipped,
    int chunksWritten,
    long tokens,
    double seconds,
    double embedSeconds) {

  /** Validates and copies. */
  public IngestReport {
    failed = List.copyOf(failed);
    skipped = List.copyOf(skipped);
  }

  /**
   * A document that failed to load.
   *
   * @param source its source id
   * @param reason the error message
   */
  public record Failure(String source, String reason) {
    /** Validates. */
    public Failure {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Documents seen (indexed, unchanged or failed), not counting skipped files.
   *
   * @return the count
   */
  public int documents() {
    return added + updated + unchanged + failed.size();
  }

  /**
   * A one-line summary for logs and CLIs.
   *
   * @return for example {@code "12 added, 0 updated, 3 unchanged, 1 deleted, 0 failed, 2 skipped;
   *     140 chunks, 51234 tokens in 3.2 s (embedding 2.9 s)"}
   */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%d added, %d updated, %d unchanged, %d deleted, %d failed, %d skipped; %d chunks,"
            + " %d tokens in %.1f s (embedding %.1f s)",
        added,
        updated,
        unchanged,
        deleted,
        failed.size(),
        skipped.size(),
        chunksWritten,
        tokens,
        seconds,
        embedSeconds);
  }
}
