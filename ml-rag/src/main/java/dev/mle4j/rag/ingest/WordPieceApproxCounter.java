package dev.mle4j.rag.ingest;

import java.util.Objects;

/**
 * A fast approximation of a WordPiece/BPE token count: every run of letters, every run of digits
 * and every other non-space character counts as one token (the matches of {@code
 * \p{L}+|\p{N}+|[^\s\p{L}\p{N}]}). Real sub-word tokenizers split rare words further, so this
 * under-counts English prose by roughly 10-20 %; leave head-room in {@link
 * Chunker.Builder#maxTokens} when a model's limit is strict.
 */
public final class WordPieceApproxCounter implements TokenCounter {

  /** The shared instance (the class is stateless). */
  public static final WordPieceApproxCounter INSTANCE = new WordPieceApproxCounter();

  /** Creates a counter; prefer {@link #INSTANCE}. */
  public WordPieceApproxCounter() {}

  @Override
  public int count(String text) {
    Objects.requireNonNull(text, "text");
    int count = 0;
    int kind = 0; // 0 none, 1 letters, 2 digits
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        if (kind != 1) {
          count++;
          kind = 1;
        }
      } else if (isNumber(cp)) {
        if (kind != 2) {
          count++;
          kind = 2;
        }
      } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        kind = 0;
      } else {
        count++;
        kind = 0;
      }
    }
    return count;
  }

  private static boolean isNumber(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }
}
