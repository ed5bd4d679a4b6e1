package dev.mle4j.rag.ingest;

/** Receives progress from {@link Ingestor}; called on the ingesting thread. */
@FunctionalInterface
public interface IngestListener {

  /** What happened to a document. */
  enum Outcome {
    /** Indexed for the first time. */
    ADDED,
    /** Re-indexed because its content changed. */
    UPDATED,
    /** Skipped because its content hash matched. */
    UNCHANGED,
    /** Could not be loaded. */
    FAILED,
    /** Removed because its file is gone. */
    DELETED
  }

  /**
   * Called after each document.
   *
   * @param done documents handled so far (1-based)
   * @param total documents to handle in this run
   * @param source the document's source id
   * @param outcome what happened
   */
  void onDocument(int done, int total, String source, Outcome outcome);

  /**
   * A listener that ignores progress.
   *
   * @return the no-op listener
   */
  static IngestListener none() {
    return (done, total, source, outcome) -> {};
  }
}
