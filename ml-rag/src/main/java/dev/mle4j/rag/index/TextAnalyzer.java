package dev.mle4j.rag.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The text analysis a {@link LuceneIndex} applies to chunk text and to BM25 queries. The choice is
 * stored in the index, so a query is always analysed like the text it searches.
 */
public enum TextAnalyzer {
  /** Lowercase, English stop words, possessive removal, Porter stemming (the default). */
  ENGLISH,
  /** Unicode word segmentation and lowercase only: no stop words, no stemming. */
  STANDARD;

  /**
   * A new Lucene analyzer for this choice.
   *
   * @return the analyzer (the caller closes it)
   */
  Analyzer create() {
    return switch (this) {
      case ENGLISH -> new EnglishAnalyzer();
      case STANDARD -> new StandardAnalyzer();
      default -> throw new IllegalStateException("unknown analyzer " + this);
    };
  }
}
