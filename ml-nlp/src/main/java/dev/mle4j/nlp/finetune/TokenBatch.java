package dev.mle4j.nlp.finetune;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Token ids of a batch of texts, padded to the longest text of the batch.
 *
 * @param ids word-piece ids {@code [batch][tokens]}
 * @param mask 1 for tokens, 0 for padding
 * @param typeIds token types (all 0 for single texts)
 */
record TokenBatch(long[][] ids, long[][] mask, long[][] typeIds) {

  /** Pads token id sequences to the longest (token type 0, as for single texts). */
  static TokenBatch pad(java.util.List<long[]> sequences) {
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
      java.util.Arrays.fill(mask[i], 0, s.length, 1L);
    }
    return new TokenBatch(ids, mask, new long[n][len]);
  }

  int size() {
    return ids.length;
  }

  int length() {
    return ids.length == 0 ? 0 : ids[0].length;
  }

  /** The three int64 arrays {@code [batch, tokens]} in {@code manager}. */
  NDList toNDList(NDManager manager) {
    return new NDList(manager.create(ids), manager.create(mask), manager.create(typeIds));
  }
}
