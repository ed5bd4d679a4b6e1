package dev.mle4j.vision.eval;

import dev.mle4j.core.metrics.ClassificationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Evaluation#evaluate}: one prediction per image, in data set order, and the
 * metrics computed from them.
 *
 * @param dataset the data set's name
 * @param labels the classifier's labels, the order of probabilities and of the report
 * @param predictions one per image, in data set order
 * @param report accuracy, per-class precision/recall/F1, macro and weighted F1, confusion matrix,
 *     and ROC-AUC when every label has at least one positive and one negative image
 * @param seconds wall time of the evaluation
 */
public record EvaluationResult(
    String dataset,
    List<String> labels,
    List<Prediction> predictions,
    ClassificationReport report,
    double seconds) {

  private static final Comparator<Prediction> MOST_CONFIDENT_FIRST =
      Comparator.comparingDouble(Prediction::confidence).reversed();

  /** Copies the lists. */
  public EvaluationResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(report, "report");
    labels = List.copyOf(labels);
    predictions = List.copyOf(predictions);
  }

  /**
   * The correctly classified images, most confident first.
   *
   * @return the predictions
   */
  public List<Prediction> correct() {
    return predictions.stream().filter(Prediction::correct).sorted(MOST_CONFIDENT_FIRST).toList();
  }

  /**
   * The misclassified images, most confident (worst) mistakes first.
   *
   * @return the predictions
   */
  public List<Prediction> misclassified() {
    return predictions.stream().filter(p -> !p.correct()).sorted(MOST_CONFIDENT_FIRST).toList();
  }

  /**
   * A mix for Grad-CAM grids: up to {@code n / 2} of the most confident mistakes, filled up to
   * {@code n} with the most confident correct predictions (and more mistakes when there are too few
   * correct ones).
   *
   * @param n the number wanted, at least 0
   * @return up to {@code n} predictions, mistakes first
   */
  public List<Prediction> sample(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    List<Prediction> wrong = misclassified();
    List<Prediction> right = correct();
    int takeWrong = Math.min(wrong.size(), Math.max(n / 2, n - right.size()));
    List<Prediction> out = new ArrayList<>(wrong.subList(0, takeWrong));
    out.addAll(right.subList(0, Math.min(right.size(), n - takeWrong)));
    return out;
  }
}
