package dev.mle4j.nlp.rnn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Builds the right-padded input arrays of an {@link RnnTextBlock} for one batch. */
final class Batches {
  private Batches() {}

  /**
   * The block inputs for sequences of token ids.
   *
   * @param manager where the arrays live
   * @param sequences one non-empty id array per text
   * @param bidirectional also build the reversed ids
   * @return ids, mask, last-token one-hot and (bidirectional) reversed ids
   */
  static NDList inputs(NDManager manager, List<int[]> sequences, boolean bidirectional) {
    int batch = sequences.size();
    int time = 1;
    for (int[] s : sequences) {
      time = Math.max(time, s.length);
    }
    long[] ids = new long[batch * time];
    long[] reversed = bidirectional ? new long[batch * time] : null;
    float[] mask = new float[batch * time];
    float[] last = new float[batch * time];
    for (int b = 0; b < batch; b++) {
      int[] s = sequences.get(b);
      int base = b * time;
      for (int t = 0; t < s.length; t++) {
        ids[base + t] = s[t];
        mask[base + t] = 1f;
        if (reversed != null) {
          reversed[base + t] = s[s.length - 1 - t];
        }
      }
      last[base + s.length - 1] = 1f;
    }
    Shape shape = new Shape(batch, time);
    NDList list =
        new NDList(
            manager.create(ids, shape), manager.create(mask, shape), manager.create(last, shape));
    if (reversed != null) {
      list.add(manager.create(reversed, shape));
    }
    return list;
  }

  /** Shapes to initialise a block with. */
  static Shape[] shapes(boolean bidirectional) {
    Shape s = new Shape(2, 4);
    return bidirectional ? new Shape[] {s, s, s, s} : new Shape[] {s, s, s};
  }
}
