package dev.mle4j.vision.eval;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Inference latency of a classifier measured with a plain {@link System#nanoTime()} loop: each run
 * classifies one batch of images end to end (preparing, encoding, forward pass, softmax). These are
 * the {@code p50_ms}, {@code p99_ms} and {@code throughput_per_s} numbers of {@code metrics.json};
 * JMH benchmarks give the careful ones.
 *
 * @param batchSize images per run
 * @param runs number of timed runs
 * @param p50Ms median milliseconds per batch
 * @param p99Ms 99th percentile milliseconds per batch (nearest rank)
 * @param throughputPerSecond images per second over all timed runs
 */
public record Latency(
    int batchSize, int runs, double p50Ms, double p99Ms, double throughputPerSecond) {

  /**
   * Measures: {@code warmup} untimed runs, then {@code runs} timed ones. Run {@code i} classifies
   * {@code batchSize} images taken from {@code images} in a cycle starting at {@code i *
   * batchSize}.
   *
   * @param classifier the classifier
   * @param images the images to cycle through, at least one
   * @param batchSize images per run, at least 1
   * @param warmup untimed runs first, at least 0
   * @param runs timed runs, at least 1
   * @return the measurement
   * @throws MlException on no images or bad counts
   */
  public static Latency measure(
      ImageClassifier classifier, List<PixelImage> images, int batchSize, int warmup, int runs) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(images, "images");
    if (images.isEmpty()) {
      throw new MlException("latency needs at least one image");
    }
    if (batchSize < 1 || warmup < 0 || runs < 1) {
      throw new MlException(
          "latency needs batch size >= 1, warmup >= 0 and runs >= 1, got "
              + batchSize
              + ", "
              + warmup
              + ", "
              + runs);
    }
    for (int i = 0; i < warmup; i++) {
      classifier.probabilities(batch(images, i, batchSize));
    }
    double[] ms = new double[runs];
    long total = 0;
    for (int i = 0; i < runs; i++) {
      List<PixelImage> batch = batch(images, warmup + i, batchSize);
      long start = System.nanoTime();
      classifier.probabilities(batch);
      long elapsed = System.nanoTime() - start;
      total += elapsed;
      ms[i] = elapsed / 1e6;
    }
    Arrays.sort(ms);
    double throughput = total == 0 ? 0 : (double) runs * batchSize / (total / 1e9);
    return new Latency(batchSize, runs, percentile(ms, 0.50), percentile(ms, 0.99), throughput);
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static List<PixelImage> batch(List<PixelImage> images, int run, int batchSize) {
    List<PixelImage> out = new ArrayList<>(batchSize);
    long start = (long) run * batchSize;
    for (int j = 0; j < batchSize; j++) {
      out.add(images.get((int) ((start + j) % images.size())));
    }
    return out;
  }

  /**
   * The numbers with the snake_case names of {@code metrics.json}: {@code p50_ms}, {@code p99_ms},
   * {@code throughput_per_s}.
   *
   * @return an ordered map
   */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("p50_ms", p50Ms);
    m.put("p99_ms", p99Ms);
    m.put("throughput_per_s", throughputPerSecond);
    return m;
  }
}
