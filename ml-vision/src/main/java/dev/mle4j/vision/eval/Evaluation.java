package dev.mle4j.vision.eval;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import dev.mle4j.vision.data.ImageDataset;
import dev.mle4j.vision.data.LabeledImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a classifier over a labelled image data set in batches and computes its predictions and
 * metrics. Images are decoded one batch at a time, so data sets larger than memory work. Data sets
 * of {@value #PROGRESS_MIN_IMAGES} images or more log their progress at INFO level about every 10
 * %.
 *
 * <pre>{@code
 * EvaluationResult result = Evaluation.evaluate(classifier, split.test());
 * double macroF1 = result.report().macroF1();
 * List<Prediction> worst = result.misclassified();
 * }</pre>
 */
public final class Evaluation {

  /** Images per batch used by {@link #evaluate(Classifier, ImageDataset)}. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** Smallest data set whose progress is logged at INFO level. */
  public static final int PROGRESS_MIN_IMAGES = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  private Evaluation() {}

  /**
   * Evaluates with batches of {@value #DEFAULT_BATCH_SIZE} images.
   *
   * @param classifier the classifier; its labels must include every class of the data set
   * @param dataset the labelled images, at least one
   * @return predictions and metrics
   * @throws MlException on an empty data set, a class the classifier does not know, or an image
   *     that cannot be decoded
   */
  public static EvaluationResult evaluate(Classifier<PixelImage> classifier, ImageDataset dataset) {
    return evaluate(classifier, dataset, DEFAULT_BATCH_SIZE);
  }

  /**
   * Evaluates in batches of {@code batchSize} images.
   *
   * @param classifier the classifier; its labels must include every class of the data set (the
   *     report uses the classifier's label order)
   * @param dataset the labelled images, at least one
   * @param batchSize images decoded and classified together, at least 1
   * @return predictions and metrics
   * @throws MlException on an empty data set, a bad batch size, a class the classifier does not
   *     know, or an image that cannot be decoded
   */
  public static EvaluationResult evaluate(
      Classifier<PixelImage> classifier, ImageDataset dataset, int batchSize) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(dataset, "dataset");
    if (batchSize < 1) {
      throw new MlException("batch size must be >= 1, got " + batchSize);
    }
    int n = dataset.size();
    if (n == 0) {
      throw new MlException("cannot evaluate on the empty data set " + dataset.name());
    }
    List<String> labels = classifier.labels();
    int[] classToLabel = mapClasses(dataset.classes(), labels, dataset.name());
    long started = System.nanoTime();
    List<Prediction> predictions = new ArrayList<>(n);
    int nextLog = 1;
    for (int start = 0; start < n; start += batchSize) {
      List<LabeledImage> batch = dataset.images().subList(start, Math.min(n, start + batchSize));
      List<PixelImage> pixels = new ArrayList<>(batch.size());
      for (LabeledImage image : batch) {
        pixels.add(image.source().load());
      }
      float[][] probs = probabilities(classifier, pixels);
      for (int i = 0; i < batch.size(); i++) {
        LabeledImage image = batch.get(i);
        int truth = classToLabel[image.label()];
        int predicted = argmax(probs[i]);
        predictions.add(
            new Prediction(
                image.id(),
                truth,
                predicted,
                labels.get(truth),
                labels.get(predicted),
                probs[i][predicted],
                probs[i],
                image.source()));
      }
      int done = predictions.size();
      if (n >= PROGRESS_MIN_IMAGES && done * 10L >= (long) nextLog * n) {
        LOG.info("evaluated {}/{} images of {} ({}%)", done, n, dataset.name(), done * 100L / n);
        nextLog = (int) (done * 10L / n) + 1;
      }
    }
    ClassificationReport report = report(predictions, labels);
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.debug(
        "evaluated {} images of {} in {} s: accuracy {}",
        n,
        dataset.name(),
        seconds,
        report.accuracy());
    return new EvaluationResult(dataset.name(), labels, predictions, report, seconds);
  }

  private static int[] mapClasses(List<String> classes, List<String> labels, String dataset) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int[] out = new int[classes.size()];
    for (int c = 0; c < classes.size(); c++) {
      Integer k = index.get(classes.get(c));
      if (k == null) {
        throw new MlException(
            "data set "
                + dataset
                + " has class '"
                + classes.get(c)
                + "' which is not one of the classifier's labels "
                + labels);
      }
      out[c] = k;
    }
    return out;
  }

  private static float[][] probabilities(
      Classifier<PixelImage> classifier, List<PixelImage> pixels) {
    if (classifier instanceof ImageClassifier image) {
      return image.probabilities(pixels);
    }
    List<String> labels = classifier.labels();
    List<Classification> results = classifier.classifyAll(pixels);
    float[][] out = new float[results.size()][labels.size()];
    for (int i = 0; i < out.length; i++) {
      Map<String, Double> scores = results.get(i).scores();
      for (int k = 0; k < labels.size(); k++) {
        out[i][k] = scores.getOrDefault(labels.get(k), 0.0).floatValue();
      }
    }
    return out;
  }

  /** Index of the largest value (the first on ties). */
  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The metrics of a list of predictions; ROC-AUC is included when every label has at least one
   * positive and one negative example.
   */
  static ClassificationReport report(List<Prediction> predictions, List<String> labels) {
    List<String> truth = new ArrayList<>(predictions.size());
    List<String> predicted = new ArrayList<>(predictions.size());
    double[][] scores = new double[predictions.size()][];
    int[] support = new int[labels.size()];
    boolean finite = true;
    for (int i = 0; i < predictions.size(); i++) {
      Prediction p = predictions.get(i);
      truth.add(p.trueLabel());
      predicted.add(p.predictedLabel());
      float[] probs = p.probabilities();
      scores[i] = new double[probs.length];
      for (int k = 0; k < probs.length; k++) {
        scores[i][k] = probs[k];
        finite &= Float.isFinite(probs[k]);
      }
      support[p.trueIndex()]++;
    }
    // Binary AUC only needs the positive label to have positives and negatives; one-vs-rest needs
    // it for every label. Requiring it for every label covers both.
    boolean aucDefined = finite;
    for (int s : support) {
      aucDefined &= s > 0 && s < predictions.size();
    }
    return aucDefined
        ? ClassificationMetrics.evaluate(truth, predicted, labels, scores)
        : ClassificationMetrics.evaluate(truth, predicted, labels);
  }
}
