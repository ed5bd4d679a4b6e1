package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Stratified, seeded splits and subsets of an {@link ImageDataset}. Each class is shuffled on its
 * own (seeded by the seed and the class index) and cut by the fractions, so every part keeps the
 * class proportions; within a part the examples keep the data set's order.
 */
public final class StratifiedSplitter {

  private StratifiedSplitter() {}

  /**
   * Splits into parts by fractions. Per class, part {@code i} gets {@code round(n * f_i)} examples
   * (the last part takes the remainder), so sizes are exact up to rounding per class.
   *
   * @param dataset the data set
   * @param fractions positive shares summing to 1 (within 1e-6); at least 2
   * @param seed shuffling seed
   * @return one data set per fraction, named {@code <name>-part<i>}
   * @throws MlException on bad fractions
   */
  public static List<ImageDataset> split(ImageDataset dataset, double[] fractions, long seed) {
    if (fractions == null || fractions.length < 2) {
      throw new MlException("a split needs at least 2 fractions");
    }
    double sum = 0;
    for (double f : fractions) {
      if (!(f > 0 && f < 1)) {
        throw new MlException(
            "split fractions must be in (0, 1), got " + Arrays.toString(fractions));
      }
      sum += f;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new MlException("split fractions must sum to 1, got " + Arrays.toString(fractions));
    }
    List<List<Integer>> byClass = byClass(dataset);
    List<List<Integer>> parts = new ArrayList<>();
    for (int i = 0; i < fractions.length; i++) {
      parts.add(new ArrayList<>());
    }
    for (int c = 0; c < byClass.size(); c++) {
      List<Integer> idx = new ArrayList<>(byClass.get(c));
      Collections.shuffle(idx, new Random(mix(seed, c)));
      int start = 0;
      double cumulative = 0;
      for (int p = 0; p < fractions.length; p++) {
        cumulative += fractions[p];
        int end =
            p == fractions.length - 1 ? idx.size() : (int) Math.round(idx.size() * cumulative);
        end = Math.max(start, Math.min(idx.size(), end));
        parts.get(p).addAll(idx.subList(start, end));
        start = end;
      }
    }
    List<ImageDataset> out = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      out.add(select(dataset, dataset.name() + "-part" + p, parts.get(p)));
    }
    return out;
  }

  /**
   * Splits into train, validation and test parts.
   *
   * @param dataset the data set
   * @param validationFraction share for validation, in (0, 1)
   * @param testFraction share for test, in (0, 1)
   * @param seed shuffling seed
   * @return the split, parts named {@code <name>-train}, {@code -validation}, {@code -test}
   */
  public static DatasetSplit trainValidationTest(
      ImageDataset dataset, double validationFraction, double testFraction, long seed) {
    List<ImageDataset> parts =
        split(
            dataset,
            new double[] {1 - validationFraction - testFraction, validationFraction, testFraction},
            seed);
    return new DatasetSplit(
        rename(parts.get(0), dataset.name() + "-train"),
        rename(parts.get(1), dataset.name() + "-validation"),
        rename(parts.get(2), dataset.name() + "-test"));
  }

  /**
   * Keeps only some classes and renumbers their labels {@code 0..k-1} in the given order, e.g.
   * classes {@code [5, 6, 7, 8, 9]} of Fashion-MNIST for transfer experiments.
   *
   * @param dataset the data set
   * @param classIndices the classes to keep, distinct, at least one
   * @return a data set named {@code <name>-classes<i,j,..>} with the kept class names
   * @throws MlException on an unknown or repeated class index
   */
  public static ImageDataset subsetClasses(ImageDataset dataset, List<Integer> classIndices) {
    if (classIndices == null || classIndices.isEmpty()) {
      throw new MlException("subsetClasses needs at least one class index");
    }
    int[] remap = new int[dataset.classes().size()];
    Arrays.fill(remap, -1);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classIndices.size(); i++) {
      int c = classIndices.get(i);
      if (c < 0 || c >= remap.length) {
        throw new MlException(
            "class index "
                + c
                + " is out of range: "
                + dataset.name()
                + " has "
                + remap.length
                + " classes");
      }
      if (remap[c] >= 0) {
        throw new MlException("class index " + c + " is listed twice");
      }
      remap[c] = i;
      names.add(dataset.classes().get(c));
    }
    List<LabeledImage> kept = new ArrayList<>();
    for (LabeledImage image : dataset.images()) {
      int to = remap[image.label()];
      if (to >= 0) {
        kept.add(new LabeledImage(image.id(), to, image.source()));
      }
    }
    String suffix = String.join(",", classIndices.stream().map(String::valueOf).toList());
    return new ImageDataset(dataset.name() + "-classes" + suffix, names, kept);
  }

  /**
   * A few-label subset: {@code perClass} randomly chosen examples of every class (seeded).
   *
   * @param dataset the data set
   * @param perClass examples per class, at least 1
   * @param seed sampling seed
   * @return a data set named {@code <name>-<perClass>per-class}, in the data set's order
   * @throws MlException if a class has fewer than {@code perClass} examples
   */
  public static ImageDataset fewPerClass(ImageDataset dataset, int perClass, long seed) {
    if (perClass < 1) {
      throw new MlException("fewPerClass needs at least 1 example per class, got " + perClass);
    }
    List<List<Integer>> byClass = byClass(dataset);
    List<Integer> chosen = new ArrayList<>();
    for (int c = 0; c < byClass.size(); c++) {
      List<Integer> idx = new ArrayList<>(byClass.get(c));
      if (idx.size() < perClass) {
        throw new MlException(
            "class '"
                + dataset.classes().get(c)
                + "' of "
                + dataset.name()
                + " has "
                + idx.size()
                + " examples, fewer than the "
                + perClass
                + " requested");
      }
      Collections.shuffle(idx, new Random(mix(seed, c)));
      chosen.addAll(idx.subList(0, perClass));
    }
    return select(dataset, dataset.name() + "-" + perClass + "per-class", chosen);
  }

  private static List<List<Integer>> byClass(ImageDataset dataset) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < dataset.classes().size(); c++) {
      byClass.add(new ArrayList<>());
    }
    List<LabeledImage> images = dataset.images();
    for (int i = 0; i < images.size(); i++) {
      byClass.get(images.get(i).label()).add(i);
    }
    return byClass;
  }

  private static ImageDataset select(ImageDataset dataset, String name, List<Integer> indices) {
    int[] sorted = indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    List<LabeledImage> out = new ArrayList<>(sorted.length);
    for (int i : sorted) {
      out.add(dataset.images().get(i));
    }
    return dataset.with(name, out);
  }

  private static ImageDataset rename(ImageDataset dataset, String name) {
    return dataset.with(name, dataset.images());
  }

  static long mix(long seed, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
