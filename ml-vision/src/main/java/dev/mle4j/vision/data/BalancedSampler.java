package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws an epoch's example order in which every class is equally likely: each draw picks a class
 * uniformly (among classes with examples), then an example of it uniformly, with replacement. The
 * order depends only on the seed and the epoch number.
 */
public final class BalancedSampler {
  private final int[][] byClass;
  private final int size;
  private final long seed;

  /**
   * A sampler over a data set.
   *
   * @param dataset the data set (at least one example)
   * @param seed the seed
   */
  public BalancedSampler(ImageDataset dataset, long seed) {
    List<List<Integer>> lists = new ArrayList<>();
    for (int c = 0; c < dataset.classes().size(); c++) {
      lists.add(new ArrayList<>());
    }
    for (int i = 0; i < dataset.size(); i++) {
      lists.get(dataset.images().get(i).label()).add(i);
    }
    this.byClass =
        lists.stream()
            .filter(l -> !l.isEmpty())
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    if (byClass.length == 0) {
      throw new MlException("cannot sample from the empty data set " + dataset.name());
    }
    this.size = dataset.size();
    this.seed = seed;
  }

  /**
   * An epoch's order with as many draws as the data set has examples.
   *
   * @param epoch the epoch number
   * @return indices into the data set
   */
  public int[] epoch(int epoch) {
    return epoch(epoch, size);
  }

  /**
   * An epoch's order of a given length.
   *
   * @param epoch the epoch number
   * @param length number of draws, at least 0
   * @return indices into the data set
   */
  public int[] epoch(int epoch, int length) {
    if (length < 0) {
      throw new MlException("sample length must be >= 0, got " + length);
    }
    Random random = new Random(StratifiedSplitter.mix(seed, epoch));
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      int[] members = byClass[random.nextInt(byClass.length)];
      out[i] = members[random.nextInt(members.length)];
    }
    return out;
  }
}
