package dev.mle4j.vision.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.Charts;
import dev.mle4j.vision.PixelImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Exploratory profile of an image data set: class distribution and imbalance, and image size and
 * channel statistics over a seeded sample of at most {@code maxSamples} images (all when smaller).
 * {@link #writeCharts(Path)} draws {@code class_distribution.png} and {@code sample_grid.png};
 * {@link #toMap()} gives the numbers for {@code metrics.json}.
 */
public final class DatasetProfile {

  /** Images decoded for the size statistics by {@link #of(ImageDataset)}. */
  public static final int DEFAULT_MAX_SAMPLES = 500;

  /** Images per class in the sample grid. */
  public static final int GRID_PER_CLASS = 4;

  private final ImageDataset dataset;
  private final long seed;
  private final int[] counts;
  private final int sampled;
  private final int[] widths;
  private final int[] heights;
  private final Map<Integer, Integer> channelCounts;

  private DatasetProfile(
      ImageDataset dataset,
      long seed,
      int[] widths,
      int[] heights,
      Map<Integer, Integer> channels) {
    this.dataset = dataset;
    this.seed = seed;
    this.counts = dataset.classCounts();
    this.sampled = widths.length;
    this.widths = widths;
    this.heights = heights;
    this.channelCounts = Collections.unmodifiableMap(channels);
  }

  /**
   * Profiles a data set with {@value #DEFAULT_MAX_SAMPLES} sampled images and seed 0.
   *
   * @param dataset the data set
   * @return the profile
   */
  public static DatasetProfile of(ImageDataset dataset) {
    return of(dataset, DEFAULT_MAX_SAMPLES, 0);
  }

  /**
   * Profiles a data set, decoding at most {@code maxSamples} images chosen with {@code seed}.
   *
   * @param dataset the data set, at least one image
   * @param maxSamples images decoded for the size statistics, at least 1
   * @param seed sampling seed (also used for the sample grid)
   * @return the profile
   * @throws MlException if the data set is empty or a sampled image cannot be decoded
   */
  public static DatasetProfile of(ImageDataset dataset, int maxSamples, long seed) {
    if (dataset.size() == 0) {
      throw new MlException("cannot profile the empty data set " + dataset.name());
    }
    if (maxSamples < 1) {
      throw new MlException("maxSamples must be >= 1, got " + maxSamples);
    }
    List<Integer> idx = new ArrayList<>(dataset.size());
    for (int i = 0; i < dataset.size(); i++) {
      idx.add(i);
    }
    if (dataset.size() > maxSamples) {
      Collections.shuffle(idx, new Random(seed));
    }
    int n = Math.min(maxSamples, dataset.size());
    int[] widths = new int[n];
    int[] heights = new int[n];
    Map<Integer, Integer> channels = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      PixelImage image = dataset.images().get(idx.get(i)).source().load();
      widths[i] = image.width();
      heights[i] = image.height();
      channels.merge(image.channels(), 1, Integer::sum);
    }
    Arrays.sort(widths);
    Arrays.sort(heights);
    return new DatasetProfile(dataset, seed, widths, heights, channels);
  }

  /**
   * Examples per class, index = label.
   *
   * @return a copy of the counts
   */
  public int[] classCounts() {
    return counts.clone();
  }

  /**
   * Largest class count divided by the smallest (1 = balanced; infinite when a class is empty).
   *
   * @return the ratio
   */
  public double imbalanceRatio() {
    int max = Arrays.stream(counts).max().orElse(0);
    int min = Arrays.stream(counts).min().orElse(0);
    return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
  }

  /**
   * Number of images decoded for the size statistics.
   *
   * @return the sample size
   */
  public int sampled() {
    return sampled;
  }

  /**
   * Minimum, median and maximum width of the sampled images.
   *
   * @return three values
   */
  public int[] widthStats() {
    return stats(widths);
  }

  /**
   * Minimum, median and maximum height of the sampled images.
   *
   * @return three values
   */
  public int[] heightStats() {
    return stats(heights);
  }

  /**
   * How many sampled images have each channel count.
   *
   * @return channel count to number of images
   */
  public Map<Integer, Integer> channelCounts() {
    return channelCounts;
  }

  private static int[] stats(int[] sorted) {
    int n = sorted.length;
    int median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new int[] {sorted[0], median, sorted[n - 1]};
  }

  /**
   * The numbers as a flat, ordered map with snake_case keys for {@code metrics.json}.
   *
   * @return the map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset.name());
    m.put("images", dataset.size());
    m.put("classes", dataset.classes().size());
    Map<String, Integer> perClass = new LinkedHashMap<>();
    for (int c = 0; c < counts.length; c++) {
      perClass.put(dataset.classes().get(c), counts[c]);
    }
    m.put("class_counts", perClass);
    double ratio = imbalanceRatio();
    m.put("imbalance_ratio", Double.isFinite(ratio) ? ratio : null);
    m.put("sampled_images", sampled);
    int[] w = widthStats();
    int[] h = heightStats();
    m.put("width_min", w[0]);
    m.put("width_median", w[1]);
    m.put("width_max", w[2]);
    m.put("height_min", h[0]);
    m.put("height_median", h[1]);
    m.put("height_max", h[2]);
    Map<String, Integer> ch = new LinkedHashMap<>();
    channelCounts.forEach((k, v) -> ch.put(String.valueOf(k), v));
    m.put("channel_counts", ch);
    return m;
  }

  /**
   * Writes {@code class_distribution.png} (bars of examples per class) and {@code sample_grid.png}
   * (up to {@value #GRID_PER_CLASS} seeded images per class, one row per class, class name on the
   * left).
   *
   * @param dir the folder (created if needed)
   * @throws MlException if a file cannot be written or an image decoded
   */
  public void writeCharts(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("cannot create chart folder " + dir + ": " + e.getMessage(), e);
    }
    double[] values = Arrays.stream(counts).asDoubleStream().toArray();
    Charts.bars(
        dir.resolve("class_distribution.png"),
        "Class distribution: " + dataset.name(),
        dataset.classes(),
        Map.of("images", values));
    writeSampleGrid(dir.resolve("sample_grid.png"));
  }

  private void writeSampleGrid(Path png) {
    int cell = 96;
    int gap = 4;
    int labelWidth = 140;
    int k = dataset.classes().size();
    List<List<LabeledImage>> picks = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      picks.add(new ArrayList<>());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < dataset.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    for (int i : order) {
      LabeledImage image = dataset.images().get(i);
      List<LabeledImage> row = picks.get(image.label());
      if (row.size() < GRID_PER_CLASS) {
        row.add(image);
      }
    }
    int width = labelWidth + GRID_PER_CLASS * (cell + gap) + gap;
    int height = k * (cell + gap) + gap;
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      FontMetrics fm = g.getFontMetrics();
      for (int c = 0; c < k; c++) {
        int y = gap + c * (cell + gap);
        g.setColor(Color.BLACK);
        g.drawString(
            fit(dataset.classes().get(c), fm, labelWidth - 8),
            4,
            y + cell / 2 + fm.getAscent() / 2);
        List<LabeledImage> row = picks.get(c);
        for (int j = 0; j < row.size(); j++) {
          PixelImage image = row.get(j).source().load();
          double s = Math.min((double) cell / image.width(), (double) cell / image.height());
          int w = Math.max(1, (int) Math.round(image.width() * s));
          int h = Math.max(1, (int) Math.round(image.height() * s));
          int x = labelWidth + gap + j * (cell + gap) + (cell - w) / 2;
          g.drawImage(image.toBufferedImage(), x, y + (cell - h) / 2, w, h, null);
        }
      }
    } finally {
      g.dispose();
    }
    try {
      if (!ImageIO.write(canvas, "png", png.toFile())) {
        throw new MlException("no PNG writer available for " + png);
      }
    } catch (IOException e) {
      throw new MlException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }

  private static String fit(String text, FontMetrics fm, int width) {
    if (fm.stringWidth(text) <= width) {
      return text;
    }
    String s = text;
    while (s.length() > 1 && fm.stringWidth(s + "...") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "...";
  }
}
