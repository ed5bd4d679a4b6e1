package dev.mle4j.nlp.text;

import java.util.Arrays;
import java.util.List;

/**
 * Token ids of a batch of texts, padded to the longest text of the batch: the three int64 inputs
 * {@code [batch, tokens]} of a BERT-style encoder.
 *
 * @param ids word-piece ids {@code [batch][tokens]}
 * @param mask 1 for tokens, 0 for padding
 * @param typeIds token types (all 0 for single texts)
 */
public record TokenBatch(long[][] ids, long[][] mask, long[][] typeIds) {

  /**
   * Pads token id sequences to the longest (at least one token; token type 0, as for single texts).
   *
   * @param sequences token ids of each text
   * @return the padded batch
   */
  public static TokenBatch pad(List<long[]> sequences) {
    int len = 1;
    for (long[] s : sequences) {
      len = Math.max(len, s.length);
    }
    int n = sequences.size();
    long[][] ids = new long[n][len];
    long[][] mask = new long[n][len];
    for (int i = 0; i < n; i++) {
      long[] s = sequences.get(i);
      System.arraycopy(s, 0, ids[i], 0, s.length);
      Arrays.fill(mask[i], 0, s.length, 1L);
    }
    return new TokenBatch(ids, mask, new long[n][len]);
  }

  /**
   * Number of texts.
   *
   * @return the batch size
   */
  public int size() {
    return ids.length;
  }

  /**
   * Tokens per text after padding.
   *
   * @return the padded length (0 for an empty batch)
   */
  public int length() {
    return ids.length == 0 ? 0 : ids[0].length;
  }
}
